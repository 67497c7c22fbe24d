# Shared terms. Keep one term per concept, as listed in the product's glossary.
app-name = Mekong Bridge
term-alert = alert
term-transaction = transaction
term-account = account
decision-allow = allow
decision-review = review
decision-hold = hold
status-open = open
status-under_review = under review
status-escalated = escalated
status-dismissed = dismissed

# Part: flagged-identifier registry (mekong-registry). Reasons for rejected registry rows and values.
registry-invalid-empty = The value is empty.
registry-invalid-bank-account = Invalid bank account: write it as BANK/NUMBER, such as ICBC/6222000000000001.
registry-invalid-phone = Invalid phone number: it cannot be parsed as a phone number.
registry-invalid-url = Invalid URL: expected a web address such as https://example.com/pay.
registry-invalid-domain = Invalid domain: expected a domain name such as example.com.
registry-invalid-imei-length = Invalid IMEI: it must have 15 digits.
registry-invalid-imei-check = Invalid IMEI: the check digit (Luhn) does not match.
registry-invalid-ip = Invalid IP address: expected IPv4 such as 203.0.113.5 or IPv6 such as 2001:db8::1.
registry-invalid-wallet = Invalid wallet address: it contains spaces or control characters.
registry-unknown-kind = Unknown identifier kind: use bank_account, phone, url, domain, wallet, imei or ip.
registry-unknown-listing = Unknown listing type: use case_related_account, barred_account_renter, scam_phone, scam_url or other.
registry-invalid-time = Invalid time: use RFC 3339 such as 2026-05-01T00:00:00+08:00, or a date such as 2026-05-01.
registry-missing-field = The field { $column } is missing: every listing states its reason, source agency, legal basis and appeal route.
registry-missing-column = The file has no { $column } column: the header needs kind, value, listing_type, reason, source_agency, legal_basis, appeal and starts_at.
registry-too-long = The field { $column } is too long: at most 2,000 characters.
registry-expiry-before-start = The expiry must be after the start.

# CLI lane: `mekong registry add` options
registry-invalid-time-flag = Invalid --{ $flag } "{ $value }": use RFC 3339 such as 2026-05-01T00:00:00+08:00, or a date such as 2026-05-01.

# Part: registry dates (mekong-registry period rule, all routes).
registry-expiry-passed = The expiry { $value } is already past: a listing without a start begins now, so it would never be in force. Give a later expiry, or a start date.
registry-lapsed-warning = Warning: this listing has already expired, so it flags nothing and no risk query reports it.
