import-file-start = 正在导入 { $file }（{ $format }，{ $encoding }）
import-summary = { $file }：读取 { $read }，导入 { $imported }，重复 { $duplicates }，拒收 { $rejected }，用时 { $elapsed } 秒（每秒 { $rate } 笔交易）
import-rejects-written = { $count } 行拒收记录已写入 { $path }
import-interrupted = 导入已中断：中断前读取的数据均已保存。再次运行同一命令即可完成导入，不会重复导入。
import-node-busy = 另一个 mekong 进程正在使用 { $dir }（运行中的节点或导入任务）。请先停止它，或通过运行中节点的 API 提交交易。
evaluate-header = 将预警账户与 { $labels } 个已标注账户比对（其中 { $positives } 个标注为欺诈）
evaluate-rule = { $rule }：预警 { $alerted }，命中 { $hits }，精确率 { $precision }，召回率 { $recall }
evaluate-involved = 含涉及账户：预警 { $alerted }，命中 { $hits }，精确率 { $precision }，召回率 { $recall }
evaluate-overall = 全部规则：预警 { $alerted }，命中 { $hits }，精确率 { $precision }，召回率 { $recall }
serve-listening = 节点 { $node }（{ $country }，{ $agency }）正在监听 { $scheme }://{ $addr }/
serve-plain-http-warning = 警告：正在 { $addr } 上以明文 HTTP 提供服务，该地址不是本机回环地址，网络上的任何人都能读取通信内容。请绑定 127.0.0.1，或用 --tls-cert 和 --tls-key 提供 HTTPS 服务。
serve-stopped = 节点已停止；所有已受理的交易均已保存。
demo-loading = 正在向空节点加载包含 { $count } 笔生成交易的演示数据…
demo-loaded = 演示数据已加载：共有 { $alerts } 条预警待处理。
init-done = 节点 { $node } 已在 { $dir } 为 { $agency }（{ $country }）完成初始化
not-initialised = 此数据目录中还没有节点。请先运行 `mekong init --node-id ID --country CN|LA --agency NAME`，或将这些选项传给 `mekong serve`。
rules-valid = { $file } 有效：共 { $count } 条规则。
flag-added = 已将 { $account } 列入标记名单。
flag-removed = 已撤销 { $account } 的标记。
flag-not-found = { $account } 未被标记。

# Audit
audit-verify-ok = 审计日志完整：已验证 { $records } 条记录和 { $checkpoints } 个签名检查点（最后一个检查点位于第 { $last } 条记录）。最后一个检查点之后的 { $unprotected } 条记录仅受哈希链保护。
audit-verify-failed = 审计日志已损坏：第 { $seq } 条记录{ $damage }。此前的 { $records } 条记录已验证。请保留数据库文件作为证据，并报告检查部门。
audit-verify-db-keys = 注意：未找到节点密钥文件，因此检查点是用数据库中存储的公钥验证的。
audit-damage-edited = 被修改
audit-damage-deleted = 缺失（被删除）
audit-damage-inserted = 被插入
audit-damage-reordered = 被移动（记录顺序被调换）
audit-damage-bad-signature = 所属检查点的签名无效
audit-export-done = 已将 { $count } 条审计记录导出到 { $path }。

# Integration: the demo user of `serve --demo`
demo-user-created = 已创建演示用户。请在 { $scheme }://{ $addr }/signin 登录
demo-user-name = 用户名：{ $username }
demo-user-password = 密码：{ $password }
demo-user-once = 这些密码只显示这一次，之后无法再次显示，请立即记下。首次登录时，节点会向每个用户显示一个二维码，供其添加到身份验证器应用。

# CLI lane: the demo administrator of `serve --demo`
demo-admin-name = 管理员：{ $username }
demo-admin-password = 管理员密码：{ $password }
