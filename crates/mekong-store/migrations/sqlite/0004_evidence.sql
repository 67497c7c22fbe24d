-- The evidence vault: stored objects, evidence items, custody events and custody checkpoints.
--
-- An object is one distinct content, encrypted at rest under its own key. Its file is
-- evidence/objects/<sha256[0..2]>/<sha256> in the data directory. An item is one
-- exhibit of a case and names the object it holds, so identical content seized twice
-- is stored once. Custody events are the leaves of an RFC 6962 Merkle tree, in `seq`
-- order from 1; mekong-evidence builds the canonical leaf bytes from the columns.
-- Custody checkpoints are signed notes in the C2SP tlog-checkpoint text form.
--
-- The triggers below reject UPDATE and DELETE on custody tables. They stop mistakes
-- only: anyone who can write the file can drop them, and the Merkle tree with signed
-- checkpoints is what detects such tampering.

CREATE TABLE evidence_objects (
    sha256 TEXT PRIMARY KEY,
    sm3 TEXT NOT NULL,
    md5 TEXT,
    sha1 TEXT,
    size INTEGER NOT NULL,
    -- The object key, encrypted with the node's vault key: 12-byte nonce, then ciphertext and tag.
    wrapped_key BLOB NOT NULL,
    created_us INTEGER NOT NULL
) STRICT;

CREATE TABLE evidence_items (
    id TEXT PRIMARY KEY,
    case_ref TEXT NOT NULL,
    kind TEXT NOT NULL,
    exhibit_number TEXT,
    seal_number TEXT,
    device_type TEXT,
    device_imei TEXT,
    device_serial TEXT,
    collected_by TEXT,
    collected_location TEXT,
    -- RFC 3339 with the offset where the material was collected.
    collected_at TEXT,
    legal_authority TEXT,
    -- The file name given on ingest, without its directory.
    file_name TEXT NOT NULL,
    sha256 TEXT NOT NULL REFERENCES evidence_objects (sha256),
    origin_node TEXT NOT NULL,
    created_us INTEGER NOT NULL
) STRICT;

CREATE INDEX evidence_items_case ON evidence_items (case_ref);
CREATE INDEX evidence_items_sha256 ON evidence_items (sha256);

CREATE TABLE custody_events (
    -- Contiguous from 1; leaf index = seq - 1.
    seq INTEGER PRIMARY KEY,
    item_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    actor TEXT NOT NULL,
    time_us INTEGER NOT NULL,
    details TEXT NOT NULL,
    -- Lower-case hex SHA-256 of the item's content.
    content_hash TEXT NOT NULL
) STRICT;

CREATE INDEX custody_events_item ON custody_events (item_id);

CREATE TABLE custody_checkpoints (
    id INTEGER PRIMARY KEY,
    tree_size INTEGER NOT NULL,
    -- The whole signed note, as signed.
    note TEXT NOT NULL,
    time_us INTEGER NOT NULL
) STRICT;

CREATE TRIGGER custody_events_no_update BEFORE UPDATE ON custody_events
BEGIN SELECT RAISE(ABORT, 'custody events are append-only'); END;
CREATE TRIGGER custody_events_no_delete BEFORE DELETE ON custody_events
BEGIN SELECT RAISE(ABORT, 'custody events are append-only'); END;
CREATE TRIGGER custody_checkpoints_no_update BEFORE UPDATE ON custody_checkpoints
BEGIN SELECT RAISE(ABORT, 'custody checkpoints are append-only'); END;
CREATE TRIGGER custody_checkpoints_no_delete BEFORE DELETE ON custody_checkpoints
BEGIN SELECT RAISE(ABORT, 'custody checkpoints are append-only'); END;
