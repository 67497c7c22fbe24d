# Messages of the web part; filled in as the part is built.

## Web part: the analyst's screens and the bank-feed API (crates/mekong-web).

web-nav-label = Main menu
web-nav-alerts = Alerts
web-language-switch = Language
web-node-identity = Node { $node } · { $agency } ({ $country })
web-back-to-alerts = Back to the alerts
web-unknown = unknown
web-errors-heading = Please correct the following:

web-not-found-title = Page not found
web-not-found-text = There is no page at this address. Check the link, or start again from the alerts list.
web-alert-not-found = No alert with the id { $id } is stored on this node.
web-account-not-found = No account { $account } appears in the transactions of this node.
web-error-title = Something went wrong on this node
web-error-text = The page could not be built. The error has been logged; try again, and tell the node's administrator if it happens again.
web-forbidden-title = Change rejected
web-forbidden-text = The form was sent from another site. Open the alert on this node and submit the form from there.

web-alerts-title = Alerts
web-alerts-empty = No alerts match these filters.
web-alerts-missed = Some new alerts could not be shown here. Reload the page to see them all.
web-new-alerts = { $count ->
    [one] { $count } new alert
   *[other] { $count } new alerts
}
web-shadow = shadow
web-shadow-hint = Raised by a rule in shadow mode: recorded for testing, with no effect on decisions.

web-filter-rule = Rule
web-filter-any-rule = All rules
web-filter-min-score = Minimum score
web-filter-status = Status
web-filter-any-status = Any status
web-filter-from = From (date)
web-filter-until = Until (date)
web-filter-apply = Filter
web-filter-clear = Clear
web-filter-error-min-score = Minimum score “{ $value }” is not a whole number from 0 to 100.
web-filter-error-page = Page “{ $value }” is not a whole number of 1 or more.
web-filter-error-per-page = Alerts per page “{ $value }” is not a whole number from 1 to { $max }.
web-filter-error-from = Start date “{ $value }” is not a date in the form YYYY-MM-DD, such as 2026-03-01.
web-filter-error-until = End date “{ $value }” is not a date in the form YYYY-MM-DD, such as 2026-03-31.
web-filter-error-range = The start date { $value } is after the end date { $until }.
web-filter-error-status = Status “{ $value }” is unknown; choose open, under review, escalated or dismissed.
web-filter-error-rule = Rule “{ $value }” is not a rule id; rule ids have at most 64 letters, digits, “_” or “-”.
web-filter-error-account = The account “{ $value }” is too long to be an account key.

web-col-raised = Raised
web-col-rule = Rule
web-col-score = Score
web-col-account = Account
web-col-status = Status
web-col-explanation = Why
web-col-time = Time
web-col-debtor = From account
web-col-creditor = To account
web-col-amount = Amount
web-col-channel = Channel
web-col-reference = Reference
web-col-decision = Decision
web-col-transaction-id = Transaction id
web-col-when = When
web-col-from-status = From status
web-col-to-status = To status
web-col-reason = Reason
web-col-actor = By
web-col-direction = Direction
web-col-counterparty = Counterparty

web-pages-label = Pages
web-page-previous = ← Previous
web-page-next = Next →
web-page-summary = Page { $page } of { $pages } ({ $total } alerts)
web-page-number = Page { $page }

web-alert-title = Alert: { $rule }
web-alert-id = Alert id
web-origin = Raised by node
web-rule-version = { $rule }, version { $version }
web-status-heading = Change status
web-status-new = New status
web-status-reason = Reason (required, at most { $max } characters)
web-status-submit = Change status
web-status-closed = This alert is closed; its status can no longer change.
web-status-error-form = The form could not be read. Reload the page and try again.
web-status-error-unknown = “{ $value }” is not a status this alert can move to.
web-status-error-transition = An alert that is { $from } cannot become { $to }; it can become: { $allowed }.
web-status-error-closed = An alert that is { $from } is closed and cannot become { $to }.
web-status-error-reason-empty = Give a reason for the change; it is kept in the alert's history.
web-status-error-reason-long = The reason has { $length } characters; shorten it to at most { $max }.
web-history-heading = Status history
web-history-empty = The status has not changed since the alert was raised.
web-flow-heading = Fund flow
web-flow-caption = { $accounts } accounts and { $transactions } transactions; arrows point from payer to payee.
web-flow-left-out = { $count } more accounts are not drawn.
web-transactions-heading = Transactions
web-transactions-missing = { $count } transactions named by the alert are not stored on this node.
web-involved-heading = Accounts involved

