"""Forms of Role Management and Organization Management."""
from zoneinfo import available_timezones

from wtforms import (BooleanField, EmailField, PasswordField, RadioField, SelectField, StringField,
                     SubmitField)
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError

from webapp.auth.forms import MIN_PASSWORD
from webapp.forms import AppForm, CheckboxListField, EmailAddress, PasswordWhenChosen
from webapp.models import DEFAULT_TIME_ZONE, PERMISSIONS
from webapp.validation import LICENSE_RE, normalise_license

US_ZONES = sorted(z for z in available_timezones()
                  if z.startswith("America/") or z.startswith("Pacific/Honolulu"))


class RoleForm(AppForm):
    """A role's name and the permissions it grants."""

    name = StringField("Role name", validators=[DataRequired(message="Give the role a name."),
                                                Length(max=80)])
    permissions = CheckboxListField("Permissions", choices=list(PERMISSIONS.items()))
    submit = SubmitField("Save role")


class StoreDetailsForm(AppForm):
    """What every form that creates or edits a store asks besides its name and license."""

    ocm_license = StringField(
        "OCM license number", filters=[normalise_license],
        validators=[Optional(), Regexp(LICENSE_RE, message=(
            "Use 4 to 40 letters, digits and dashes, e.g. OCM-RETL-24-000101."))],
        description="The license issued by the Office of Cannabis Management; it may differ "
                    "from the BioTrack license.")
    time_zone = SelectField("Time zone", choices=[(z, z) for z in US_ZONES],
                            default=DEFAULT_TIME_ZONE)
    default_intake = BooleanField(
        "Default intake location",
        description="Received transfers go to this store unless another is chosen. Only one "
                    "store is the default; choosing this one replaces the current default.")
    report_sales = BooleanField("Report sales from this location", default=True,
                                description="Sales made in this store are reported to BioTrack.")


class LocationForm(StoreDetailsForm):
    """A store and its licenses (Organization Management)."""

    name = StringField("Store name", validators=[DataRequired(message="Give the store a name."),
                                                 Length(max=120)])
    biotrack_license = StringField(
        "BioTrack license number", filters=[normalise_license],
        validators=[Optional(), Regexp(LICENSE_RE, message=(
            "Use 4 to 40 letters, digits and dashes, starting and ending with a letter or "
            "digit, e.g. NY-RET-000101."))],
        description="The BioTrack location license; it may differ from the OCM license number.")
    submit = SubmitField("Save store")

    def validate_ocm_license(self, field):
        """Catch the common mix-up of typing the same number in both fields."""
        if field.data and field.data == self.biotrack_license.data and \
                field.data.startswith("OCM-"):
            raise ValidationError("This looks like an OCM number; the BioTrack license differs.")


class UserForm(AppForm):
    """An app user: who they are, their roles and stores."""

    name = StringField("Full name", validators=[DataRequired(message="Enter the person's name."),
                                                Length(max=120)])
    email = EmailField("E-mail", validators=[DataRequired(message="Enter an e-mail address."),
                                             EmailAddress(),
                                             Length(max=254)])
    roles = CheckboxListField("Roles", coerce=int)
    locations = CheckboxListField("Stores", coerce=int)
    submit = SubmitField("Save user")


class NewUserForm(UserForm):
    """A new user: either an initial password now or an invitation link."""

    onboarding = RadioField("How will they sign in?", default="invite", choices=[
        ("invite", "Create an invitation link for them to choose a password"),
        ("password", "Set an initial password now")])
    password = PasswordField("Initial password", validators=[PasswordWhenChosen(
        "onboarding", "password", MIN_PASSWORD,
        "Enter an initial password, or choose the invitation link.")])
    submit = SubmitField("Create user")


class ConfirmForm(AppForm):
    """A bare form carrying the CSRF token for a confirmed action."""
