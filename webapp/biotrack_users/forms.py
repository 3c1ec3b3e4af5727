"""Forms of the BioTrack Users module."""
from wtforms import BooleanField, EmailField, PasswordField, RadioField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from webapp.forms import AppForm, CheckboxListField, EmailAddress

PASSWORD_CHOICES = [("password", "Set an initial password now"),
                    ("email", "Send a password e-mail so they choose their own")]


class BioTrackUserForm(AppForm):
    """What an admin can change about a BioTrack user."""

    first_name = StringField("First name", validators=[
        DataRequired(message="Enter the first name."), Length(max=100)])
    last_name = StringField("Last name", validators=[
        DataRequired(message="Enter the last name."), Length(max=100)])
    is_admin = BooleanField("BioTrack admin", description=(
        "Admins can manage BioTrack users and grant integrator access."))
    licenses = CheckboxListField("Licenses", description="The licenses this user may act for.")
    submit = SubmitField("Save changes")

    def validate_licenses(self, field):
        """A BioTrack user acts for at least one license."""
        if not field.data:
            raise ValidationError("Choose at least one license.")


class NewBioTrackUserForm(BioTrackUserForm):
    """A new BioTrack user: username and how they get a password."""

    username = EmailField("Username (e-mail)", validators=[
        DataRequired(message="Enter the employee's e-mail address."), EmailAddress(),
        Length(max=254)], description="BioTrack usernames are e-mail addresses.")
    onboarding = RadioField("How will they get a password?", choices=PASSWORD_CHOICES,
                            default="password")
    password = PasswordField("Initial password", validators=[Optional()], description=(
        "BioTrack asks for at least 8 characters. Give it to them in person."))
    submit = SubmitField("Create BioTrack user")

    def validate_password(self, field):
        """A password is needed when that option is chosen."""
        if self.onboarding.data == "password" and not field.data:
            raise ValidationError("Enter an initial password, or choose the password e-mail.")


class ActionForm(AppForm):
    """A bare form carrying the CSRF token of a button."""
