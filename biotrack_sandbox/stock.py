"""Inventory adjustments (BioTrack's six types) and receiving of manifests."""
from decimal import Decimal

from . import clock, inventory
from .errors import conflict, not_found
from .validate import Reader

ADJUSTMENT_TYPES = {1: "audit", 2: "theft", 3: "seizure", 4: "correction", 5: "moisture loss", 6: "depletion"}
# These can only take inventory away; audits and corrections go either way.
REMOVING_TYPES = {2, 3, 5, 6}


def adjust(conn, body: Reader, license_: str):
    """Change the quantity of one item by a signed Quantity, for one of the six reasons."""
    body.only({"LocationLicense", "Barcode", "Quantity", "Type", "Reason", "Datetime", "RequestID", "ExternalID"})
    barcode = body.barcode("Barcode")
    quantity = body.number("Quantity", places=4)
    kind = body.choice("Type", ADJUSTMENT_TYPES)
    body.string("Reason", max_length=500)
    if quantity is not None and quantity == 0:
        body.fail("Quantity", "must not be zero (negative removes, positive adds).")
    elif quantity is not None and kind in REMOVING_TYPES and quantity > 0:
        body.fail("Quantity", f"a {ADJUSTMENT_TYPES[kind]} adjustment can only remove inventory: send a negative Quantity.")
    row = barcode and inventory.item_of(conn, body, license_, barcode)
    if row and quantity is not None and Decimal(row["quantity"]) + quantity < 0:
        body.fail("Quantity", f"only {row['quantity']} of barcode {barcode} are on hand.")
    body.check()
    on_hand = inventory.add(conn, barcode, quantity)
    return {"Barcode": barcode, "QuantityOnHand": float(on_hand)}, None


def receive(conn, body: Reader, license_: str, manifest_id: str):
    """Receive a manifest addressed to this license; it closes once received."""
    manifest = conn.execute("SELECT * FROM manifests WHERE manifest_id = ?", (manifest_id,)).fetchone()
    if manifest is None or manifest["license"] != license_:
        raise not_found("manifest_not_found", f"No manifest {manifest_id} is addressed to license {license_}.")
    if manifest["status"] != "open":
        raise conflict("manifest_closed", f"Manifest {manifest_id} was already received on {clock.rfc3339(manifest['received_at'])}.")
    body.only({"LocationLicense", "Datetime", "RequestID", "ExternalID", "Items"})
    shipped = {r["barcode"]: r for r in conn.execute("SELECT * FROM manifest_items WHERE manifest_id = ?", (manifest_id,))}
    received: dict[str, Decimal] = {}
    for item, barcode, quantity in inventory.lines(body, price=False):
        if barcode not in shipped:
            item.fail("Barcode", f"barcode {barcode} is not on manifest {manifest_id}.")
            continue
        received[barcode] = received.get(barcode, Decimal(0)) + quantity
        if received[barcode] > Decimal(shipped[barcode]["quantity"]):
            item.fail("Quantity", f"only {shipped[barcode]['quantity']} of barcode {barcode} were shipped.")
    body.check()
    for barcode, quantity in received.items():
        conn.execute(
            "INSERT INTO inventory (barcode, license, product, quantity) VALUES (?, ?, ?, '0') ON CONFLICT (barcode) DO NOTHING",
            (barcode, license_, shipped[barcode]["product"]),
        )
        inventory.add(conn, barcode, quantity)
    conn.execute("UPDATE manifests SET status = 'received', received_at = ? WHERE manifest_id = ?", (clock.now(), manifest_id))
    return {"ManifestID": manifest_id, "Received": {b: float(q) for b, q in received.items()}}, None
