app-name = 湄公桥
term-alert = 预警
term-transaction = 交易
term-account = 账户
decision-allow = 放行
decision-review = 复核
decision-hold = 暂停支付
status-open = 待处理
status-under_review = 审查中
status-escalated = 已上报
status-dismissed = 已排除

# Part: flagged-identifier registry (mekong-registry). Reasons for rejected registry rows and values.
registry-invalid-empty = 值为空。
registry-invalid-bank-account = 银行账户无效：请写成 银行/账号，例如 ICBC/6222000000000001。
registry-invalid-phone = 电话号码无效：无法解析为电话号码。
registry-invalid-url = 网址无效：应为网址，例如 https://example.com/pay。
registry-invalid-domain = 域名无效：应为域名，例如 example.com。
registry-invalid-imei-length = IMEI 无效：必须为 15 位数字。
registry-invalid-imei-check = IMEI 无效：校验位（Luhn）不符。
registry-invalid-ip = IP 地址无效：应为 IPv4（如 203.0.113.5）或 IPv6（如 2001:db8::1）。
registry-invalid-wallet = 钱包地址无效：含有空格或控制字符。
registry-unknown-kind = 未知的标识类型：请使用 bank_account、phone、url、domain、wallet、imei 或 ip。
registry-unknown-listing = 未知的列入类型：请使用 case_related_account、barred_account_renter、scam_phone、scam_url 或 other。
registry-invalid-time = 时间无效：请使用 RFC 3339（如 2026-05-01T00:00:00+08:00）或日期（如 2026-05-01）。
registry-missing-field = 缺少字段 { $column }：每条列入记录都须写明理由、来源机构、法律依据和申诉途径。
registry-missing-column = 文件缺少 { $column } 列：表头须包含 kind、value、listing_type、reason、source_agency、legal_basis、appeal 和 starts_at。
registry-too-long = 字段 { $column } 过长：最多 2,000 个字符。
registry-expiry-before-start = 到期时间必须晚于开始时间。

# CLI lane: `mekong registry add` options
registry-invalid-time-flag = --{ $flag } 的值“{ $value }”无效：请使用 RFC 3339（如 2026-05-01T00:00:00+08:00）或日期（如 2026-05-01）。

# Part: registry dates (mekong-registry period rule, all routes).
registry-expiry-passed = 到期时间 { $value } 已经过去：未填写开始时间的名单条目从现在开始生效，因此永远不会生效。请填写更晚的到期时间，或填写开始日期。
registry-lapsed-warning = 警告：该名单条目已经到期，因此不会标记任何账户，风险查询也不会报告它。
