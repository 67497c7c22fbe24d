-- The audit trail, its signed checkpoints and the node's public signing keys.
--
-- The trail stores identifiers and states, never personal data. Each record carries
-- the SHA-256 hash of its fields and of the previous record's hash, so a change to
-- any stored record breaks the chain; mekong-audit computes and checks the hashes.
-- Times are microseconds since the Unix epoch, UTC.
--
-- The triggers below reject UPDATE and DELETE on every audit table. They stop
-- mistakes and casual edits only: anyone who can write the file can drop them, and
-- the hash chain and signed checkpoints are what detects such tampering.

CREATE TABLE audit_records (
    -- Contiguous from 1, assigned in the same write transaction that reads the previous hash.
    seq INTEGER PRIMARY KEY,
    time_us INTEGER NOT NULL,
    user_id TEXT,
    actor_name TEXT NOT NULL,
    -- JSON array of role names held when acting.
    actor_roles TEXT NOT NULL,
    actor_agency TEXT NOT NULL,
    action TEXT NOT NULL,
    object_type TEXT,
    object_id TEXT,
    -- JSON array of {"field", "old", "new"} objects.
    changes TEXT NOT NULL,
    purpose TEXT,
    source TEXT,
    -- The previous record's hash, 32 zero bytes for record 1.
    prev_hash BLOB NOT NULL,
    hash BLOB NOT NULL
) STRICT;

CREATE INDEX audit_records_user ON audit_records (user_id);
CREATE INDEX audit_records_actor ON audit_records (actor_name);
CREATE INDEX audit_records_object ON audit_records (object_type, object_id);
CREATE INDEX audit_records_action ON audit_records (action);
CREATE INDEX audit_records_time ON audit_records (time_us);

-- A signature by the node's Ed25519 key over (node id, last seq, head hash, time).
CREATE TABLE audit_checkpoints (
    id INTEGER PRIMARY KEY,
    node_id TEXT NOT NULL,
    -- The last record covered: the trail's size when the checkpoint was signed.
    seq INTEGER NOT NULL,
    -- The hash of record `seq`.
    head_hash BLOB NOT NULL,
    time_us INTEGER NOT NULL,
    public_key BLOB NOT NULL,
    signature BLOB NOT NULL
) STRICT;

CREATE INDEX audit_checkpoints_seq ON audit_checkpoints (seq);

-- Public halves of the node's signing keys, so that `mekong audit verify` can check
-- checkpoints without the private key.
CREATE TABLE node_keys (
    public_key BLOB PRIMARY KEY,
    algorithm TEXT NOT NULL,
    created_us INTEGER NOT NULL
) STRICT;

CREATE TRIGGER audit_records_no_update BEFORE UPDATE ON audit_records
BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;
CREATE TRIGGER audit_records_no_delete BEFORE DELETE ON audit_records
BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;
CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE ON audit_checkpoints
BEGIN SELECT RAISE(ABORT, 'audit checkpoints are append-only'); END;
CREATE TRIGGER audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints
BEGIN SELECT RAISE(ABORT, 'audit checkpoints are append-only'); END;
CREATE TRIGGER node_keys_no_update BEFORE UPDATE ON node_keys
BEGIN SELECT RAISE(ABORT, 'node keys are append-only'); END;
CREATE TRIGGER node_keys_no_delete BEFORE DELETE ON node_keys
BEGIN SELECT RAISE(ABORT, 'node keys are append-only'); END;
