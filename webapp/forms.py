"""Form building blocks shared by features."""
from email_validator import EmailNotValidError, validate_email
from wtforms import SelectMultipleField, ValidationError, widgets


class CheckboxListField(SelectMultipleField):
    """Several choices shown as a list of labelled checkboxes."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()

    def pre_validate(self, form):
        """Refuse values that are not offered (the base class does, but with a vague text)."""
        offered = {str(value) for value, *_ in self.iter_choices()}
        for value in self.data or []:
            if str(value) not in offered:
                raise ValidationError("Choose only from the listed options.")


class EmailAddress:
    """A syntactically valid e-mail address; no DNS lookup (the network may be closed).

    Reserved test domains (demo.test) are accepted: demo and staging data use them.
    """

    def __init__(self, message="Enter a valid e-mail address, like name@example.com."):
        self.message = message

    def __call__(self, form, field):
        """Normalise the address or refuse it."""
        if not field.data:
            return
        try:
            result = validate_email(field.data.strip(), check_deliverability=False,
                                    test_environment=True)
        except EmailNotValidError:
            raise ValidationError(self.message) from None
        field.data = result.normalized
