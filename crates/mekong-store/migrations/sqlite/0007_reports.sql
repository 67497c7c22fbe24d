-- goAML reports and the FollowTheMoney entities found in them.
CREATE TABLE goaml_reports (
    id               TEXT PRIMARY KEY,
    origin           TEXT NOT NULL,
    report_code      TEXT NOT NULL,
    rentity_id       TEXT NOT NULL,
    entity_reference TEXT NOT NULL,
    report_date      TEXT NOT NULL,
    currency         TEXT NOT NULL,
    transactions     INTEGER NOT NULL,
    imported_us      INTEGER NOT NULL
);

-- properties: a JSON object of property name to a sorted array of values.
CREATE TABLE ftm_entities (
    id         TEXT PRIMARY KEY,
    schema     TEXT NOT NULL,
    properties TEXT NOT NULL
);

CREATE TABLE goaml_report_entities (
    report_id          TEXT NOT NULL REFERENCES goaml_reports (id),
    entity_id          TEXT NOT NULL REFERENCES ftm_entities (id),
    role               TEXT NOT NULL,
    transaction_number TEXT NOT NULL,
    PRIMARY KEY (report_id, entity_id, role, transaction_number)
);

CREATE INDEX goaml_report_entities_entity ON goaml_report_entities (entity_id);