web-account-title = Account { $account }
web-account-bank = Bank
web-account-number = Account number
web-account-country = Country
web-account-risk = Risk score
web-account-counts = Transactions
web-account-counts-value = { $debits } out, { $credits } in
web-account-first-seen = First seen
web-account-last-seen = Last seen
web-account-flag = Flagged list
web-account-flagged = Flagged
web-account-not-flagged = Not on the flagged list
web-account-alerts-heading = Alerts about this account
web-account-no-alerts = No alerts about this account.
web-account-history-heading = Transaction history
web-account-no-transactions = No transactions on this page.
web-direction-in = in
web-direction-out = out

web-channel-transfer = transfer
web-channel-wire = wire transfer
web-channel-ach = ACH batch payment
web-channel-card = card
web-channel-cash_in = cash deposit
web-channel-cash_out = cash withdrawal
web-channel-cheque = cheque
web-channel-mobile = mobile payment
web-channel-online = online banking
web-channel-crypto = crypto-asset
web-channel-payment = merchant payment
web-channel-debit = direct debit
web-channel-other = other

web-api-content-type = The request must have Content-Type: application/json, not { $value }.
web-api-unreadable = The request body could not be read.
web-api-malformed = The request body is not valid JSON at line { $line }, column { $column }: { $detail }.
web-api-not-object = The request body must be a JSON object with a "transactions" array.
web-api-unknown-field = Unknown field "{ $field }" in the request; the only field is "transactions".
web-api-not-array = "transactions" must be a JSON array of transaction objects.
web-api-empty = "transactions" is empty; send 1 to { $max } transactions.
web-api-too-many = The batch has { $count } transactions; send at most { $max } per request.
web-api-too-large = The request body is larger than { $max } bytes; send fewer transactions per request.
web-api-internal = The node could not store the batch, and nothing of it was stored. Send it again later; the error is in the node's log.
web-api-internal-read = The node could not read the alerts. Try again later; the error is in the node's log.
web-api-unavailable = The node cannot accept transactions now, and nothing of the batch was stored. Send it again later.
web-api-field-not-object = Each transaction must be a JSON object.
web-api-field-unknown = Unknown field "{ $field }"; see the API documentation for the fields of a transaction.
web-api-field-missing = The field "{ $field }" is required.
web-api-field-not-string = The field "{ $field }" must be a JSON string.
web-api-field-id-length = The id must be 1 to { $max_id } bytes of UTF-8.
web-api-field-id-characters = The id must not contain control characters or start or end with a space.
web-api-field-timestamp = The timestamp must be RFC 3339 with a UTC offset, such as 2026-03-01T09:30:00+08:00.
web-api-field-party = "{ $field }" must be an object with "bank", "account" and optionally "country".
web-api-field-bank = The bank must be 1 to { $max_bank } characters and must not contain "/".
web-api-field-account = The account must be 1 to { $max_account } characters.
web-api-field-country = The country must be an ISO 3166-1 alpha-2 code, such as CN or LA.
web-api-field-amount-number = The amount must be a JSON string such as "1000.00": JSON numbers are read as binary floating point and can lose cents.
web-api-field-amount-syntax = The amount must be digits with an optional decimal point, such as 1000.00, with no sign, exponent, spaces or thousands separators.
web-api-field-amount-positive = The amount must be greater than zero.
web-api-field-amount-precision = The amount has more decimal places than { $currency } allows ({ $digits }).
web-api-field-amount-large = The amount must be less than { $limit }.
web-api-field-currency = Unknown currency; use an ISO 4217 code such as CNY, LAK, THB or USD.
web-api-field-channel = Unknown channel; use one of: { $channels }.
web-api-field-reference = The reference must be at most { $max_reference } characters.

# Audit trail pages
web-audit-title = Audit trail
web-audit-user = User
web-audit-action = Action
web-audit-object-type = Object type
web-audit-object-id = Object id
web-audit-from = From
web-audit-until = Until
web-audit-search = Search
web-audit-export-csv = Export as CSV
web-audit-export-jsonl = Export as JSON Lines
web-audit-total = { $count } matching records
web-audit-none = No audit record matches.
web-audit-col-seq = No.
web-audit-col-time = Time
web-audit-col-actor = Actor
web-audit-col-object = Object
web-audit-col-changes = Changes
web-audit-col-purpose = Purpose or legal basis
web-audit-col-source = Source
web-audit-previous = Previous
web-audit-next = Next
web-audit-page = Page { $page } of { $pages }
web-audit-invalid-date = Invalid { $field } date "{ $value }": use YYYY-MM-DD, such as 2026-01-31.

