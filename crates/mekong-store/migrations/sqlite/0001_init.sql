-- Initial schema of the SQLite store.
-- Times are stored as microseconds since the Unix epoch in UTC (`*_us`), with the
-- source zone's offset in seconds beside them where the source gave one.
-- Amounts are decimal text, never REAL.

CREATE TABLE node (
    singleton   INTEGER PRIMARY KEY CHECK (singleton = 1),
    node_id     TEXT NOT NULL,
    country     TEXT NOT NULL,
    agency      TEXT NOT NULL,
    created_us  INTEGER NOT NULL
);

-- Accounts get a small integer id so that the transaction indexes by account stay
-- small enough to live in the page cache during large imports.
CREATE TABLE accounts (
    id        INTEGER PRIMARY KEY,
    key       TEXT NOT NULL UNIQUE,
    bank      TEXT NOT NULL,
    number    TEXT NOT NULL,
    country   TEXT,
    origin    TEXT NOT NULL,
    risk      INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE transactions (
    seq               INTEGER PRIMARY KEY,
    origin            TEXT NOT NULL,
    id                TEXT NOT NULL,
    ts_us             INTEGER NOT NULL,
    ts_offset         INTEGER NOT NULL,
    debtor_id         INTEGER NOT NULL REFERENCES accounts (id),
    debtor_country    TEXT,
    creditor_id       INTEGER NOT NULL REFERENCES accounts (id),
    creditor_country  TEXT,
    amount            TEXT NOT NULL,
    currency          TEXT NOT NULL,
    channel           TEXT NOT NULL,
    reference         TEXT,
    decision          TEXT NOT NULL,
    score             INTEGER NOT NULL,
    UNIQUE (origin, id)
);
CREATE INDEX transactions_debtor ON transactions (debtor_id, seq);
CREATE INDEX transactions_creditor ON transactions (creditor_id, seq);

CREATE TABLE alerts (
    seq           INTEGER PRIMARY KEY,
    id            TEXT NOT NULL UNIQUE,
    origin        TEXT NOT NULL,
    rule          TEXT NOT NULL,
    rule_version  INTEGER NOT NULL,
    score         INTEGER NOT NULL,
    account       TEXT NOT NULL,
    involved      TEXT NOT NULL,
    transactions  TEXT NOT NULL,
    explanation   TEXT NOT NULL,
    shadow        INTEGER NOT NULL,
    status        TEXT NOT NULL,
    raised_us     INTEGER NOT NULL,
    raised_offset INTEGER NOT NULL
);
CREATE INDEX alerts_account ON alerts (account, seq);
CREATE INDEX alerts_rule ON alerts (rule, seq);
CREATE INDEX alerts_raised ON alerts (raised_us);

CREATE TABLE alert_status_changes (
    seq         INTEGER PRIMARY KEY,
    alert_id    TEXT NOT NULL REFERENCES alerts (id),
    origin      TEXT NOT NULL,
    from_status TEXT NOT NULL,
    to_status   TEXT NOT NULL,
    reason      TEXT NOT NULL,
    actor       TEXT NOT NULL,
    changed_us  INTEGER NOT NULL
);
CREATE INDEX alert_status_changes_alert ON alert_status_changes (alert_id, seq);

CREATE TABLE flags (
    account   TEXT PRIMARY KEY,
    origin    TEXT NOT NULL,
    reason    TEXT NOT NULL,
    added_us  INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE import_runs (
    seq          INTEGER PRIMARY KEY,
    origin       TEXT NOT NULL,
    file         TEXT NOT NULL,
    format       TEXT NOT NULL,
    read         INTEGER NOT NULL,
    imported     INTEGER NOT NULL,
    duplicates   INTEGER NOT NULL,
    rejected     INTEGER NOT NULL,
    started_us   INTEGER NOT NULL,
    finished_us  INTEGER NOT NULL,
    completed    INTEGER NOT NULL
);
