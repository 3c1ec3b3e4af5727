"""The form of the Config Page's Notifications tab."""
from wtforms import EmailField, SubmitField
from wtforms.validators import DataRequired, Length

from webapp.forms import AppForm, EmailAddress


class RecipientForm(AppForm):
    """An extra address that gets the store's warnings."""

    email = EmailField("E-mail address", validators=[
        DataRequired(message="Enter an e-mail address."), EmailAddress(), Length(max=254)],
        description="Someone without a TraceBridge account, or a shared mailbox such as "
                    "compliance@yourstore.com.")
    submit = SubmitField("Add address")
