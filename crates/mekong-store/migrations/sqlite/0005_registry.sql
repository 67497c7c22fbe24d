-- The flagged-identifier registry: bank accounts, phone numbers, URLs, domains,
-- crypto wallets, device IMEIs and IP addresses, each with its listing, reason,
-- legal basis, validity period and appeal route.
--
-- One row per (origin, kind, value, listing): importing the same entry again
-- updates it in place instead of adding a copy.
CREATE TABLE registry_entries (
    origin         TEXT NOT NULL,
    kind           TEXT NOT NULL,
    value          TEXT NOT NULL,
    listing        TEXT NOT NULL,
    raw            TEXT NOT NULL,
    valid          INTEGER NOT NULL,
    reason         TEXT NOT NULL,
    note           TEXT NOT NULL,
    source_agency  TEXT NOT NULL,
    legal_basis    TEXT NOT NULL,
    appeal         TEXT NOT NULL,
    starts_us      INTEGER NOT NULL,
    expires_us     INTEGER,
    added_us       INTEGER NOT NULL,
    PRIMARY KEY (origin, kind, value, listing)
) WITHOUT ROWID;

CREATE INDEX registry_entries_value ON registry_entries (kind, value);