# Part: flagged-identifier registry API (GET /api/v1/risk, POST /api/v1/registry).
web-api-registry-unavailable = The registry is not loaded on this node. Try again after the node has started completely.
web-api-registry-malformed = The request body is not a valid registry entry: { $detail }.
web-api-registry-internal = The node could not store the registry entry, and nothing was changed. Send it again later; the error is in the node's log.
web-api-risk-no-identifier = Give at least one of the query parameters account (BANK/NUMBER), phone, url or wallet.
web-api-risk-unknown-param = Unknown query parameter: use account, phone, url or wallet.

# Part: freeze and registry screens (/freezes, /registry).
web-nav-freezes = Freezes
web-nav-registry = Flagged identifiers
web-freeze-title = Freezes
web-freeze-unavailable = Freezes are not available on this node: it was started without the freeze tables. Restart the node with a current version.
web-freeze-new = Request a freeze
web-freeze-back = Back to the freezes
web-freeze-any-state = Any state
web-freeze-expiring-within = Expiring within (days)
web-freeze-filter = Filter
web-freeze-none = No freeze matches.
web-freeze-id = Freeze
web-freeze-expiring-soon = expires soon
web-freeze-detail-title = Freeze { $id }
web-freeze-not-found = Freeze { $id } not found.
web-freeze-created = Created
web-freeze-stopped = Emergency stop-payment ordered
web-freeze-activated = Approved
web-freeze-holds = Debits held now
web-freeze-holds-yes = Yes: the monitor holds every payment out of these accounts; payments into them are still accepted.
web-freeze-holds-no = No
web-freeze-no-returns = No funds returned to victims yet.
web-freeze-victim = Victim
web-freeze-returned-amount = Amount returned
web-freeze-returned-total = Returned in total: { $returned } of { $frozen } frozen.
web-freeze-when = When
web-freeze-appeal = Appeal
web-freeze-appellant = Appellant
web-freeze-grounds = Grounds
web-freeze-lodged = Lodged
web-freeze-appeal-decision = Decision
web-freeze-appeal-pending = Not decided yet
web-freeze-appeal-upheld = Freeze upheld
web-freeze-appeal-overturned = Freeze overturned and released
web-freeze-action = Action
web-freeze-actor = User
web-freeze-roles = Roles
web-freeze-change = State change
web-freeze-actions = Actions
web-freeze-request-after-stop = Request a freeze after the stop-payment
web-freeze-approve = Approve
web-freeze-four-eyes-hint = A second supervisor approves: the user who requested the freeze cannot.
web-freeze-reject = Reject the request
web-freeze-renew = Renew for another period
web-freeze-release = Release
web-freeze-return-funds = Record funds returned to victims
web-freeze-returns-label = Victims and amounts, one per line as NAME = AMOUNT
web-freeze-lodge-appeal = Record an appeal
web-freeze-decide-appeal = Decide the appeal
web-freeze-accounts-label = Accounts, one per line as BANK/NUMBER
web-freeze-currency = Currency (ISO 4217, such as CNY or LAK)
web-freeze-emergency = Emergency stop-payment: hold debits at once, before approval
web-freeze-emergency-hint = Without this option the request waits for a supervisor's approval and holds nothing until then.
web-freeze-submit = Submit
web-freeze-state-emergency-stop = Emergency stop-payment
web-freeze-state-requested = Requested
web-freeze-state-active = Active
web-freeze-state-appeal-lodged = Appeal lodged
web-freeze-state-expired = Expired
web-freeze-state-released = Released
web-freeze-state-returned-to-victims = Returned to victims
web-freeze-basis-cn-atof-20 = China, Anti-Telecom and Online Fraud Law (2022), Art. 20
web-freeze-basis-la-amlcft-39 = Lao PDR, Anti-Money Laundering and Counter-Financing of Terrorism Law (2014), Art. 39
web-freeze-action-emergency-stop = Emergency stop-payment ordered
web-freeze-action-request = Freeze requested
web-freeze-action-approve = Approved
web-freeze-action-renew = Renewed
web-freeze-action-release = Released
web-freeze-action-return-funds = Funds returned to victims
web-freeze-action-lodge-appeal = Appeal lodged
web-freeze-action-decide-appeal = Appeal decided
web-freeze-action-expire = Expired
web-freeze-error-filter-state = “{ $value }” is not a freeze state; choose one from the list.
web-freeze-error-filter-days = “{ $value }” is not a number of days; write a whole number such as 30.
web-freeze-error-state = This action is not possible while the freeze is in the state “{ $state }”.
web-freeze-error-forbidden = Your roles do not allow this action; it needs the role: { $required }.
web-freeze-error-four-eyes = You requested this freeze, so you cannot approve it. A second supervisor must approve it.
web-freeze-error-missing = Fill in the field “{ $field }”.
web-freeze-error-amount = Invalid amount “{ $amount }”: write an exact decimal greater than zero, such as 50000.00.
web-freeze-error-currency = Invalid currency “{ $value }”: write an ISO 4217 code such as CNY or LAK.
web-freeze-error-basis = Choose a legal basis from the list.
web-freeze-error-account = Invalid account “{ $value }”: write BANK/NUMBER, such as ICBC/6222020000001111.
web-freeze-error-return-exceeds = Returning { $requested } would bring the total returned above the frozen amount { $frozen } (already returned: { $returned }).
web-freeze-error-returns-line = Cannot read the line “{ $line }”: write NAME = AMOUNT, such as Zhang San = 3000.00.
web-freeze-error-conflict = Someone else changed this freeze meanwhile; it is shown as it is now. Check it and try again.
web-registry-title = Flagged identifiers
web-registry-search = Search
web-registry-kind = Kind
web-registry-any-kind = Any kind
web-registry-search-submit = Search
web-registry-count = Showing { $shown } of { $found } matching identifiers.
web-registry-value = Identifier
web-registry-listing = Listing type
web-registry-agency = Source agency
web-registry-starts = Starts
web-registry-appeal = How to appeal
web-registry-note = Internal note (never shown outside this node)
web-registry-invalid = invalid by the metadata
web-registry-add = List an identifier
web-registry-import = Import CSV
web-registry-import-hint = Paste CSV with the header kind, value, listing_type, reason, source_agency, legal_basis, appeal, starts_at, and optionally expires_at and note. Good rows are stored; rejected rows are listed.
web-registry-import-csv = CSV text
web-registry-import-empty = Paste the CSV text to import.
web-registry-import-unreadable = The CSV text cannot be read; check its quotes and the header line.
web-registry-imported = Read { $read } rows: { $added } added, { $updated } updated, { $unchanged } unchanged, { $rejected } rejected.
web-registry-reject-line = Line
web-registry-reject-column = Column
web-registry-kind-bank-account = Bank account
web-registry-kind-phone = Phone number
web-registry-kind-url = URL
web-registry-kind-domain = Domain
web-registry-kind-wallet = Crypto wallet
web-registry-kind-imei = Device IMEI
web-registry-kind-ip = IP address
web-registry-listing-case-related-account = Case-related account
web-registry-listing-barred-account-renter = Barred for renting out accounts
web-registry-listing-scam-phone = Scam phone number
web-registry-listing-scam-url = Scam website
web-registry-listing-other = Other

