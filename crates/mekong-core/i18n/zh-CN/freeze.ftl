# 账户冻结：`mekong freeze` 命令。
freeze-created = 已创建冻结 { $id }；状态：{ $state }。
freeze-moved = 冻结 { $id } 已从 { $from } 变为 { $to }。
freeze-expired = { $count } 项冻结已到期。
freeze-not-found = 未找到冻结 { $id }；运行 `mekong freeze list` 查看编号。
freeze-user-not-found = 未找到用户 { $user } 或该用户已停用；请用 `mekong user list` 核对用户名。
freeze-read-forbidden = 用户 { $user } 没有可查看冻结的角色。
freeze-field-state = 状态
freeze-field-accounts = 账户
freeze-field-amount = 冻结金额
freeze-field-legal-basis = 法律依据
freeze-field-case = 案件
freeze-field-reason = 理由
freeze-field-requested-by = 申请人
freeze-field-approved-by = 批准人
freeze-field-expires = 到期时间
freeze-field-returned = 已返还受害人
freeze-field-history = 历史记录

# Freeze operations: debit holds, expiry reminders and bank notices.
explain-frozen-debit = 已冻结账户（冻结编号 { $freeze }）的转出交易被暂停；转入该账户的款项仍予接收。
freeze-field-reminded = 到期提醒
freeze-reminder-line = 已于 { $at } 提醒：冻结将于 { $expires } 到期。
freeze-field-notices = 银行通知
freeze-notice-delivered = 通知 { $id }（{ $state }）已于 { $at } 送达。
freeze-notice-pending = 通知 { $id }（{ $state }）待发送，已失败 { $attempts } 次。
freeze-list-reminded = 已提醒
bench-freeze-result = 共 { $count } 次批准：批准后第一笔转出交易被暂停的间隔 p50 { $p50 } 微秒，p99 { $p99 } 微秒，最大 { $max } 微秒；批准后被放行的转出交易 { $allowed } 笔。
