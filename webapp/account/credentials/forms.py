"""Forms of Manage Account > My BioTrack credentials."""
from wtforms import EmailField, PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from webapp.forms import AppForm, EmailAddress
from webapp.models.credentials import PROVIDERS
from webapp.validation import UBI_RE, positive_int


def _strip(value):
    """Trim typed text."""
    return value.strip() if isinstance(value, str) else value


class StoreCredentialForm(AppForm):
    """Which license, the company's UBI and the BioTrack username."""

    location = SelectField("License", coerce=int, validate_choice=False,
                           description="Only the licenses of your own stores.")
    ubi = StringField("UBI", filters=[_strip], validators=[
        Optional(), Regexp(UBI_RE, message="The UBI is 9 digits, like 600123456.")],
        description="Your company's 9-digit BioTrack UBI. Leave it empty for a store that is "
                    "already connected to BioTrack: its UBI is filled in for you.")
    username = EmailField("Username", filters=[_strip], validators=[
        DataRequired(message="Enter your BioTrack username (your e-mail address)."),
        EmailAddress(), Length(max=254)],
        description="Your own BioTrack username: the e-mail address of your BioTrack account.")


class AddCredentialForm(StoreCredentialForm):
    """A new credential: provider, license, UBI, username and password."""

    provider = SelectField("Traceability Provider", choices=list(PROVIDERS.items()))
    password = PasswordField("Password", validators=[
        DataRequired(message="Enter your BioTrack password.")])
    submit = SubmitField("Save Credential")


class UpdatePasswordForm(AppForm):
    """A new password for an existing credential."""

    password = PasswordField("New BioTrack password", validators=[
        DataRequired(message="Enter your current BioTrack password.")],
        description="The password you now sign in to BioTrack with.")
    submit = SubmitField("Update Password")


class ForgotPasswordForm(StoreCredentialForm):
    """Ask BioTrack for a password e-mail."""

    submit = SubmitField("Request a Password Reset Email")


class ActionForm(AppForm):
    """A bare form carrying the CSRF token of a button."""


def store_choices(form, stores) -> None:
    """Offer the licenses of the user's own stores."""
    form.location.choices = [(loc.id, f"{loc.biotrack_license} ({loc.name})") for loc in stores]


def preselected(stores, args):
    """The store named by ?license= or ?location= (an invitation's link) if it is the user's,
    else the user's only store; None when there is a choice to make."""
    license_ = (args.get("license") or "").strip().upper()
    location_id = args.get("location", type=positive_int)
    named = next((loc for loc in stores
                  if loc.biotrack_license == license_ or loc.id == location_id), None)
    return named or (stores[0] if len(stores) == 1 else None)
