-- Freezes of accounts with their accounts, transition history and returns of funds.
-- States, actions and legal bases are stored as the names mekong-freeze gives them.

CREATE TABLE freezes (
    id TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    amount TEXT NOT NULL,
    currency TEXT NOT NULL,
    legal_basis TEXT NOT NULL,
    case_reference TEXT NOT NULL,
    reason TEXT NOT NULL,
    requested_by TEXT NOT NULL,
    approved_by TEXT,
    created_us INTEGER NOT NULL,
    stopped_us INTEGER,
    activated_us INTEGER,
    expires_us INTEGER,
    appellant TEXT,
    appeal_grounds TEXT,
    appeal_lodged_us INTEGER,
    appeal_upheld INTEGER
);

CREATE INDEX freezes_state_expires ON freezes (state, expires_us);

CREATE TABLE freeze_accounts (
    freeze_id TEXT NOT NULL REFERENCES freezes (id),
    account TEXT NOT NULL,
    PRIMARY KEY (freeze_id, account)
);

CREATE INDEX freeze_accounts_account ON freeze_accounts (account);

CREATE TABLE freeze_transitions (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    freeze_id TEXT NOT NULL REFERENCES freezes (id),
    action TEXT NOT NULL,
    actor TEXT NOT NULL,
    roles TEXT NOT NULL,
    at_us INTEGER NOT NULL,
    from_state TEXT,
    to_state TEXT NOT NULL,
    reason TEXT NOT NULL,
    description TEXT NOT NULL
);

CREATE INDEX freeze_transitions_freeze ON freeze_transitions (freeze_id, seq);

CREATE TABLE freeze_returns (
    freeze_id TEXT NOT NULL REFERENCES freezes (id),
    position INTEGER NOT NULL,
    victim TEXT NOT NULL,
    amount TEXT NOT NULL,
    returned_us INTEGER NOT NULL,
    PRIMARY KEY (freeze_id, position)
);
