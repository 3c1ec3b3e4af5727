"""Fill an empty sandbox with the demo state, and reset it on request."""
import hashlib

from flask import g

from . import db
from . import seed_data as data
from .accounts import insert_user

# Children first, so foreign keys hold while deleting.
TABLES = [
    "access_tokens", "grants", "auth_codes", "sessions", "password_resets", "outbox", "ledger",
    "faults", "invoices", "manifest_items", "manifests", "inventory", "user_licenses", "users",
    "licenses", "companies", "redirect_uris", "clients",
]


def register_client(conn, client_id, secret, company, application, redirect_uris) -> None:
    """Register (or update) an integrator client and add its redirect URIs."""
    conn.execute(
        "INSERT INTO clients (client_id, secret_hash, company, application) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (client_id) DO UPDATE SET secret_hash = excluded.secret_hash, "
        "company = excluded.company, application = excluded.application",
        (client_id, hashlib.sha256(secret.encode()).hexdigest(), company, application),
    )
    conn.executemany(
        "INSERT OR IGNORE INTO redirect_uris (client_id, uri) VALUES (?, ?)",
        [(client_id, uri) for uri in redirect_uris],
    )


def register_configured_client(conn, config) -> None:
    """Register our integrator as the environment describes it."""
    register_client(
        conn, config["BIOTRACK_CLIENT_ID"], config["BIOTRACK_CLIENT_SECRET"],
        config["SANDBOX_CLIENT_COMPANY"], config["SANDBOX_CLIENT_APPLICATION"], config["SANDBOX_REDIRECT_URIS"],
    )


def _add_license(conn, ubi, license_, name, status, address, kinds="retail", deleted=False) -> None:
    """Add a license; kinds is a comma-separated set of producer/processor/retail."""
    flags = [int(k in kinds.split(",")) for k in ("producer", "processor", "retail")]
    conn.execute(
        "INSERT INTO licenses (license, ubi, name, type, status, deleted, address, producer, processor, retail) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (license_, ubi, name, kinds.split(",")[0], status, int(deleted), address, *flags),
    )


def _seed_companies(conn) -> None:
    """The demo company, another retailer and the state's vendors, with licenses."""
    conn.execute("INSERT INTO companies (ubi, name) VALUES (?, ?)", (data.DEMO_UBI, data.DEMO_COMPANY))
    for license_, name, status, address in data.DEMO_LICENSES:
        _add_license(conn, data.DEMO_UBI, license_, name, status, address)
    ubi, company, license_, name, address = data.OTHER_RETAILER
    conn.execute("INSERT INTO companies (ubi, name) VALUES (?, ?)", (ubi, company))
    _add_license(conn, ubi, license_, name, "active", address)
    for vendor_ubi, vendor_name, licenses in data.VENDORS:
        conn.execute("INSERT INTO companies (ubi, name) VALUES (?, ?)", (vendor_ubi, vendor_name))
        for lic, lic_name, kinds, status, deleted, lic_address in licenses:
            _add_license(conn, vendor_ubi, lic, lic_name, status, lic_address, kinds, deleted)


def _seed_users(conn) -> None:
    """The demo users and the other retailer's admin."""
    for username, password, first, last, admin, active, licenses in data.DEMO_USERS:
        insert_user(conn, data.DEMO_UBI, username, first, last, password, is_admin=admin, active=active, licenses=licenses)
    username, password, first, last = data.OTHER_ADMIN
    insert_user(conn, data.OTHER_RETAILER[0], username, first, last, password, is_admin=True, licenses=[data.OTHER_RETAILER[2]])


def _seed_goods(conn) -> None:
    """Inventory, open manifests and open invoices of the demo licenses."""
    for license_, first in data.DEMO_INVENTORY_LICENSES.items():
        conn.executemany(
            "INSERT INTO inventory (barcode, license, product, quantity) VALUES (?, ?, ?, ?)",
            [(f"{data.DEMO_UBI}{first + i:07d}", license_, product, data.DEMO_QUANTITY)
             for i, product in enumerate(data.PRODUCTS)],
        )
    for manifest_id, license_, origin, items in data.DEMO_MANIFESTS:
        conn.execute(
            "INSERT INTO manifests (manifest_id, license, from_license, status) VALUES (?, ?, ?, 'open')",
            (manifest_id, license_, origin),
        )
        conn.executemany(
            "INSERT INTO manifest_items (manifest_id, barcode, product, quantity) VALUES (?, ?, ?, ?)",
            [(manifest_id, *item) for item in items],
        )
    conn.executemany(
        "INSERT INTO invoices (invoice_id, license, vendor_license, total, amount_due) VALUES (?, ?, ?, ?, ?)",
        [(inv, lic, vendor, total, total) for inv, lic, vendor, total in data.DEMO_INVOICES],
    )


def seed_if_empty(config) -> bool:
    """Seed a new database once; safe when several workers start together."""
    with db.transaction() as conn:
        register_configured_client(conn, config)
        if conn.execute("SELECT 1 FROM companies LIMIT 1").fetchone():
            return False
        _seed_everything(conn)
    return True


def reset(config) -> None:
    """Forget everything (clock included) and seed again, in one transaction."""
    with db.transaction() as conn:
        for table in TABLES:
            conn.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed table names
        conn.execute("DELETE FROM settings WHERE key = 'clock_offset'")
        g.pop("clock_offset", None)  # re-read: the seed's times use the reset clock
        register_configured_client(conn, config)
        _seed_everything(conn)


def _seed_everything(conn) -> None:
    """The whole demo state."""
    _seed_companies(conn)
    _seed_users(conn)
    _seed_goods(conn)
