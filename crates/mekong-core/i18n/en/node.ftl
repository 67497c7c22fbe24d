# Messages of the `mekong` command: import summaries, evaluation and node start-up.
import-file-start = Importing { $file } ({ $format }, { $encoding })
import-summary = { $file }: read { $read }, imported { $imported }, duplicates { $duplicates }, rejected { $rejected } in { $elapsed } s ({ $rate } transactions/s)
import-rejects-written = { $count } rejected rows written to { $path }
import-interrupted = Import interrupted: everything read before the interruption is stored. Run the same command again to finish; nothing is imported twice.
import-node-busy = Another mekong process is using { $dir } (a running node or import). Stop it, or send transactions to the running node through its API.
evaluate-header = Alerted accounts compared with { $labels } labelled accounts ({ $positives } labelled fraud)
evaluate-rule = { $rule }: alerted { $alerted }, true positives { $hits }, precision { $precision }, recall { $recall }
evaluate-involved = with involved accounts: alerted { $alerted }, true positives { $hits }, precision { $precision }, recall { $recall }
evaluate-overall = All rules: alerted { $alerted }, true positives { $hits }, precision { $precision }, recall { $recall }
serve-listening = Node { $node } ({ $country }, { $agency }) is listening on { $scheme }://{ $addr }/
serve-plain-http-warning = WARNING: serving plain HTTP on { $addr }, which is not a loopback address. Anyone on the network can read the traffic. Bind to 127.0.0.1, or serve HTTPS with --tls-cert and --tls-key.
serve-stopped = Node stopped; every accepted transaction is stored.
demo-loading = Loading a demonstration data set of { $count } generated transactions into the empty node…
demo-loaded = Demonstration data loaded: { $alerts } alerts to work.
init-done = Node { $node } initialised for { $agency } ({ $country }) in { $dir }
not-initialised = This data directory has no node yet. Run `mekong init --node-id ID --country CN|LA --agency NAME` first, or pass those options to `mekong serve`.
rules-valid = { $file } is valid: { $count } rules.
flag-added = Flagged { $account }.
flag-removed = Removed the flag on { $account }.
flag-not-found = { $account } is not flagged.

# Audit
audit-verify-ok = Audit trail intact: { $records } records and { $checkpoints ->
    [one] { $checkpoints } signed checkpoint
   *[other] { $checkpoints } signed checkpoints
 } verified (last checkpoint at record { $last }). { $unprotected } records after the last checkpoint are covered by the hash chain only.
audit-verify-failed = Audit trail damaged: record { $seq } { $damage }. { $records } records before it verified. Keep the database file as evidence and report this to the inspection office.
audit-verify-db-keys = Note: no node key file found, so checkpoints were checked against the public keys stored in the database itself.
audit-damage-edited = was changed
audit-damage-deleted = is missing (deleted)
audit-damage-inserted = was inserted
audit-damage-reordered = was moved (records reordered)
audit-damage-bad-signature = is covered by a checkpoint with an invalid signature
audit-export-done = Exported { $count } audit records to { $path }.

# Integration: the demo user of `serve --demo`
demo-user-created = Demo user created. Sign in at { $scheme }://{ $addr }/signin
demo-user-name = User name: { $username }
demo-user-password = Password: { $password }
demo-user-once = These passwords are shown only once and cannot be shown again; write them down now. At first sign-in the node shows each user a QR code for the authenticator app.

# CLI lane: the demo administrator of `serve --demo`
demo-admin-name = Administrator: { $username }
demo-admin-password = Administrator password: { $password }
