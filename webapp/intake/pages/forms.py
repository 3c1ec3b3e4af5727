"""The simple pages where an employee records an action by hand."""
import uuid

from wtforms import (DecimalField, FieldList, Form, FormField, HiddenField, RadioField,
                     SelectField, StringField, TextAreaField)
from wtforms.validators import DataRequired, Length, Optional

from webapp.action_kinds import choices
from webapp.forms import AppForm

MAX_ROWS = 200
REASON_LABELS = {"audit": "Audit", "theft": "Theft", "seizure": "Seizure",
                 "correction": "Correction", "moisture_loss": "Moisture loss",
                 "depletion": "Depletion"}


class ItemRow(Form):
    """One line: barcode, quantity and (for sales and refunds) price."""

    barcode = StringField("Barcode", validators=[Optional(), Length(max=16)])
    quantity = DecimalField("Quantity", places=None, validators=[Optional()])
    price = DecimalField("Price", places=2, validators=[Optional()])


class ActionForm(AppForm):
    """What every kind has: a one-time id so a double submit records once."""

    external_id = HiddenField(default=lambda: f"WEB-{uuid.uuid4().hex[:16].upper()}")


class LinesForm(ActionForm):
    """A kind with item lines, added one barcode at a time."""

    scan = StringField("Scan or type a barcode", validators=[Optional()],
                       description="Enter adds it; the same barcode again adds one more.")
    items = FieldList(FormField(ItemRow), min_entries=0, max_entries=MAX_ROWS)

    def items_data(self, with_price=True) -> list[dict]:
        """The filled item rows, as the API would receive them."""
        rows = []
        for row in self.items:
            values = row.data
            if not (values["barcode"] or values["quantity"] is not None):
                continue
            item = {"barcode": (values["barcode"] or "").strip(), "quantity": values["quantity"]}
            if with_price:
                item["price"] = values["price"]
            rows.append(item)
        return rows


class SaleForm(LinesForm):
    """A sale."""

    customer_type = SelectField("Customer type", choices=[
        (k, k.capitalize()) for k in choices("sale", "customer_type")])

    def action_data(self):
        """The data of the action."""
        return {"customer_type": self.customer_type.data, "items": self.items_data()}


class RefundForm(LinesForm):
    """A refund of an earlier sale of this store, found by its id, its date or a barcode."""

    sale_search = StringField("Find the sale", validators=[Optional(), Length(max=80)],
                              description="Its point-of-sale id, its date (YYYY-MM-DD) or a "
                                          "barcode on it.")
    sale_external_id = RadioField("Sale being refunded", validate_choice=False, validators=[
        DataRequired(message="Find and choose the sale being refunded.")])

    def action_data(self):
        """The data of the action."""
        return {"sale_external_id": self.sale_external_id.data, "items": self.items_data()}


class AdjustmentForm(ActionForm):
    """A change of one item's quantity."""

    barcode = StringField("Barcode", validators=[DataRequired(message="Enter the barcode.")])
    quantity = DecimalField("Quantity change", validators=[
        DataRequired(message="Enter the change, negative to remove stock.")],
        description="Negative removes stock (theft, seizure, moisture loss and depletion "
                    "always remove).")
    reason = SelectField("Reason", choices=[
        (k, k.replace("_", " ").capitalize())
        for k in choices("adjustment", "reason")])
    note = TextAreaField("Note", validators=[Length(max=500)])

    def action_data(self):
        """The data of the action."""
        return {"barcode": self.barcode.data, "quantity": self.quantity.data,
                "reason": self.reason.data, "note": self.note.data or ""}


class ReceivingForm(LinesForm):
    """Items received on a manifest."""

    manifest_id = StringField("Manifest", validators=[
        DataRequired(message="Enter the manifest id, e.g. M-000101.")])

    def action_data(self):
        """The data of the action."""
        return {"manifest_id": self.manifest_id.data, "items": self.items_data(False)}


class InvoicePaymentForm(ActionForm):
    """A payment against an invoice."""

    invoice_id = StringField("Invoice", validators=[
        DataRequired(message="Enter the invoice id, e.g. INV-000101-01.")])
    amount = DecimalField("Amount", places=2, validators=[
        DataRequired(message="Enter the amount paid.")])

    def action_data(self):
        """The data of the action."""
        return {"invoice_id": self.invoice_id.data, "amount": self.amount.data}


FORMS = {"sale": SaleForm, "refund": RefundForm, "adjustment": AdjustmentForm,
         "receiving": ReceivingForm, "invoice_payment": InvoicePaymentForm}


def show_field_errors(form, fields: dict) -> None:
    """Put the intake's field paths (data.items[0].price) on the page's fields."""
    for path, message in fields.items():
        name = path.removeprefix("data.")
        if name.startswith("items[") and hasattr(form, "items"):
            index, _, sub = name[len("items["):].partition("].")
            row = form.items[int(index)] if index.isdigit() else None
            target = getattr(row.form, sub, None) if row is not None else None
        else:
            target = getattr(form, name.split("[")[0], None)
        if target is not None and name != "items":
            target.errors = list(target.errors) + [message]
        else:
            form.form_errors.append(message)
