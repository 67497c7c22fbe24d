-- The goAML schema version a report declares in its `schema_version` element (NULL
-- when it declares none), and the version of the XSD it was validated against.
-- Reports stored before this migration were all validated against the 5.0.1 XSD.
ALTER TABLE goaml_reports ADD COLUMN declared_version TEXT;
ALTER TABLE goaml_reports ADD COLUMN checked_version TEXT NOT NULL DEFAULT '5.0.1';
