"""The five kinds of action: what each carries, its bounds, and the BioTrack call reporting it.

`call` names the BioTrack client's report call; `to_report` gives that call's payload (the
client alone turns it into BioTrack's JSON).
"""
from typing import ClassVar, Literal

from pydantic import ConfigDict, Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from webapp.biotrack import ADJUSTMENT_TYPES, CUSTOMER_TYPES

from .fields import BARCODE, IDENT, KindData, decimal, note_text, text

Barcode = text(BARCODE, "A barcode has 16 digits.", max_length=16)
Ident = text(IDENT, "Use letters, digits and . _ : / - (at most 80).")
Quantity = decimal(places=4)
Price = decimal(places=2, sign="non_negative")
Note = note_text()
MAX_ITEMS = 200
# BioTrack refuses these as increases: stock only leaves by theft, seizure, drying or use.
DECREASE_ONLY = ("theft", "seizure", "moisture_loss", "depletion")
SignedQuantity = decimal(places=4, sign="nonzero", description=(
    "Signed change; negative for " + ", ".join(DECREASE_ONLY) + "."))
Amount = decimal(places=2)
ITEM = {"barcode": "6001234560000001", "quantity": 2, "price": 20.5}


class Item(KindData):
    """One line received: a barcode and its quantity."""

    barcode: Barcode
    quantity: Quantity

    def to_report(self) -> dict:
        return {"barcode": self.barcode, "quantity": self.quantity}


class PricedItem(Item):
    """One line sold or returned, with its price."""

    price: Price

    def to_report(self) -> dict:
        return super().to_report() | {"price": self.price}


Items = Field(min_length=1, max_length=MAX_ITEMS)


class Sale(KindData):
    """Items sold to a recreational or medical customer."""

    kind: ClassVar[str] = "sale"
    label: ClassVar[str] = "Sale"
    call: ClassVar[str] = "sale"
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"customer_type": "recreational", "items": [ITEM]}]})

    customer_type: Literal[tuple(CUSTOMER_TYPES)] = "recreational"
    items: list[PricedItem] = Items

    def to_report(self, sale_biotrack_id=None) -> dict:
        return {"customer_type": self.customer_type,
                "items": [item.to_report() for item in self.items]}


class Refund(KindData):
    """Items returned from an earlier sale of the same store (named by its external_id)."""

    kind: ClassVar[str] = "refund"
    label: ClassVar[str] = "Refund"
    call: ClassVar[str] = "refund"
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"sale_external_id": "S-1001", "items": [dict(ITEM, quantity=1)]}]})

    sale_external_id: Ident
    items: list[PricedItem] = Items

    def to_report(self, sale_biotrack_id=None) -> dict:
        return {"sale_biotrack_id": sale_biotrack_id,
                "items": [item.to_report() for item in self.items]}


class Adjustment(KindData):
    """A signed change of one item's quantity, with BioTrack's reason type and a note."""

    kind: ClassVar[str] = "adjustment"
    label: ClassVar[str] = "Inventory adjustment"
    call: ClassVar[str] = "adjustment"
    model_config = ConfigDict(json_schema_extra={
        "examples": [{"barcode": "6001234560000002", "reason": "theft", "quantity": -1,
                      "note": "Broken display case"}],
        # The sign rule below, stated for clients and generated tests alike.
        "if": {"properties": {"reason": {"enum": list(DECREASE_ONLY)}}, "required": ["reason"]},
        "then": {"properties": {"quantity": {"exclusiveMaximum": 0}}}})

    barcode: Barcode
    reason: Literal[tuple(ADJUSTMENT_TYPES)]
    quantity: SignedQuantity
    note: Note = ""

    @field_validator("quantity")
    @classmethod
    def _decrease_only(cls, quantity, info: ValidationInfo):
        reason = info.data.get("reason")
        if reason in DECREASE_ONLY and quantity > 0:
            raise PydanticCustomError("invalid", "A {what} removes stock: use a negative "
                                                 "quantity.", {"what": reason.replace("_", " ")})
        return quantity

    def to_report(self, sale_biotrack_id=None) -> dict:
        return {"barcode": self.barcode, "quantity": self.quantity,
                "adjustment_type": self.reason,
                "reason": self.note or self.reason.replace("_", " ")}


class Receiving(KindData):
    """Items received on a manifest."""

    kind: ClassVar[str] = "receiving"
    label: ClassVar[str] = "Inventory receiving"
    call: ClassVar[str] = "receiving"
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"manifest_id": "M-000101", "items": [{"barcode": "7001003010000001", "quantity": 120}]}]})

    manifest_id: Ident
    items: list[Item] = Items

    def to_report(self, sale_biotrack_id=None) -> dict:
        return {"manifest_id": self.manifest_id,
                "items": [item.to_report() for item in self.items]}


class InvoicePayment(KindData):
    """A payment against an invoice."""

    kind: ClassVar[str] = "invoice_payment"
    label: ClassVar[str] = "Invoice payment"
    call: ClassVar[str] = "invoice_payment"
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"invoice_id": "INV-000101-01", "amount": 100.25}]})

    invoice_id: Ident
    amount: Amount

    def to_report(self, sale_biotrack_id=None) -> dict:
        return {"invoice_id": self.invoice_id, "amount": self.amount}


DEFINITIONS = (Sale, Refund, Adjustment, Receiving, InvoicePayment)
