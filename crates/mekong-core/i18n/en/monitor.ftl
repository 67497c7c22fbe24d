# Messages of the monitor part; filled in as the part is built.

## Transaction monitor (crate mekong-monitor)

# Rule names and descriptions, keyed by rule id.
rule-large_amount = Large single amount
rule-large_amount-description = One payment at or above the threshold for its currency.
rule-structuring = Structuring
rule-structuring-description = Several payments just under a reporting threshold within a short time, as when a sum is split to avoid a report.
rule-velocity = High velocity
rule-velocity-description = Many payments, or a high turnover, on one account within a short time.
rule-fan_in = Fan-in
rule-fan_in-description = Many different accounts paying one account, as fraud victims paying a collection account.
rule-fan_out = Fan-out
rule-fan_out-description = One account paying many different accounts, as a mule account spreading money over other accounts.
rule-pass_through = Rapid pass-through
rule-pass_through-description = Most of what an account receives leaves it again within minutes: the pattern of a mule account.
rule-cycle = Cycle
rule-cycle-description = Money returns to the account it left after a few payments through other accounts.
rule-dormant_burst = Dormant or new account burst
rule-dormant_burst-description = An account that was idle for a long time, or is new, suddenly moves large sums.
rule-flagged_counterparty = Flagged counterparty
rule-flagged_counterparty-description = A payment to or from an account on the flag list.
rule-cross_border = China–Laos cross-border payment
rule-cross_border-description = A payment between an account in China and one in Laos, in either direction.

# Why a rule matched: alert explanations. Amounts carry their currency code.
explain-large-amount = Payment of { $amount }, at or above the threshold of { $threshold }.
explain-structuring = { $count } payments between { $lower } and { $threshold } within { $window } { $window_unit ->
        [day] day
        [days] days
        [hour] hour
        [hours] hours
        [minute] minute
        [minutes] minutes
        [second] second
       *[seconds] seconds
    }, together { $total }: just under the reporting threshold.
explain-velocity = { $count } payments within { $window } { $window_unit ->
        [day] day
        [days] days
        [hour] hour
        [hours] hours
        [minute] minute
        [minutes] minutes
        [second] second
       *[seconds] seconds
    }, with a turnover of { $turnover }.
explain-fan-in = { $count } different accounts paid this account within { $window } { $window_unit ->
        [day] day
        [days] days
        [hour] hour
        [hours] hours
        [minute] minute
        [minutes] minutes
        [second] second
       *[seconds] seconds
    }, together { $total }.
explain-fan-out = This account paid { $count } different accounts within { $window } { $window_unit ->
        [day] day
        [days] days
        [hour] hour
        [hours] hours
        [minute] minute
        [minutes] minutes
        [second] second
       *[seconds] seconds
    }, together { $total }.
explain-pass-through = The account received { $inflow } and paid out { $outflow } ({ $percent }%) within { $window } { $window_unit ->
        [day] day
        [days] days
        [hour] hour
        [hours] hours
        [minute] minute
        [minutes] minutes
        [second] second
       *[seconds] seconds
    }.
explain-cycle = { $amount } left this account and { $returned } came back to it through { $hops } payments within { $window } { $window_unit ->
        [day] day
        [days] days
        [hour] hour
        [hours] hours
        [minute] minute
        [minutes] minutes
        [second] second
       *[seconds] seconds
    }.
explain-dormant = After { $idle_days } days without activity, the account moved { $turnover } within { $window } { $window_unit ->
        [day] day
        [days] days
        [hour] hour
        [hours] hours
        [minute] minute
        [minutes] minutes
        [second] second
       *[seconds] seconds
    }.
explain-new-account = The account was first seen less than { $new_within } { $new_within_unit ->
        [day] day
        [days] days
        [hour] hour
        [hours] hours
        [minute] minute
        [minutes] minutes
        [second] second
       *[seconds] seconds
    } ago and moved { $turnover } within { $window } { $window_unit ->
        [day] day
        [days] days
        [hour] hour
        [hours] hours
        [minute] minute
        [minutes] minutes
        [second] second
       *[seconds] seconds
    }.
explain-flagged-creditor = Payment to flagged account { $counterparty }: { $reason }
explain-flagged-debtor = Payment from flagged account { $counterparty }: { $reason }
explain-cross-border = Cross-border payment of { $amount } from { $from } to { $to }.
