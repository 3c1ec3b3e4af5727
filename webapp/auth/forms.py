"""Sign-in and password forms."""
from wtforms import EmailField, PasswordField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length

from webapp.forms import AppForm, EmailAddress

MIN_PASSWORD = 10


class LoginForm(AppForm):
    """E-mail and password."""

    email = EmailField("E-mail", validators=[DataRequired(message="Enter your e-mail address."),
                                             EmailAddress()])
    password = PasswordField("Password", validators=[DataRequired(message="Enter your password.")])
    submit = SubmitField("Sign in")


class NewPasswordForm(AppForm):
    """A new password, typed twice."""

    password = PasswordField("New password", validators=[
        DataRequired(message="Choose a password."),
        Length(min=MIN_PASSWORD, message=f"Use at least {MIN_PASSWORD} characters.")])
    confirm = PasswordField("Repeat new password", validators=[
        DataRequired(message="Repeat the password."),
        EqualTo("password", message="The two passwords differ.")])
    submit = SubmitField("Save password")


class ChangePasswordForm(NewPasswordForm):
    """The current password, then a new one."""

    current = PasswordField("Current password",
                            validators=[DataRequired(message="Enter your current password.")])
    submit = SubmitField("Change password")
