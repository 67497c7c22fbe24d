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
