# Messages of the cli part; filled in as the part is built.

# Part: transaction file formats (mekong-ingest). Reasons a row is rejected.
reject-wrong-column-count = 该行有 { $found } 列，但表头有 { $expected } 列。
reject-record-too-long = 该行超过 { $max } 字节，未读取；可能有引号未闭合。
reject-amount-not-a-number = 金额不是数字：请只写数字，可带小数点，如 1250.50，不要使用千位分隔符。
reject-amount-negative = 金额为负数：请写正数金额，资金方向由付款方和收款方两列表示。
reject-amount-zero = 金额为零：一笔交易必须转移正数金额。
reject-amount-exponent = 金额使用了指数形式：请写普通数字，如 1500000 而不是 1.5e6。
reject-amount-too-many-digits = 金额超过 { $max } 位数字，无法精确存储。
reject-unknown-currency = 未知币种：应为 ISO 4217 代码，如 CNY、LAK、THB 或 USD。
reject-unknown-currency-name = 未知币种：应为以下之一：{ $expected }。
reject-invalid-timestamp = 时间戳无效：应为 { $example } 这样的格式。
reject-impossible-timestamp = 时间戳中的日期或时间不存在，如 2 月 30 日或 25:00。
reject-invalid-step = 时间步无效：应为从起始日期算起的整数{ $unit ->
        [day] 天数
       *[hour] 小时数
    }。
reject-missing-field = 该字段为空，但此列为必填项。
reject-unknown-account = 该账户未列在 { $file } 中。
reject-unknown-channel = 未知渠道或交易类型：应为以下之一：{ $expected }。
reject-invalid-country = 国家代码无效：应为 ISO 3166-1 两位字母代码（如 CN 或 LA），或留空。
reject-id-too-long = 交易编号超过 { $max } 字节。
reject-invalid-id = 交易编号包含控制字符。
reject-field-too-long = 该字段超过 { $max } 个字符。
reject-invalid-encoding = 该行包含不是有效 { $encoding } 文本的字节；请将文件另存为 UTF-8 后重新导入。
reject-invalid-label = 欺诈标签无效：应为 0 或 1。
reject-read-failed = 在此处读取文件失败，文件其余部分未读取：{ $error }

# Part: transaction file formats (mekong-ingest). Errors that stop a whole file.
ingest-error-open = 无法打开 { $path }：{ $error }。请检查路径以及文件是否可读。
ingest-error-read = 无法读取 { $path }：{ $error }。请检查文件是否完整且可读。
ingest-error-empty = { $path } 为空：应有一行表头，随后是交易。
ingest-error-unknown-header = { $path } 的表头不符合任何已知格式（读到：{ $found }）。应为 amlsim、ibm-aml、paysim 或 canonical 文件的表头（见 docs/canonical-csv.md），或用 --format 指定格式。
ingest-error-header-mismatch = { $path } 的表头与格式 { $format } 不符：应为 { $expected }，读到 { $found }。使用 --format auto 可自动识别格式。
ingest-error-accounts-file = { $path } 是 AMLSim 账户文件，不含交易：请导入同一文件夹中的 transactions.csv。
ingest-error-accounts-header = 账户文件 { $path } 没有账户编号列：应为 nodeid、acct_id 或 account_id 之一。
ingest-error-missing-currency = { $format } 文件不含币种：请用 --currency 指定，例如 --currency CNY（文件 { $path }）。
ingest-error-missing-start-date = { $format } 文件不含日历日期：请用 --start-date 指定，例如 --start-date 2026-01-01（文件 { $path }）。
ingest-error-invalid-offset = UTC 偏移 { $seconds } 秒无效：应在正负一天以内，如 UTC+8 为 28800。
ingest-error-no-labels = { $path } 不含欺诈标签：请提供带 isFraud 列的 AMLSim nodes.csv 或账户文件、PaySim 文件或 IBM AML 文件。
ingest-error-write-rejects = 无法将被拒收的行写入 { $path }：{ $error }。请检查磁盘空间和权限。

# Part: flagged-identifier registry commands (mekong registry).
registry-added = 已将 { $kind } { $value } 列入名单。
registry-updated = 已更新 { $kind } { $value } 的列入记录。
registry-unchanged = { $kind } { $value } 已以相同方式列入名单，未做更改。
registry-removed = 已移除 { $count } 条列入记录。
registry-imported = 读取 { $read } 行：新增 { $added }，更新 { $updated }，未变 { $unchanged }，拒收 { $rejected }（见 { $rejects }）。

## pacs.008 import
reject-missing-element = 缺少必需的元素或元素为空；请在此交易中补上该元素后重新导入文件。
reject-invalid-bic = BIC 无效：应为 8 或 11 位字母和数字，第 5、6 位为国家代码，例如 BKCHCNBJXXX。
reject-invalid-xml = 此处 XML 格式错误，文件其余部分未读取：{ $error }。请修正 XML 后重新导入文件；已导入的交易会被跳过。
ingest-error-not-pacs008 = { $path } 不是 ISO 20022 pacs.008 FIToFICstmrCdtTrf 报文（发现：{ $found }）。应使用命名空间 urn:iso:std:iso:20022:tech:xsd:pacs.008.001.02 至 .10，或为 CSV 文件指定 --format。

# Part: mekong generate summary.
generate-summary = { $file }：写入 { $rows } 笔交易，涉及 { $accounts } 个账户，用时 { $elapsed } 秒
generate-standard-output = 标准输出
generate-json-needs-file = --json 把摘要打印到标准输出，而 --out - 也把交易写到标准输出：请指定输出文件，例如 --out stream.csv。

# Part: registry list, label of a listing whose expiry has passed.
registry-list-expired = 已到期
