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