# report screens (web-reports): bank-report list, goAML upload, hand-entry form, entities.
web-nav-reports = Bank reports
web-reports-title = Bank reports
web-reports-unavailable = The report screens are not available: this node was started without its report tables.
web-reports-count = Showing { $shown } of { $found }.
web-reports-code = Report code
web-reports-rentity = Reporting entity
web-reports-reference = Reporting entity's reference
web-reports-date = Report date
web-reports-currency = Currency
web-reports-transactions = Transactions
web-reports-imported = Imported
web-reports-id = Report ID
web-reports-origin = Imported by node
web-reports-new = Enter a report by hand
web-reports-upload = Upload goAML XML
web-reports-upload-hint = Paste one goAML XML report (schema 4.0.2 to 5.0.2), up to { $max } MiB as the browser sends it. A report with any error is rejected as a whole and nothing of it is stored.
web-reports-upload-xml = goAML XML
web-reports-upload-empty = The report is empty. Paste a goAML XML report.
web-reports-stored = Report { $id } stored; { $count } of its transactions went to the monitor for scoring.
web-reports-already-stored = Report { $id } was already stored; nothing changed. { $count } of its transactions were new to the monitor.
web-reports-rejected = The report was rejected with { $count ->
        [one] one error
       *[other] { $count } errors
    }; nothing was stored.
