# Messages of the monitor part; filled in as the part is built.

## Transaction monitor (crate mekong-monitor)

# Rule names and descriptions, keyed by rule id.
rule-large_amount = 大额单笔交易
rule-large_amount-description = 单笔交易金额达到或超过该币种的阈值。
rule-structuring = 拆分交易
rule-structuring-description = 短时间内多笔交易金额略低于报告阈值，疑似拆分资金以规避报告。
rule-velocity = 高频交易
rule-velocity-description = 一个账户在短时间内交易笔数过多或交易总额过高。
rule-fan_in = 分散转入
rule-fan_in-description = 多个不同账户向同一账户转账，例如受害人向收款账户汇款。
rule-fan_out = 分散转出
rule-fan_out-description = 一个账户向多个不同账户转账，例如涉诈账户将资金分散转至其他账户。
rule-pass_through = 快进快出
rule-pass_through-description = 账户收到的资金大部分在几分钟内又被转出，是涉诈过渡账户的典型特征。
rule-cycle = 资金回流
rule-cycle-description = 资金经其他账户转账数次后回到原账户。
rule-dormant_burst = 休眠或新开账户突然活跃
rule-dormant_burst-description = 长期无交易的账户或新账户突然发生大额资金往来。
rule-flagged_counterparty = 交易对手已被标记
rule-flagged_counterparty-description = 与标记名单上的账户之间的交易。
rule-cross_border = 中老跨境交易
rule-cross_border-description = 中国境内账户与老挝境内账户之间的交易，不论方向。

# Why a rule matched: alert explanations. Amounts carry their currency code.
explain-large-amount = 交易金额 { $amount }，达到或超过阈值 { $threshold }。
explain-structuring = { $window }{ $window_unit ->
        [day] 天
        [days] 天
        [hour] 小时
        [hours] 小时
        [minute] 分钟
        [minutes] 分钟
        [second] 秒
       *[seconds] 秒
    }内有 { $count } 笔交易金额在 { $lower } 至 { $threshold } 之间，合计 { $total }，略低于报告阈值。
explain-velocity = { $window }{ $window_unit ->
        [day] 天
        [days] 天
        [hour] 小时
        [hours] 小时
        [minute] 分钟
        [minutes] 分钟
        [second] 秒
       *[seconds] 秒
    }内发生 { $count } 笔交易，交易总额 { $turnover }。
explain-fan-in = { $window }{ $window_unit ->
        [day] 天
        [days] 天
        [hour] 小时
        [hours] 小时
        [minute] 分钟
        [minutes] 分钟
        [second] 秒
       *[seconds] 秒
    }内有 { $count } 个不同账户向本账户转账，合计 { $total }。
explain-fan-out = 本账户在{ $window }{ $window_unit ->
        [day] 天
        [days] 天
        [hour] 小时
        [hours] 小时
        [minute] 分钟
        [minutes] 分钟
        [second] 秒
       *[seconds] 秒
    }内向 { $count } 个不同账户转账，合计 { $total }。
explain-pass-through = 账户在{ $window }{ $window_unit ->
        [day] 天
        [days] 天
        [hour] 小时
        [hours] 小时
        [minute] 分钟
        [minutes] 分钟
        [second] 秒
       *[seconds] 秒
    }内收到 { $inflow }，转出 { $outflow }（{ $percent }%）。
explain-cycle = { $amount } 从本账户转出，经 { $hops } 笔交易在{ $window }{ $window_unit ->
        [day] 天
        [days] 天
        [hour] 小时
        [hours] 小时
        [minute] 分钟
        [minutes] 分钟
        [second] 秒
       *[seconds] 秒
    }内回流 { $returned }。
explain-dormant = 账户在 { $idle_days } 天无交易后，于{ $window }{ $window_unit ->
        [day] 天
        [days] 天
        [hour] 小时
        [hours] 小时
        [minute] 分钟
        [minutes] 分钟
        [second] 秒
       *[seconds] 秒
    }内资金往来 { $turnover }。
explain-new-account = 账户首次出现不足{ $new_within }{ $new_within_unit ->
        [day] 天
        [days] 天
        [hour] 小时
        [hours] 小时
        [minute] 分钟
        [minutes] 分钟
        [second] 秒
       *[seconds] 秒
    }，于{ $window }{ $window_unit ->
        [day] 天
        [days] 天
        [hour] 小时
        [hours] 小时
        [minute] 分钟
        [minutes] 分钟
        [second] 秒
       *[seconds] 秒
    }内资金往来 { $turnover }。
explain-flagged-creditor = 向已标记账户 { $counterparty } 付款：{ $reason }
explain-flagged-debtor = 收到已标记账户 { $counterparty } 的付款：{ $reason }
explain-cross-border = 从 { $from } 到 { $to } 的跨境交易，金额 { $amount }。
