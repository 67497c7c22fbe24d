# 证据库与证据保管链（mekong evidence、mekong custody）。

evidence-added = 已添加证据 { $id }：{ $size } 字节，SHA-256 { $sha256 }，SM3 { $sm3 }
evidence-legacy-hashes = { "  " }MD5 { $md5 }，SHA-1 { $sha1 }
evidence-already-stored = { "  " }证据库中已有相同内容，内容只存储一份；已记录本证据及其保管事件。
evidence-list-header = 案件 { $case } 的证据：
evidence-list-row = { $id }  { $kind }  物证编号 { $exhibit }  { $size } 字节  SHA-256 { $sha256 }
evidence-list-empty = 案件 { $case } 没有证据。
evidence-unknown-kind = 未知的证据类型“{ $kind }”；可用类型：{ $kinds }。
evidence-invalid-time = 收集时间“{ $value }”无效：应为带时区偏移的 RFC 3339 时间，例如 2026-03-01T10:00:00+07:00。

custody-verify-ok = 证据保管链完整：已验证 { $events } 个事件、{ $checkpoints } 个签名检查点、{ $items } 件证据和 { $objects } 个存储对象。
custody-verify-failed = 证据保管链已损坏：发现 { $count } 个问题。请保持数据目录原样，并报告督察部门。
custody-problem = { "  " }{ $subject }：{ $problem }
custody-vault-key-missing = 证据库密钥 { $path } 缺失，无法解密并重新计算已存证据的哈希值。请从节点备份中恢复该密钥文件。

custody-subject-checkpoint = 检查点 { $id }
custody-subject-event = 事件 { $id }
custody-subject-item = 证据 { $id }
custody-subject-object = 存储对象 { $id }
custody-subject-log = 保管日志

custody-problem-malformed-checkpoint = 检查点无法解析
custody-problem-bad-signature = 检查点未由本节点密钥签名
custody-problem-tree-shrank = 检查点覆盖的事件少于前一个检查点
custody-problem-inconsistent = 已存储的事件与该检查点签名的日志不一致
custody-problem-no-checkpoint = 没有有效的签名检查点
custody-problem-sequence-gap = 保管事件缺失或顺序错乱
custody-problem-missing-events = 最新检查点覆盖的事件已被删除
custody-problem-unsigned-events = 存在未被任何检查点签名的新增事件
custody-problem-not-included = 该事件不在已签名的保管日志中
custody-problem-content-hash-mismatch = 证据记录与其保管事件所指的内容不一致
custody-problem-object-missing = 存储的内容缺失
custody-problem-object-damaged = 存储的内容无法解密，已被篡改或损坏
custody-problem-object-hash-mismatch = 存储的内容与记录的哈希值不符

# 证据解析与搜索（mekong evidence parse、mekong evidence search）。

evidence-parsed = { "  " }已用 { $parser } 版本 { $version } 解析：{ $records } 条记录，{ $unparsed } 条无法解析；输出 SHA-256 { $sha256 }
evidence-parse-unchanged = { "  " }此前的解析已记录相同的输出，因此未添加新的保管事件。
evidence-unparsed-line = { "  " }第 { $line } 行按原文保留：{ $reason }
evidence-unparsed-entry = { "  " }条目按原文保留：{ $reason }
evidence-parse-no-parser = { "  " }没有适用于此类型和内容的解析器，证据已存储但未解析。
evidence-item-not-found = 未找到证据 { $id }；运行“mekong evidence list --case REF”查看证据编号。
evidence-search-header = 案件 { $case } 中有 { $count } 条结果，第 { $page } 页：
evidence-search-hit = { $item } 第 { $line } 行  { $time }  { $sender }：{ $text }
evidence-search-hit-no-line = { $item }  { $time }  { $sender }：{ $text }
evidence-search-none = 案件 { $case } 中没有“{ $query }”的结果。
evidence-search-empty-query = 查询中没有可搜索的词；请至少输入一个词。
evidence-search-denied = 权限不足：搜索证据需要侦查员、检察官或主管角色。
evidence-search-invalid-time = 时间“{ $value }”无效：应为带时区偏移的 RFC 3339 时间，例如 2026-03-01T00:00:00+07:00。

