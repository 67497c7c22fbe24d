# Fund tracing: the `mekong trace` commands.
trace-summary-forward = Forward fund tracing from { $start } ({ $method }): { $total } traced through { $accounts ->
    [one] 1 account
   *[other] { $accounts } accounts
} and { $transactions ->
    [one] 1 transaction
   *[other] { $transactions } transactions
}.
trace-summary-backward = Backward fund tracing from { $start } ({ $method }): { $total } traced back through { $accounts ->
    [one] 1 account
   *[other] { $accounts } accounts
} and { $transactions ->
    [one] 1 transaction
   *[other] { $transactions } transactions
}.
trace-method-fifo = first in, first out
trace-method-proportional = proportional
trace-edges-heading = Transactions carrying traced money:
trace-edge = hop { $hop }  { $time }  { $debtor } → { $creditor }  { $attributed } of { $amount } ({ $channel }), transaction { $id }
trace-nodes-heading = Accounts reached:
trace-node = { $account } (hop { $hop }): received { $received }, passed on { $forwarded }, holds { $held }
trace-node-stop = ; not followed further: { $reason }
trace-stop-cash-out = cash withdrawal
trace-stop-cash-in = cash deposit
trace-stop-cross-border = cross-border transfer
trace-stop-crypto = crypto-asset exchange
trace-stop-hop-limit = hop limit reached
trace-stop-account-limit = account limit reached
trace-holding-heading = Accounts still holding traced money (candidates for a freeze request):
trace-sources-heading = Accounts the money came from, not traced further back:
trace-holding-none = No account holds traced money that could be frozen.
trace-truncated = The trace stopped after { $transactions } transactions and is incomplete; start it from a later hop to see the rest.
trace-csv-written = Trace written as CSV to { $file }.
trace-invalid-time = Invalid --from { $value }: give a time in RFC 3339, such as 2026-03-01T09:30:00+08:00, or a date as YYYY-MM-DD.
trace-missing-start = Missing start: give --transaction ID or --account BANK:NUMBER.
