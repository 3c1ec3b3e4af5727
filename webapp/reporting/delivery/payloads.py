"""Our stored action data, in the shapes the BioTrack client takes."""


def payload_of(kind: str, data: dict, sale_biotrack_id: str | None = None) -> dict:
    """The client payload of an action (a refund needs its sale's BioTrack id)."""
    if kind == "sale":
        return {"customer_type": data["customer_type"], "items": data["items"]}
    if kind == "refund":
        return {"sale_biotrack_id": sale_biotrack_id, "items": data["items"]}
    if kind == "adjustment":
        return {"barcode": data["barcode"], "quantity": data["quantity"],
                "adjustment_type": data["reason"],
                "reason": data.get("note") or data["reason"].replace("_", " ")}
    if kind == "receiving":
        return {"manifest_id": data["manifest_id"], "items": data["items"]}
    return {"invoice_id": data["invoice_id"], "amount": data["amount"]}
