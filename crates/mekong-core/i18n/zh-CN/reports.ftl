# goAML 银行报告与 FtM 实体（mekong import goaml、export ftm、import ftm、reports）。
reports-rejected = { $file }：报告被拒绝，共 { $count } 处错误；未保存任何内容。
reports-error-line = { $path }：{ $rule }（值："{ $value }"）
reports-error-line-structure = { $path }：{ $rule }
reports-stored = { $file }：报告已保存，编号 { $id }。
reports-already-stored = { $file }：报告 { $id } 此前已保存；未作任何更改。
reports-monitored = 报告中的 { $count } 笔账户间交易已交由监测引擎评分。
reports-merge-suggestion = { $left } 与 { $right } 可能是同一人员、机构或银行账户：{ $reason }。
reports-merge-name-birth = 姓名和出生日期相同
reports-merge-id-number = 证件号码相同
reports-merge-none = 没有合并建议。
reports-ftm-imported = 读取 { $read } 个实体；其中 { $changed } 个为新增或已更改。
reports-rule-malformed = 文件不是格式正确的 XML（{ $limit }）
reports-rule-unexpected-root = 根元素必须是 report
reports-rule-unknown-element = goAML 模式不允许此处出现该元素
reports-rule-element-order = 元素位置错误；请按 goAML 模式的元素顺序排列
reports-rule-missing-element = 缺少必填元素
reports-rule-too-many-elements = 元素重复次数超过允许值
reports-rule-invalid-integer = 不是整数
reports-rule-invalid-decimal = 不是十进制数
reports-rule-invalid-date = 不是有效的日期时间（YYYY-MM-DDThh:mm:ss）
reports-rule-invalid-boolean = 不是 true 或 false
reports-rule-unknown-code = 不是 goAML 模式允许的代码
reports-rule-too-short = 少于 { $limit } 个字符
reports-rule-too-long = 超过 { $limit } 个字符
reports-rule-below-minimum = 低于最小值 { $limit }
reports-rule-above-maximum = 高于最大值 { $limit }
reports-rule-too-many-fraction-digits = 小数点后超过 { $limit } 位
reports-rule-negative-amount = 金额不得为负数

# p2gaps: goAML pattern facets
reports-rule-pattern-mismatch = 不符合 goAML 模式要求的格式 { $limit }

# Part: bank reports gaps (merge suggestions for organisations and bank accounts, paste limit, schema version).
reports-merge-registration = 注册号码和国家相同
reports-merge-organisation-name = 名称相同，且国家或注册号码相同
reports-merge-account-number = 同一银行的账号相同，或 IBAN 相同
web-entities-kind = 种类
web-entities-kind-person = 人员
web-entities-kind-organisation = 机构
web-entities-kind-bank-account = 银行账户
web-entities-decide-same-organisation = 同一机构
web-entities-decide-same-account = 同一账户
web-entities-decided-same-organisation = 已记录：同一机构
web-entities-decided-same-account = 已记录：同一账户
web-entities-recorded-same-organisation = 决定已记录：同一机构。实体未被更改。
web-entities-recorded-same-account = 决定已记录：同一账户。实体未被更改。
web-reports-paste-too-large = 粘贴的报告过大：本表单按浏览器发送的大小计最多接受 { $max } MiB。未保存任何内容。较大的报告请用 `mekong import goaml` 导入。
web-reports-declared-version = 声明的模式版本
web-reports-checked-version = 校验所用的 goAML 模式
web-reports-version-not-declared = 未声明