# Court export (mekong evidence export, mekong custody verify DIR).
evidence-export-done = 已将案件 { $case } 的庭审导出包写入 { $dir }：{ $items } 件证据、{ $events } 个保管事件、{ $checkpoints } 个签名检查点，签名的 MANIFEST 列出 { $files } 个文件。验证命令：mekong custody verify { $dir }
package-invalid-key = 节点密钥 { $value } 无效：应为 64 位十六进制的 Ed25519 公钥。
package-not-found = 导出包目录 { $dir } 不存在或不是目录。
package-verify-ok = 庭审导出包完整：已验证 { $files } 个文件、{ $items } 件证据、{ $events } 个保管事件和 { $checkpoints } 个签名检查点。
package-verify-failed = 庭审导出包已损坏：发现 { $count } 个问题。请勿将此导出包提交法庭，并请导出节点重新导出。
package-problem = { "  " }{ $file }：{ $problem }（{ $detail }）
package-problem-in = { "  " }{ $file }，{ $subject }：{ $problem }（{ $detail }）
package-key-pinned = 由节点 { $node } 使用指定密钥 { $key } 签名。
package-key-unpinned = 由节点 { $node } 使用密钥 { $key } 签名。请将此密钥与该节点公布的密钥核对，或用 --key 指定。
package-problem-file-missing = 文件缺失
package-problem-file-unlisted = 文件未列在 MANIFEST 中
package-problem-file-hash-mismatch = 文件在导出后被修改
package-problem-manifest-invalid = 无法读取 MANIFEST
package-problem-manifest-signature = MANIFEST 不是由节点密钥签名
package-problem-node-key-invalid = 节点密钥无效或不是预期的密钥
package-problem-checkpoint-invalid = 检查点不是由节点密钥签名
package-problem-inconsistent = 检查点未延续前一个检查点
package-problem-no-checkpoint = 没有有效的签名检查点
package-problem-record-invalid = 记录不是有效的规范 JSON，或文件名不符
package-problem-not-included = 保管事件不在已签名的保管日志中
package-problem-content-hash-mismatch = 内容与其记录的哈希值不一致
package-problem-history-incomplete = 证据的保管链不完整

# Manual custody events (mekong evidence custody).
evidence-custody-recorded = 已为证据 { $id } 记录保管事件 { $event }（事件 { $seq }），并签署了保管检查点。
evidence-custody-unknown-event = 未知的保管事件“{ $event }”；请使用以下之一：{ $kinds }。
evidence-custody-invalid-time = 事件时间“{ $value }”无效：应为带时区偏移的 RFC 3339 格式，例如 2026-03-01T10:00:00+07:00。
evidence-custody-rejected = 证据 { $id } 的保管事件 { $event } 被拒绝：{ $reason }。未记录任何内容。
custody-rejected-system-kind = 此类事件只能由系统记录
custody-rejected-after-disposed = 该证据已处置，不能再记录后续事件
custody-rejected-not-checked-in = 该证据未入库；请先记录 checked_in
custody-rejected-not-checked-out = 该证据已在库中；请先记录 checked_out
custody-rejected-seal-missing = 封存事件需要封条编号（--seal）
custody-rejected-seal-not-allowed = 只有封存事件可以填写封条编号；请删除
custody-rejected-future-time = 事件时间晚于当前时间；请检查时间及其时区偏移

# Evidence vault gaps: bank statement options of `evidence add`.
evidence-invalid-statement-currency = 流水币种“{ $value }”无效：应为 ISO 4217 代码，例如 CNY 或 LAK。
evidence-invalid-statement-start = 流水起始日期“{ $value }”无效：应为 YYYY-MM-DD，例如 2024-01-01。
evidence-statement-options-missing = { "  " }未解析：证据 { $id } 是 { $layout } 格式的银行流水，需要 { $missing }。证据已保存；请带上这些选项重新添加该文件以解析。

# Evidence lane, second round: one item's custody check and a pinned key that does not match.
custody-verify-item-ok = 证据 { $id } 的保管链完整：其 { $events } 个保管事件均在已签名的保管日志中，存储内容解密后与记录的哈希值一致。同时检查了整个保管日志：{ $log_events } 个事件和 { $checkpoints } 个签名检查点。
package-key-mismatch = 导出包由节点 { $node } 使用密钥 { $found } 签名，但指定的密钥是 { $expected }。请勿依赖此导出包；请向导出节点核实其公布的密钥。

# evidence export errors
evidence-export-empty-case = 案件 { $case } 没有任何证据，无可导出。请核对案件编号（包括大小写）。
evidence-export-output-not-empty = 输出文件夹 { $dir } 不为空。请为导出包选择一个新的文件夹。

# custody verify: key checks of a court export package
package-key-not-ed25519 = 节点密钥 { $value } 无效：这 64 位十六进制数字不构成有效的 Ed25519 公钥。请核对导出节点公布的密钥。
package-verify-intact-other-key = 庭审导出包完整，但签名所用的密钥不是指定的密钥。
