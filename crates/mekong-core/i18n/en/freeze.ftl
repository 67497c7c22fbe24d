# Freezes of accounts: the `mekong freeze` commands.
freeze-created = Freeze { $id } created; state: { $state }.
freeze-moved = Freeze { $id } moved from { $from } to { $to }.
freeze-expired = { $count ->
    [one] 1 freeze expired.
   *[other] { $count } freezes expired.
}
freeze-not-found = Freeze { $id } not found; run `mekong freeze list` to see the ids.
freeze-user-not-found = User { $user } not found or disabled; check the name with `mekong user list`.
freeze-read-forbidden = User { $user } holds no role allowed to read freezes.
freeze-field-state = State
freeze-field-accounts = Accounts
freeze-field-amount = Frozen amount
freeze-field-legal-basis = Legal basis
freeze-field-case = Case
freeze-field-reason = Reason
freeze-field-requested-by = Requested by
freeze-field-approved-by = Approved by
freeze-field-expires = Expires
freeze-field-returned = Returned to victims
freeze-field-history = History

# Freeze operations: debit holds, expiry reminders and bank notices.
explain-frozen-debit = Debit from an account frozen under { $freeze } held; payments into the account are still accepted.
freeze-field-reminded = Expiry reminder
freeze-reminder-line = Reminded on { $at } that the freeze expires on { $expires }.
freeze-field-notices = Bank notices
freeze-notice-delivered = Notice { $id } ({ $state }) delivered on { $at }.
freeze-notice-pending = Notice { $id } ({ $state }) pending after { $attempts } failed attempts.
freeze-list-reminded = reminded
bench-freeze-result = { $count } approvals: the first debit after approval was held after p50 { $p50 } µs, p99 { $p99 } µs, max { $max } µs; { $allowed } debits allowed after an approval.