web-reports-error-path = Element path
web-reports-error-value = Value
web-reports-error-rule = Rule
web-reports-not-found = No stored report has this ID.
web-reports-detail-title = Bank report { $code }
web-reports-back = Back to bank reports
web-entities-title = Entities
web-entities-all = All entities
web-entities-schema = Type
web-entities-caption = Name or number
web-entities-roles = Appears as
web-entities-properties = Properties
web-entities-merge-title = Merge suggestions
web-entities-merge-hint = These people, organisations and bank accounts were probably reported more than once. Nothing is merged: record your decision for each pair.
web-entities-left = Entity
web-entities-right = Possibly the same
web-entities-reason = Reason
web-entities-decision = Decision
web-entities-decide-same-person = Same person
web-entities-decide-not-same = Not the same entity
web-entities-decided-same-person = Recorded: same person
web-entities-decided-not-same = Recorded: not the same entity
web-entities-recorded-same-person = Decision recorded: same person. The entities were not changed.
web-entities-recorded-not-same = Decision recorded: not the same.
web-entities-decision-invalid = Choose one of the decisions shown for this pair.
web-entities-pair-unknown = These two entities are not a current merge suggestion; reload the page.
web-report-form-hint = The form builds a goAML report with one transaction and checks it with the same rules as an upload. Names may be written in any script. Codes such as the funds and transmission codes are those of your FIU.
web-report-form-submit = Check and store the report
web-report-form-report = Report
web-report-form-rentity-id = Reporting entity ID
web-report-form-branch = Reporting branch
web-report-form-reporter-first = Reporting officer's first name
web-report-form-reporter-last = Reporting officer's last name
web-report-form-address-type = Address type code
web-report-form-address = Address
web-report-form-city = City
web-report-form-country = Country code (such as CN or LA)
web-report-form-reason = Reason for the report
web-report-form-indicators = Indicator codes, separated by commas
web-report-form-transaction = Transaction
web-report-form-tx-number = Transaction number
web-report-form-tx-location = Transaction location
web-report-form-tx-description = Description
web-report-form-tx-date = Transaction date and time
web-report-form-transmode = Transmission mode code
web-report-form-amount = Amount
web-report-form-from = From account
web-report-form-to = To account
web-report-form-funds-code = Funds type code
web-report-form-bank = Bank name
web-report-form-swift = SWIFT/BIC
web-report-form-account = Account number
web-report-form-first-name = Holder's first name
web-report-form-last-name = Holder's last name
web-report-form-birthdate = Holder's date of birth
web-report-form-alias = Holder's other name (such as pinyin or Latin script)

# evidence screens

web-nav-evidence = Evidence
web-evidence-title = Evidence
web-evidence-unavailable = The evidence vault is not set up on this node.
web-evidence-cases = Cases
web-evidence-open-case = Open case
web-evidence-no-cases = No evidence has been added yet.
web-evidence-items = Items
web-evidence-case-title = Evidence of case { $case }
web-evidence-no-items = No evidence items for case { $case }.
web-evidence-back-to-case = Back to the evidence of case { $case }
web-evidence-item = Item
web-evidence-file-name = File name
web-evidence-added-at = Added
web-evidence-size = Size (bytes)
web-evidence-field-case = Case reference
web-evidence-field-kind = Kind
web-evidence-field-exhibit = Exhibit number
web-evidence-field-seal = Seal number
web-evidence-device = Seized device
web-evidence-field-device-type = Device type
web-evidence-field-imei = IMEI
web-evidence-field-serial = Serial number
web-evidence-field-collected-by = Collected by
web-evidence-field-location = Where collected
web-evidence-field-collected-at = When collected
web-evidence-field-zone = UTC offset of that time, such as +07:00
web-evidence-field-authority = Legal authority
web-evidence-field-legacy = Also compute MD5 and SHA-1, to match older forensic reports
web-evidence-field-files = Files
web-evidence-kind-ip-log = IP or access log
web-evidence-kind-financial-records = Financial records
web-evidence-kind-chat-history = Chat history
web-evidence-kind-device-extraction = Device extraction
web-evidence-kind-document = Document
web-evidence-kind-photo = Photo
web-evidence-kind-other = Other
web-evidence-upload-title = Add evidence
web-evidence-upload-hint = Files of any size are streamed into the vault, which computes SHA-256 and SM3 and encrypts them. Telegram and WhatsApp chat exports and IP logs are parsed for search.
web-evidence-upload-submit = Upload and seal
web-evidence-upload-not-multipart = The upload must be sent as a form with files (multipart/form-data); use the form below.
web-evidence-upload-no-file = Choose at least one file to upload.
web-evidence-upload-broken = The upload was interrupted or malformed, so the file was not stored; upload it again.
web-evidence-field-too-long = The field "{ $field }" is too long; shorten it and upload again.
web-evidence-case-missing = Enter the case reference.
web-evidence-kind-invalid = Choose one of the listed evidence kinds.
web-evidence-imei-invalid = Invalid IMEI "{ $value }": expected 15 digits, or 16 for an IMEISV.
web-evidence-time-invalid = Invalid collection time: give the date and time, and an offset such as +07:00.
web-evidence-uploaded-title = Evidence added
web-evidence-parsing = Parsing
web-evidence-parsed = Parsed with { $parser } { $version }: { $records } records, { $unparsed } kept as raw text.
web-evidence-no-parser = No parser fits this kind and content; the item is stored unparsed.
web-evidence-too-large-to-parse = Too large to parse; the item is stored unparsed.
web-evidence-parse-failed = The content could not be parsed; the item is stored unparsed.
web-evidence-already-stored = Identical content was already in the vault and is stored once.
web-evidence-item-title = Evidence item { $id }
web-evidence-item-not-found = Evidence item { $id } not found.
web-evidence-origin-node = Node
web-evidence-hashes = Hashes
web-evidence-object-missing = The stored content of this item is missing.
web-evidence-records = Parsed records
web-evidence-no-records = This item has no parsed records.
web-evidence-records-summary = { $transactions ->
    [one] { $transactions } statement transaction
   *[other] { $transactions } statement transactions
 }, { $messages ->
    [one] { $messages } message
   *[other] { $messages } messages
 }, { $logs ->
    [one] { $logs } log entry
   *[other] { $logs } log entries
 } and { $unparsed ->
    [one] { $unparsed } line
   *[other] { $unparsed } lines
 } kept as raw text.
