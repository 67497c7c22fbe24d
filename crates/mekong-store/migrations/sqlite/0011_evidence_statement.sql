-- Evidence items: the currency and start date that a PaySim or AMLSim bank statement
-- needs to be parsed, because those layouts carry no currency and count time in steps.
--
-- Both are NULL for every other item. The currency is an ISO 4217 code, and the start
-- date is the calendar date (YYYY-MM-DD) of step 0.

ALTER TABLE evidence_items ADD COLUMN statement_currency TEXT;
ALTER TABLE evidence_items ADD COLUMN statement_start_date TEXT;
