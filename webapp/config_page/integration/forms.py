"""The Register User Credentials form."""
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length, Regexp

from webapp.forms import AppForm, EmailAddress
from webapp.validation import LICENSE_RE, UBI_RE, normalise_license


class RegisterCredentialsForm(AppForm):
    """UBI, License, Username and Password of the license's BioTrack admin."""

    ubi = StringField("UBI", filters=[lambda v: (v or "").strip()], validators=[
        DataRequired(message="Enter your organization's BioTrack UBI."),
        Regexp(UBI_RE, message="The UBI is the 9-digit Universal Business Identifier, "
                               "digits only, e.g. 600123456.")],
        description="The BioTrack Universal Business Identifier of your organization.")
    license = StringField("License", filters=[normalise_license], validators=[
        DataRequired(message="Enter this store's BioTrack license."),
        Regexp(LICENSE_RE, message="Use letters, digits and dashes, e.g. NY-RET-000101.")],
        description="The BioTrack location license of this store; it may differ from the "
                    "OCM license number.")
    username = StringField("Username", validators=[
        DataRequired(message="Enter the e-mail address of your BioTrack admin account."),
        EmailAddress(message="The username is the e-mail address of your BioTrack admin account."),
        Length(max=254)],
        description="The e-mail address of your BioTrack admin account.")
    password = PasswordField("Password", validators=[
        DataRequired(message="Enter the password of your BioTrack admin account.")],
        description="The password of your BioTrack admin account.")
