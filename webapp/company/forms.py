"""Forms of the BioTrack settings page and the Companies page."""
from wtforms import PasswordField, RadioField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from webapp.admin.forms import StoreDetailsForm
from webapp.forms import AppForm, EmailAddress
from webapp.models.company import PER_LICENSE, PER_VENDOR
from webapp.validation import LICENSE_RE, UBI_RE, normalise_license

VENDOR_MODE_LABELS = {
    PER_LICENSE: "Create one company per BioTrack license in the state",
    PER_VENDOR: "Create one company per BioTrack vendor in the state and attach potentially "
                "multiple licenses per company",
}
VENDOR_MODE_HINTS = {
    PER_LICENSE: "Recommended if another integration needs one trading partner per license "
                 "(as LeafLink does).",
    PER_VENDOR: "One company per business (UBI), listing all of its active licenses.",
}


def _ubi_filter(value):
    """Trim, and drop the spaces and dashes people type inside a UBI."""
    return (value or "").strip().replace(" ", "").replace("-", "")


class UbiForm(AppForm):
    """Step 1: the company's BioTrack UBI."""

    ubi = StringField("BioTrack UBI", filters=[_ubi_filter], validators=[
        DataRequired(message="Enter your company's BioTrack UBI."),
        Regexp(UBI_RE, message="The UBI is the 9-digit Universal Business Identifier BioTrack "
                               "issued to your company, digits only, e.g. 600123456.")],
        description="The Universal Business Identifier BioTrack issued to your company. Ask "
                    "your compliance officer if you do not have it.")


class VendorModeForm(AppForm):
    """Step 1a: how BioTrack vendors become companies."""

    mode = RadioField("How should companies be created from BioTrack vendors?",
                      choices=list(VENDOR_MODE_LABELS.items()),
                      validators=[DataRequired(message="Choose how companies are created.")])


class CredentialForm(AppForm):
    """Step 2: Add Company BioTrack API Credentials."""

    description = StringField("Description", validators=[
        DataRequired(message="Describe these credentials, e.g. “Back office”."),
        Length(max=120)], description="A name for these credentials, for your own reference.")
    username = StringField("BioTrack Username", validators=[
        DataRequired(message="Enter the BioTrack username (an e-mail address)."),
        EmailAddress(message="The BioTrack username is an e-mail address."), Length(max=254)],
        description="The e-mail address the BioTrack account signs in with.")
    password = PasswordField("BioTrack Password", validators=[
        DataRequired(message="Enter the BioTrack password.")])
    sign_in_license = StringField(
        "BioTrack license to sign in with", filters=[normalise_license],
        validators=[Optional(), Regexp(LICENSE_RE, message=(
            "Use letters, digits and dashes, e.g. NY-RET-000101."))],
        description="BioTrack signs in per license. Leave empty to use the first of your "
                    "stores' BioTrack licenses this account can access.")


class CredentialUpdateForm(CredentialForm):
    """Update: the password may stay as it is."""

    password = PasswordField("BioTrack Password", validators=[Optional()],
                             description="Leave empty to keep the current password.")


class LicenseSyncForm(StoreDetailsForm):
    """Step 3: the store to create for a BioTrack license."""

    license = SelectField("BioTrack License Number", validate_choice=False, validators=[
        DataRequired(message="Pick a BioTrack license.")])
    name = StringField("Name", validators=[DataRequired(message="Give the location a name."),
                                           Length(max=120)],
                       description="How the location is called in TraceBridge.")


class CompanyForm(AppForm):
    """Rename a company."""

    name = StringField("Company name", validators=[
        DataRequired(message="Give the company a name."), Length(max=200)])
