-- Parsed records of evidence items and their full-text index.
--
-- `evidence_records` keeps each record as the parser wrote it (`json`, one canonical JSON
-- line) with the columns that search filters on. `evidence_records_fts` indexes words that
-- the application segmented beforehand and joined with spaces, because Chinese and Lao are
-- written without spaces; its rowid is the `evidence_records.id` of the record.
-- Re-parsing an item replaces its records and their index rows in one transaction.

CREATE TABLE evidence_records (
    id INTEGER PRIMARY KEY,
    item_id TEXT NOT NULL REFERENCES evidence_items (id),
    ordinal INTEGER NOT NULL,
    case_ref TEXT NOT NULL,
    kind TEXT NOT NULL,
    record_kind TEXT NOT NULL,
    line INTEGER,
    sender TEXT,
    time_us INTEGER,
    text TEXT NOT NULL,
    json TEXT NOT NULL,
    UNIQUE (item_id, ordinal)
);

CREATE INDEX evidence_records_case ON evidence_records (case_ref, kind, time_us);

-- Lao vowel signs and tone marks are in category Mn, so the marks are token characters
-- here; the default categories (L* N* Co) would split a Lao word at each mark.
CREATE VIRTUAL TABLE evidence_records_fts USING fts5 (
    tokens,
    tokenize = "unicode61 remove_diacritics 0 categories 'L* N* Co M*'"
);
