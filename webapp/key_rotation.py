"""Re-encrypting every stored secret with the first key of CREDENTIALS_KEYS.

Rotation: put a new key first in CREDENTIALS_KEYS (keep the old ones after it), run
`flask --app wsgi rotate-keys`, then remove the old keys. Secret columns are found from the
models (every EncryptedText column), read raw in primary-key order, in batches, and each
batch is committed on its own: an interrupted run is resumed by running it again (values
already under the first key are skipped).
"""
from dataclasses import dataclass, field

from cryptography.fernet import Fernet, InvalidToken
from flask import current_app
from sqlalchemy import Text, literal, select, type_coerce, update

from webapp.extensions import db
from webapp.models import Base
from webapp.security import EncryptedText, SecretUnreadable, rotate

BATCH = 500


@dataclass
class Counts:
    """What a run did to one table's secrets."""

    rotated: int = 0
    current: int = 0
    unreadable: list = field(default_factory=list)  # primary keys no configured key opens


def secret_columns() -> dict:
    """{table: [column, ...]} for every encrypted column of the schema."""
    found = {}
    for table in Base.metadata.sorted_tables:
        columns = [c for c in table.columns if isinstance(c.type, EncryptedText)]
        if columns:
            found[table] = columns
    return found


def _first_key() -> Fernet:
    """The key new secrets are encrypted with."""
    keys = current_app.config["CREDENTIALS_KEYS"]
    keys = keys.split(",") if isinstance(keys, str) else keys
    return Fernet(next(k.strip() for k in keys if k.strip()))


def _under(key: Fernet, token: str) -> bool:
    """Whether the token opens with this key."""
    try:
        key.decrypt(token.encode())
        return True
    except InvalidToken:
        return False


def rotate_table(table, columns, batch: int = BATCH) -> Counts:
    """Re-encrypt one table's secrets, batch after batch (keyset on its primary key)."""
    counts, first, last = Counts(), _first_key(), None
    pk = table.primary_key.columns.values()[0]
    # Read the raw ciphertext: the table's columns, not the models' decrypting type.
    raw = [pk, *(type_coerce(c, Text).label(c.name) for c in columns)]
    while True:
        query = select(*raw).order_by(pk).limit(batch)
        if last is not None:
            query = query.where(pk > last)
        rows = db.session.execute(query).all()
        if not rows:
            return counts
        for row in rows:
            changes = _rotated(row, columns, first, counts)
            if changes:
                db.session.execute(update(table).where(pk == row[0]).values(
                    {name: literal(token, Text) for name, token in changes.items()}))
        db.session.commit()
        last = rows[-1][0]


def _rotated(row, columns, first, counts) -> dict:
    """The row's re-encrypted values (only those not already under the first key)."""
    changes = {}
    for column, token in zip(columns, row[1:]):
        if token is None:
            continue
        if _under(first, token):
            counts.current += 1
            continue
        try:
            changes[column.name] = rotate(token)
        except InvalidToken:
            counts.unreadable.append(row[0])
            continue
        counts.rotated += 1
    return changes


def rotate_all(batch: int = BATCH) -> dict[str, Counts]:
    """Every table's counts, after re-encrypting what is not under the first key."""
    return {table.name: rotate_table(table, columns, batch)
            for table, columns in secret_columns().items()}


__all__ = ["Counts", "SecretUnreadable", "rotate_all", "rotate_table", "secret_columns"]