web-evidence-line = Line
web-evidence-raw-text = Raw text
web-evidence-custody = Chain of custody
web-evidence-verify = Verify custody
web-evidence-verify-hint = Checks the signed checkpoints, an inclusion proof for each event of this item, and that the stored content still has its recorded hashes.
web-evidence-verified = Custody verified: { $events ->
    [one] the item's { $events } custody event is
   *[other] the item's { $events } custody events are
 } in the signed custody log, and its stored content matches its hashes. The whole log was checked too: { $log_events ->
    [one] { $log_events } event
   *[other] { $log_events } events
 } and { $checkpoints ->
    [one] { $checkpoints } checkpoint
   *[other] { $checkpoints } checkpoints
 }; the latest checkpoint signs { $signed } events.
web-evidence-verify-failed = Custody verification failed: { $count } problems found. Keep the data directory as it is and report it.
web-evidence-event-time = Time
web-evidence-event-kind = Event
web-evidence-event-actor = By
web-evidence-event-details = Details
web-evidence-event-collected = Collected
web-evidence-event-sealed = Sealed
web-evidence-event-checked-in = Checked in
web-evidence-event-checked-out = Checked out
web-evidence-event-accessed = Accessed
web-evidence-event-parsed = Parsed
web-evidence-event-exported = Exported
web-evidence-event-transferred = Transferred
web-evidence-event-received = Received
web-evidence-event-disposed = Disposed
web-evidence-search-title = Search evidence
web-evidence-search-query = Words
web-evidence-search-submit = Search
web-evidence-any-kind = Any kind
web-evidence-sender = Sender
web-evidence-from = From (date)
web-evidence-to = To (date, inclusive)
web-evidence-text = Text
web-evidence-date-invalid = Invalid date "{ $value }": expected YYYY-MM-DD.
web-evidence-search-empty-query = The query has no word to search for; enter at least one word.
web-evidence-no-hits = No hits for "{ $query }" in case { $case }.
web-evidence-hit-count = { $count ->
    [one] 1 hit on this page.
   *[other] { $count } hits on this page.
}
web-evidence-previous = Previous page
web-evidence-next = Next page

