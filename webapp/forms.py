"""Form building blocks shared by features."""
import re

from email_validator import EmailNotValidError, validate_email
from flask_wtf import FlaskForm
from wtforms import FieldList, FormField, SelectMultipleField, TextAreaField, ValidationError, \
    widgets
from wtforms.validators import StopValidation

# C0 and C1 control characters (NUL included: PostgreSQL cannot store it in text).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# Multi-line fields keep their tabs and line breaks.
CONTROL_CHARACTERS_IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
CONTROL_CHARACTER_MESSAGE = ("Remove the invisible control character (such as NUL, a tab or a "
                             "line break) from this field.")


def _leaf_fields(fields):
    """Every field, with the rows of field lists and sub-forms opened up."""
    for field in fields:
        if isinstance(field, FieldList):
            yield from _leaf_fields(field.entries)
        elif isinstance(field, FormField):
            yield from _leaf_fields(field.form)
        else:
            yield field


def _has_control_characters(field) -> bool:
    """Whether any submitted value of the field holds a control character."""
    pattern = CONTROL_CHARACTERS_IN_TEXT if isinstance(field, TextAreaField) \
        else CONTROL_CHARACTERS
    return any(isinstance(value, str) and pattern.search(value)
               for value in (field.raw_data or ()))


class AppForm(FlaskForm):
    """The base of every form: control characters are refused before any other check.

    Checked first and alone, so no validator or service ever sees such a value (a
    uniqueness check would send it to the database, where PostgreSQL refuses NUL).
    """

    def validate(self, extra_validators=None) -> bool:
        """Refuse control characters with a message on each field, then validate as usual."""
        refused = [field for field in _leaf_fields(self) if _has_control_characters(field)]
        for field in refused:
            field.errors = [CONTROL_CHARACTER_MESSAGE]
        if refused:
            return False
        return super().validate(extra_validators)


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


class PasswordWhenChosen:
    """A password a radio choice asks for: then required and long enough; otherwise ignored.

    (Optional() would end the checks on an empty field before any "required when" rule ran.)
    """

    def __init__(self, choice_field: str, choice: str, min_length: int, missing: str):
        self.choice_field, self.choice = choice_field, choice
        self.min_length, self.missing = min_length, missing

    def __call__(self, form, field):
        """Stop quietly when not chosen; else refuse an empty or short password."""
        if form[self.choice_field].data != self.choice:
            raise StopValidation()
        if not field.data:
            raise StopValidation(self.missing)
        if len(field.data) < self.min_length:
            raise StopValidation(f"Use at least {self.min_length} characters.")
