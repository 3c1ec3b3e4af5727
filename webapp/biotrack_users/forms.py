"""Forms of the BioTrack Users module."""
from wtforms import (BooleanField, EmailField, PasswordField, RadioField, SelectField,
                     StringField, SubmitField)
from wtforms.validators import DataRequired, Length, ValidationError

from webapp.forms import AppForm, CheckboxListField, EmailAddress, PasswordWhenChosen

BIOTRACK_MIN_PASSWORD = 8  # BioTrack's own rule, checked here before asking it

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
    password = PasswordField("Initial password", validators=[PasswordWhenChosen(
        "onboarding", "password", BIOTRACK_MIN_PASSWORD,
        "Enter an initial password, or choose the password e-mail.")], description=(
        f"BioTrack asks for at least {BIOTRACK_MIN_PASSWORD} characters. Give it to them in "
        "person."))
    submit = SubmitField("Create BioTrack user")

    def chosen_password(self) -> str | None:
        """The initial password, only when that option is chosen (BioTrack takes one or the
        password e-mail, never both)."""
        return self.password.data if self.onboarding.data == "password" else None


class ActionForm(AppForm):
    """A bare form carrying the CSRF token of a button."""


class OwnerForm(AppForm):
    """Assign a BioTrack user to the employee it belongs to."""

    user_id = SelectField("Belongs to", coerce=int, validate_choice=False, validators=[
        DataRequired(message="Choose the employee this BioTrack user belongs to.")])
    submit = SubmitField("Assign")
