-- The bank-notice outbox and the reminders of freezes that are about to lapse.
-- A notice row is written in the same database transaction as the freeze change it
-- reports, and stays until a bank endpoint acknowledges it.
-- IF NOT EXISTS keeps the file safe to apply whatever position it takes in the list.

CREATE TABLE IF NOT EXISTS bank_notices (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    freeze_id TEXT NOT NULL REFERENCES freezes (id),
    state TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_us INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_us INTEGER NOT NULL,
    delivered_us INTEGER,
    last_error TEXT
);

CREATE INDEX IF NOT EXISTS bank_notices_pending ON bank_notices (delivered_us, next_attempt_us);
CREATE INDEX IF NOT EXISTS bank_notices_freeze ON bank_notices (freeze_id, seq);

CREATE TABLE IF NOT EXISTS freeze_reminders (
    freeze_id TEXT NOT NULL REFERENCES freezes (id),
    expires_us INTEGER NOT NULL,
    reminded_us INTEGER NOT NULL,
    PRIMARY KEY (freeze_id, expires_us)
);