# trace screen (web-trace): fund tracing form, graph, tables, CSV and freeze requests.
web-trace-title = Fund tracing
web-trace-link = Trace funds
web-trace-transaction = Start transaction id
web-trace-origin = Node that stored the transaction (optional; default: this node)
web-trace-account = Or start account (BANK/NUMBER)
web-trace-from = Time for the start account (optional): the start going forward, the end going backward
web-trace-direction = Direction
web-trace-direction-forward = Forward: where the money went
web-trace-direction-backward = Backward: where the money came from
web-trace-method = Attribution
web-trace-hops = Hop limit (1 to { $max })
web-trace-currency = Trace currency (optional; default: the start transaction's)
web-trace-rates = Exchange rates, one per line as FROM:TO=RATE
web-trace-case = Case reference (recorded as the purpose of the trace)
web-trace-submit = Trace
web-trace-csv = Download as CSV
web-trace-back = Back to the trace
web-trace-summary = { $total } traced through { $accounts } accounts and { $transactions } transactions.
web-trace-graph-caption = { $accounts } accounts in columns by hop from the start and { $transactions } transactions; arrows carry the traced amount in { $currency }.
web-trace-graph-held = holds { $amount }
web-trace-holding-heading = Accounts still holding traced money
web-trace-nodes-heading = Accounts reached
web-trace-edges-heading = Transactions carrying traced money
web-trace-col-hop = Hop
web-trace-col-received = Received
web-trace-col-forwarded = Passed on
web-trace-col-held = Holds
web-trace-col-stop = Not followed further because
web-trace-col-attributed = Traced part
web-trace-col-freeze = Freeze request
web-trace-freeze-hint = One freeze request is created for each account above, for the amount it holds, in case { $case }. A supervisor other than you must approve each one.
web-trace-freeze-submit = Request freezes for accounts still holding traced money
web-trace-freeze-created-title = Freeze requests created
web-trace-freeze-created = { $count } freeze requests created; each waits for a supervisor's approval.
web-trace-freeze-failed = Creating a freeze request failed, so the remaining accounts got none. The requests listed were created; try again for the others or use the freeze request form.
web-trace-error-start = Missing start: enter a transaction id or an account.
web-trace-error-both = Enter a transaction id or an account, not both.
web-trace-error-account = Invalid account "{ $value }": expected BANK/NUMBER.
web-trace-error-time = Invalid time "{ $value }": expected a date (YYYY-MM-DD), a date and time (2026-03-01T09:30) or RFC 3339.
web-trace-error-origin = Invalid node id "{ $value }".
web-trace-error-hops = Invalid hop limit "{ $value }": expected a whole number from 1 to 50.
web-trace-error-currency = Unknown currency "{ $value }": expected a three-letter ISO 4217 code such as CNY.
web-trace-error-rate = Invalid exchange rate "{ $value }": expected FROM:TO=RATE with a positive rate, such as LAK:CNY=0.00033.
web-trace-error-case = Missing case reference (at most { $max } characters): every trace is recorded with the case it serves.
web-trace-error-not-found = Transaction { $id } not found on node { $origin }: check the id and the node, or trace from an account.
web-trace-error-nothing = Account { $account } has no transactions to trace in this direction and time window.
web-trace-error-missing-rate = No exchange rate from { $from } to { $to }: add one such as { $from }:{ $to }=RATE.
web-trace-error-failed = The trace could not be computed: { $error }

# Part: goAML file upload on the reports screen (web-reports-files, web-reports-file).
web-reports-files = Upload goAML files
web-reports-files-hint = Choose one or more goAML XML files (.xml, schema 4.0.2 to 5.0.2), together up to { $max } MiB. Each file is validated on its own: a file with any error is rejected as a whole and nothing of it is stored, while the other files are still imported.
web-reports-files-label = goAML XML files
web-reports-files-submit = Upload files
web-reports-files-none = No file was chosen. Choose at least one goAML XML file.
web-reports-files-broken = The upload broke off or exceeded { $max } MiB. The files listed were processed; nothing after them was read. Upload the remaining files again.
web-reports-files-not-multipart = The upload is not a valid multipart/form-data body. Choose the files again and resend the form.
web-reports-body-unreadable = The request body could not be read. Paste the report again or upload it as a file.
web-reports-files-summary = { $files } files processed: { $stored } stored, { $already } already stored, { $rejected } rejected.
web-reports-file-name = File
web-reports-file-outcome = Outcome
web-reports-file-stored = stored; { $count } of its transactions went to the monitor for scoring.
web-reports-file-already-stored = was already stored; nothing changed. { $count } of its transactions were new to the monitor.
web-reports-file-rejected = Rejected with { $count ->
        [one] one error
       *[other] { $count } errors
    }; nothing of this file was stored.
web-reports-file-empty = The file is empty; nothing was stored.
web-reports-file-errors = Errors in { $file }

# Part: manual custody steps on the evidence item page (web-custody-form, web-custody-error).
web-custody-form-title = Record a custody step
web-custody-form-event = Step
web-custody-form-at = When
web-custody-form-at-hint = Taken in the node's time zone (UTC{ $offset }); leave empty for now.
web-custody-form-place = Place
web-custody-form-seal = Seal number (sealed only)
web-custody-form-note = Note (no personal data)
web-custody-form-submit = Record step
web-custody-error-event = Choose one of the listed custody steps.
web-custody-error-time = The time is invalid; enter a date and time, such as 2026-03-01T10:00.
web-custody-detail-at = at { $at }
web-custody-detail-place = place: { $place }
web-custody-detail-seal = seal { $seal }
web-custody-detail-note = note: { $note }

# Web newcomer fixes: registry dates.
web-registry-dates-hint = A date without a time is read in the node's time zone (UTC{ $offset }): a flag is in force from 00:00 on its start date through the end of its expiry date. An empty start means the time you submit.

# Evidence vault gaps: content downloads recorded as custody events, bank statement options.
web-evidence-download-purpose = Purpose of the download
web-evidence-download-hint = Downloading the content records an "accessed" event with your name, the time and this purpose in the item's chain of custody. Viewing this page records none.
web-evidence-download = Download the content
web-evidence-statement = Bank statement in the PaySim or AMLSim layout
web-evidence-statement-hint = PaySim and AMLSim statements carry no currency and count time in steps from a start date. Give both so that the statement is parsed. Other files ignore these fields.
web-evidence-field-statement-currency = Statement currency (ISO 4217, such as CNY)
web-evidence-field-statement-start = Date of step 0
web-evidence-statement-currency-invalid = Invalid statement currency "{ $value }": expected an ISO 4217 code, such as CNY or LAK.
web-evidence-statement-start-invalid = Invalid start date "{ $value }": expected a date, such as 2024-01-01.
web-evidence-statement-missing = Stored without parsing: a bank statement in the { $layout } layout needs these fields: { $missing }. Upload it again with them.

# Evidence lane, second round: why an item has no parsed records.
web-evidence-unparsed-kind = This item has no parsed records: no parser reads items of this kind.
web-evidence-unparsed-empty = This item has no parsed records: its content is empty.
web-evidence-unparsed-too-large = This item has no parsed records: its { $size } bytes are more than the { $max } bytes that parsing reads into memory.
web-evidence-unparsed-no-records = The parser ran on this item but found no records in it.
web-evidence-unparsed-failed = This item has no parsed records: the parser rejected its content. Check that the file is a complete export in a supported format.
web-evidence-unparsed-statement = This item has no parsed records: its header row is none of the bank statement layouts (canonical CSV, IBM AML, PaySim, AMLSim), or the parser rejected the content.
web-evidence-unparsed-statement-missing = This item has no parsed records. If it is a PaySim or AMLSim bank statement, it needs these fields, which were not given: { $missing }. Upload it again with them.

# Part: registry import report and audit screen labels (mekong-web registry and audit pages).
web-registry-reject-value = Value given
web-audit-action-account-view = Viewed an account
web-audit-action-alert-status-change = Changed an alert's status
web-audit-action-alert-view = Viewed an alert
web-audit-action-audit-export = Exported the audit trail
web-audit-action-audit-search = Searched the audit trail
web-audit-action-evidence-add = Added evidence
web-audit-action-evidence-custody = Recorded a chain-of-custody event
web-audit-action-evidence-download = Downloaded evidence
web-audit-action-evidence-export = Exported evidence
web-audit-action-evidence-list = Listed evidence
web-audit-action-evidence-parse = Parsed evidence
web-audit-action-evidence-search = Searched evidence
web-audit-action-evidence-verify = Verified evidence
web-audit-action-evidence-view = Viewed evidence
web-audit-action-freeze-approve = Approved a freeze
web-audit-action-freeze-decide-appeal = Decided a freeze appeal
web-audit-action-freeze-emergency-stop = Ordered an emergency stop-payment
web-audit-action-freeze-expire = Expired a freeze
web-audit-action-freeze-lodge-appeal = Lodged a freeze appeal
web-audit-action-freeze-release = Released a freeze
web-audit-action-freeze-renew = Renewed a freeze
web-audit-action-freeze-request = Requested a freeze
web-audit-action-freeze-return-funds = Returned frozen funds
web-audit-action-freeze-view = Viewed a freeze
web-audit-action-ftm-export = Exported FollowTheMoney entities
web-audit-action-ftm-import = Imported FollowTheMoney entities
web-audit-action-import-transactions = Imported transactions
web-audit-action-node-init = Initialised the node
web-audit-action-permission-allowed = Permission granted
web-audit-action-permission-denied = Permission denied
web-audit-action-registry-add = Listed an identifier
web-audit-action-registry-import = Imported registry entries
web-audit-action-registry-risk-query = Answered a risk query
web-audit-action-registry-view = Viewed the registry
web-audit-action-report-import = Imported a bank report
web-audit-action-report-view = Viewed a bank report
web-audit-action-signin-failure = Failed sign-in
web-audit-action-signin-password = Password accepted, second factor pending
web-audit-action-signin-second-factor-failure = Failed second-factor check
web-audit-action-signin-success = Signed in
web-audit-action-signout-everywhere = Signed out everywhere
web-audit-action-source-unlock = Unlocked a sign-in source
web-audit-action-token-create = Created an API token
web-audit-action-token-revoke = Revoked an API token
web-audit-action-user-create = Created a user
web-audit-action-user-disable = Disabled a user
web-audit-action-user-enable = Enabled a user
web-audit-action-user-roles = Changed a user's roles
web-audit-action-user-unlock = Unlocked a user
web-audit-outcome-stored = Stored
web-audit-outcome-already-stored = Already stored
web-audit-outcome-rejected = Rejected
web-audit-outcome-empty = Empty file
web-audit-outcome-allowed = Allowed
web-audit-outcome-denied = Denied
