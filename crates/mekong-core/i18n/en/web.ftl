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
