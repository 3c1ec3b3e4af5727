-- State of the BioTrack sandbox. Times are Unix seconds on the sandbox clock (see clock.py);
-- quantities and money are decimal strings so that no float ever rounds them.

CREATE TABLE IF NOT EXISTS settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS clients (
    client_id TEXT PRIMARY KEY,
    secret_hash TEXT NOT NULL,
    company TEXT NOT NULL,
    application TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS redirect_uris (
    client_id TEXT NOT NULL REFERENCES clients (client_id) ON DELETE CASCADE,
    uri TEXT NOT NULL,
    PRIMARY KEY (client_id, uri)
);

CREATE TABLE IF NOT EXISTS companies (
    ubi TEXT PRIMARY KEY,
    name TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS licenses (
    license TEXT PRIMARY KEY,
    ubi TEXT NOT NULL REFERENCES companies (ubi),
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('active', 'inactive')),
    deleted INTEGER NOT NULL DEFAULT 0,
    address TEXT NOT NULL DEFAULT '',
    producer INTEGER NOT NULL DEFAULT 0,
    processor INTEGER NOT NULL DEFAULT 0,
    retail INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE IF NOT EXISTS users (
    id INTEGER PRIMARY KEY,
    ubi TEXT NOT NULL REFERENCES companies (ubi),
    username TEXT NOT NULL COLLATE NOCASE,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    is_admin INTEGER NOT NULL DEFAULT 0,
    active INTEGER NOT NULL DEFAULT 1,
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL,
    UNIQUE (ubi, username)
);

CREATE TABLE IF NOT EXISTS user_licenses (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    license TEXT NOT NULL REFERENCES licenses (license),
    PRIMARY KEY (user_id, license)
);

CREATE TABLE IF NOT EXISTS sessions (
    sid TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    license TEXT NOT NULL,
    created_at REAL NOT NULL,
    expires_at REAL NOT NULL,
    revoked_at REAL
);

CREATE TABLE IF NOT EXISTS auth_codes (
    code_hash TEXT PRIMARY KEY,
    client_id TEXT NOT NULL,
    redirect_uri TEXT NOT NULL,
    code_challenge TEXT NOT NULL,
    ubi TEXT NOT NULL,
    license TEXT NOT NULL,
    scope TEXT NOT NULL,
    user_id INTEGER NOT NULL,
    expires_at REAL NOT NULL,
    used_at REAL,
    grant_id TEXT
);

CREATE TABLE IF NOT EXISTS grants (
    grant_id TEXT PRIMARY KEY,
    client_id TEXT NOT NULL,
    ubi TEXT NOT NULL,
    license TEXT NOT NULL,
    scope TEXT NOT NULL,
    user_id INTEGER NOT NULL,
    refresh_hash TEXT NOT NULL UNIQUE,
    created_at REAL NOT NULL,
    expires_at REAL NOT NULL,
    revoked_at REAL,
    superseded_by TEXT
);

CREATE TABLE IF NOT EXISTS access_tokens (
    token_hash TEXT PRIMARY KEY,
    grant_id TEXT NOT NULL REFERENCES grants (grant_id) ON DELETE CASCADE,
    expires_at REAL NOT NULL
);

CREATE TABLE IF NOT EXISTS inventory (
    barcode TEXT PRIMARY KEY,
    license TEXT NOT NULL REFERENCES licenses (license),
    product TEXT NOT NULL,
    quantity TEXT NOT NULL,
    uom TEXT NOT NULL DEFAULT 'each'
);

CREATE TABLE IF NOT EXISTS manifests (
    manifest_id TEXT PRIMARY KEY,
    license TEXT NOT NULL REFERENCES licenses (license),
    from_license TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'received')),
    received_at REAL
);

CREATE TABLE IF NOT EXISTS manifest_items (
    manifest_id TEXT NOT NULL REFERENCES manifests (manifest_id) ON DELETE CASCADE,
    barcode TEXT NOT NULL,
    product TEXT NOT NULL,
    quantity TEXT NOT NULL,
    PRIMARY KEY (manifest_id, barcode)
);

CREATE TABLE IF NOT EXISTS invoices (
    invoice_id TEXT PRIMARY KEY,
    license TEXT NOT NULL REFERENCES licenses (license),
    vendor_license TEXT NOT NULL,
    total TEXT NOT NULL,
    amount_due TEXT NOT NULL
);

-- The ledger is also the idempotency store: UNIQUE (license, request_id) is what makes a
-- repeated RequestID record once, whichever worker or thread it reaches.
CREATE TABLE IF NOT EXISTS ledger (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    transaction_id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    license TEXT NOT NULL,
    user_id INTEGER NOT NULL,
    username TEXT NOT NULL,
    request_id TEXT NOT NULL,
    external_id TEXT,
    ref_transaction_id TEXT,
    performed_at TEXT NOT NULL,
    recorded_at REAL NOT NULL,
    request_json TEXT NOT NULL,
    status_code INTEGER NOT NULL,
    response_json TEXT NOT NULL,
    UNIQUE (license, request_id)
);

CREATE TABLE IF NOT EXISTS faults (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    path_prefix TEXT NOT NULL,
    method TEXT,
    phase TEXT NOT NULL CHECK (phase IN ('before', 'after')),
    remaining INTEGER NOT NULL,
    seconds REAL NOT NULL DEFAULT 0,
    retry_after INTEGER NOT NULL DEFAULT 1,
    body TEXT NOT NULL DEFAULT 'json',
    license TEXT
);

CREATE TABLE IF NOT EXISTS outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    to_address TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    link TEXT,
    created_at REAL NOT NULL
);

CREATE TABLE IF NOT EXISTS password_resets (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires_at REAL NOT NULL,
    used_at REAL
);
