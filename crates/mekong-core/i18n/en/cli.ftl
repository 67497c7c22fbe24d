# Messages of the cli part; filled in as the part is built.

# Part: transaction file formats (mekong-ingest). Reasons a row is rejected.
reject-wrong-column-count = The row has { $found } columns, but the header has { $expected }.
reject-record-too-long = The row is longer than { $max } bytes, so it was not read; a quote is probably not closed.
reject-amount-not-a-number = The amount is not a number: write digits with an optional decimal point, such as 1250.50, without thousands separators.
reject-amount-negative = The amount is negative: write a positive amount, because the debtor and creditor columns give the direction.
reject-amount-zero = The amount is zero: a transaction must move a positive amount.
reject-amount-exponent = The amount uses an exponent: write it in plain digits, such as 1500000 instead of 1.5e6.
reject-amount-too-many-digits = The amount has more than { $max } digits and cannot be stored exactly.
reject-unknown-currency = Unknown currency: expected an ISO 4217 code such as CNY, LAK, THB or USD.
reject-unknown-currency-name = Unknown currency: expected one of { $expected }.
reject-invalid-timestamp = Invalid timestamp: expected the form { $example }.
reject-impossible-timestamp = The timestamp names a date or time that does not exist, such as 30 February or 25:00.
reject-invalid-step = Invalid time step: expected a whole number of { $unit ->
        [day] days
       *[hour] hours
    } since the start date.
reject-missing-field = The field is empty, but this column is required.
reject-unknown-account = The account is not listed in { $file }.
reject-unknown-channel = Unknown channel or transaction type: expected one of { $expected }.
reject-invalid-country = Invalid country code: expected two letters of ISO 3166-1 alpha-2, such as CN or LA, or an empty field.
reject-id-too-long = The transaction id is longer than { $max } bytes.
reject-invalid-id = The transaction id contains control characters.
reject-field-too-long = The field is longer than { $max } characters.
reject-invalid-encoding = The row contains bytes that are not valid { $encoding } text; save the file as UTF-8 and import it again.
reject-invalid-label = Invalid fraud label: expected 0 or 1.
reject-read-failed = Reading the file failed here, so the rest of the file was not read: { $error }

# Part: transaction file formats (mekong-ingest). Errors that stop a whole file.
ingest-error-open = Cannot open { $path }: { $error }. Check the path and that the file is readable.
ingest-error-read = Cannot read { $path }: { $error }. Check that the file is complete and readable.
ingest-error-empty = { $path } is empty: expected a header row followed by transactions.
ingest-error-unknown-header = The header of { $path } matches no known format (found: { $found }). Expected the header of an amlsim, ibm-aml, paysim or canonical file (see docs/canonical-csv.md), or pass --format.
ingest-error-header-mismatch = The header of { $path } does not match format { $format }: expected { $expected }, found { $found }. Pass --format auto to detect the format.
ingest-error-accounts-file = { $path } is an AMLSim accounts file, not transactions: import transactions.csv from the same folder.
ingest-error-accounts-header = The accounts file { $path } has no account id column: expected one of nodeid, acct_id or account_id.
ingest-error-missing-currency = { $format } files carry no currency: pass --currency, e.g. --currency CNY (file { $path }).
ingest-error-missing-start-date = { $format } files carry no calendar date: pass --start-date, e.g. --start-date 2026-01-01 (file { $path }).
ingest-error-invalid-offset = Invalid UTC offset of { $seconds } seconds: expected less than a day either way, such as 28800 for UTC+8.
ingest-error-no-labels = { $path } holds no fraud labels: pass an AMLSim nodes.csv or accounts file with isFraud, a PaySim file or an IBM AML file.
ingest-error-write-rejects = Cannot write rejects to { $path }: { $error }. Check free disk space and permissions.

# Part: flagged-identifier registry commands (mekong registry).
registry-added = Listed { $kind } { $value }.
registry-updated = Updated the listing of { $kind } { $value }.
registry-unchanged = { $kind } { $value } is already listed the same way; nothing changed.
registry-removed = { $count ->
    [one] Removed 1 listing.
   *[other] Removed { $count } listings.
}
registry-imported = Read { $read } rows: { $added } added, { $updated } updated, { $unchanged } unchanged, { $rejected } rejected (see { $rejects }).

## pacs.008 import
reject-missing-element = A required element is missing or empty; add it to this transaction and import the file again.
reject-invalid-bic = Invalid BIC: expected 8 or 11 letters and digits with the country code in letters 5 and 6, such as BKCHCNBJXXX.
reject-invalid-xml = The XML is malformed here, so the rest of the file was not read: { $error }. Fix the XML and import the file again; transactions already imported are skipped.
ingest-error-not-pacs008 = { $path } is not an ISO 20022 pacs.008 FIToFICstmrCdtTrf message (found { $found }). Expected the namespace urn:iso:std:iso:20022:tech:xsd:pacs.008.001.02 to .10, or pass the --format of a CSV file.

# Part: mekong generate summary.
generate-summary = { $file }: wrote { $rows ->
    [one] 1 transaction
   *[other] { $rows } transactions
} between { $accounts } accounts in { $elapsed } s
generate-standard-output = standard output
generate-json-needs-file = --json prints the summary on standard output, where --out - writes the transactions: give an output file, such as --out stream.csv.

# Part: registry list, label of a listing whose expiry has passed.
registry-list-expired = expired
