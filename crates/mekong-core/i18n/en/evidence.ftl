# Evidence vault and chain of custody (mekong evidence, mekong custody).

evidence-added = Added evidence item { $id }: { $size } bytes, SHA-256 { $sha256 }, SM3 { $sm3 }
evidence-legacy-hashes = { "  " }MD5 { $md5 }, SHA-1 { $sha1 }
evidence-already-stored = { "  " }Identical content is already in the vault, so it is stored once; this item and its custody event were recorded.
evidence-list-header = Evidence items of case { $case }:
evidence-list-row = { $id }  { $kind }  exhibit { $exhibit }  { $size } bytes  SHA-256 { $sha256 }
evidence-list-empty = No evidence items for case { $case }.
evidence-unknown-kind = Unknown evidence kind "{ $kind }"; use one of: { $kinds }.
evidence-invalid-time = Invalid collection time "{ $value }": expected RFC 3339 with an offset, such as 2026-03-01T10:00:00+07:00.

custody-verify-ok = Chain of custody intact: { $events ->
    [one] { $events } event
   *[other] { $events } events
 }, { $checkpoints ->
    [one] { $checkpoints } signed checkpoint
   *[other] { $checkpoints } signed checkpoints
 }, { $items ->
    [one] { $items } item
   *[other] { $items } items
 } and { $objects ->
    [one] { $objects } stored object
   *[other] { $objects } stored objects
 } verified.
custody-verify-failed = Chain of custody damaged: { $count ->
    [one] { $count } problem
   *[other] { $count } problems
 } found. Keep the data directory as it is and report this to the inspection office.
custody-problem = { "  " }{ $subject }: { $problem }
custody-vault-key-missing = The vault key { $path } is missing, so stored evidence cannot be decrypted and re-hashed. Restore the key file from the node's backup.

custody-subject-checkpoint = checkpoint { $id }
custody-subject-event = event { $id }
custody-subject-item = item { $id }
custody-subject-object = object { $id }
custody-subject-log = custody log

custody-problem-malformed-checkpoint = the checkpoint cannot be read
custody-problem-bad-signature = the checkpoint is not signed by this node's key
custody-problem-tree-shrank = the checkpoint covers fewer events than the one before it
custody-problem-inconsistent = the stored events do not match the tree this checkpoint signs
custody-problem-no-checkpoint = no valid signed checkpoint
custody-problem-sequence-gap = custody events are missing or out of order
custody-problem-missing-events = events that the latest checkpoint covers were deleted
custody-problem-unsigned-events = events were added that no checkpoint signs
custody-problem-not-included = the event is not in the signed custody log
custody-problem-content-hash-mismatch = the item record and its custody events name different content
custody-problem-object-missing = the stored content is missing
custody-problem-object-damaged = the stored content fails to decrypt, so it was changed or damaged
custody-problem-object-hash-mismatch = the stored content does not match its recorded hashes

# Evidence parsing and search (mekong evidence parse, mekong evidence search).

evidence-parsed = { "  " }Parsed with { $parser } version { $version }: { $records } records, { $unparsed } unparsed; output SHA-256 { $sha256 }
evidence-parse-unchanged = { "  " }An earlier parse recorded identical output, so no new custody event was added.
evidence-unparsed-line = { "  " }line { $line } kept as raw text: { $reason }
evidence-unparsed-entry = { "  " }entry kept as raw text: { $reason }
evidence-parse-no-parser = { "  " }No parser fits this kind and content, so the item was stored without parsing.
evidence-item-not-found = Evidence item { $id } not found; run "mekong evidence list --case REF" to see the item ids.
evidence-search-header = { $count ->
    [one] { $count } hit
   *[other] { $count } hits
 } in case { $case }, page { $page }:
evidence-search-hit = { $item } line { $line }  { $time }  { $sender }: { $text }
evidence-search-hit-no-line = { $item }  { $time }  { $sender }: { $text }
evidence-search-none = No hits for "{ $query }" in case { $case }.
evidence-search-empty-query = The query has no word to search for; enter at least one word.
evidence-search-denied = Permission denied: searching evidence needs the investigator, prosecutor or supervisor role.
evidence-search-invalid-time = Invalid time "{ $value }": expected RFC 3339 with an offset, such as 2026-03-01T00:00:00+07:00.

# Court export (mekong evidence export, mekong custody verify DIR).
evidence-export-done = Wrote the court export package of case { $case } to { $dir }: { $items } items, { $events } custody events, { $checkpoints } signed checkpoints, { $files } files listed in the signed MANIFEST. Check it with: mekong custody verify { $dir }
package-invalid-key = Invalid node key { $value }: expected 64 hex digits of an Ed25519 public key.
package-not-found = The package directory { $dir } does not exist or is not a directory.
package-verify-ok = Court export package intact: { $files ->
    [one] { $files } file
   *[other] { $files } files
 }, { $items ->
    [one] { $items } item
   *[other] { $items } items
 }, { $events ->
    [one] { $events } custody event
   *[other] { $events } custody events
 } and { $checkpoints ->
    [one] { $checkpoints } signed checkpoint
   *[other] { $checkpoints } signed checkpoints
 } verified.
package-verify-failed = Court export package damaged: { $count ->
    [one] 1 problem found.
   *[other] { $count } problems found.
} Do not hand this package to a court; ask the exporting node for a new one.
package-problem = { "  " }{ $file }: { $problem } ({ $detail })
package-problem-in = { "  " }{ $file }, { $subject }: { $problem } ({ $detail })
package-key-pinned = Signed by node { $node } with the pinned key { $key }.
package-key-unpinned = Signed by node { $node } with key { $key }. Compare this key with the one the node publishes, or pass it with --key.
package-problem-file-missing = the file is missing
package-problem-file-unlisted = the file is not listed in the MANIFEST
package-problem-file-hash-mismatch = the file was changed after export
package-problem-manifest-invalid = the MANIFEST cannot be read
package-problem-manifest-signature = the MANIFEST is not signed by the node key
package-problem-node-key-invalid = the node key is invalid or not the expected one
package-problem-checkpoint-invalid = the checkpoint is not signed by the node key
package-problem-inconsistent = the checkpoint does not extend the previous one
package-problem-no-checkpoint = no valid signed checkpoint
package-problem-record-invalid = the record is not valid canonical JSON or has the wrong name
package-problem-not-included = the custody event is not in the signed custody log
package-problem-content-hash-mismatch = the content and its records name different hashes
package-problem-history-incomplete = the chain of custody of an item is incomplete

# Manual custody events (mekong evidence custody).
evidence-custody-recorded = Recorded custody event { $event } for item { $id } as event { $seq }, and signed a custody checkpoint.
evidence-custody-unknown-event = Unknown custody event "{ $event }"; use one of: { $kinds }.
evidence-custody-invalid-time = Invalid event time "{ $value }": expected RFC 3339 with an offset, such as 2026-03-01T10:00:00+07:00.
evidence-custody-rejected = Custody event { $event } rejected for item { $id }: { $reason }. Nothing was recorded.
custody-rejected-system-kind = only the system records this kind of event
custody-rejected-after-disposed = the item is already disposed of, so no later event is possible
custody-rejected-not-checked-in = the item is not checked in; record checked_in first
custody-rejected-not-checked-out = the item is already checked in; record checked_out first
custody-rejected-seal-missing = a sealed event needs a seal number (--seal)
custody-rejected-seal-not-allowed = only a sealed event takes a seal number; remove it
custody-rejected-future-time = the event time is in the future; check the time and its offset

# Evidence vault gaps: bank statement options of `evidence add`.
evidence-invalid-statement-currency = Invalid statement currency "{ $value }": expected an ISO 4217 code, such as CNY or LAK.
evidence-invalid-statement-start = Invalid statement start date "{ $value }": expected YYYY-MM-DD, such as 2024-01-01.
evidence-statement-options-missing = { "  " }Not parsed: item { $id } is a bank statement in the { $layout } layout, which needs { $missing }. The item stays stored; add the file again with them to parse it.

# Evidence lane, second round: one item's custody check and a pinned key that does not match.
custody-verify-item-ok = Chain of custody of item { $id } intact: { $events ->
    [one] its { $events } custody event is
   *[other] its { $events } custody events are
 } in the signed custody log, and its stored content decrypts to its recorded hashes. The whole custody log was checked too: { $log_events ->
    [one] { $log_events } event
   *[other] { $log_events } events
 } and { $checkpoints ->
    [one] { $checkpoints } signed checkpoint.
   *[other] { $checkpoints } signed checkpoints.
 }
package-key-mismatch = The package is signed by node { $node } with key { $found }, but the pinned key is { $expected }. Do not rely on this package; ask the exporting node which key it publishes.

# evidence export errors
evidence-export-empty-case = Case { $case } has no evidence item, so there is nothing to export. Check the case reference, including its capital letters.
evidence-export-output-not-empty = The output folder { $dir } is not empty. Choose a new folder for the package.

# custody verify: key checks of a court export package
package-key-not-ed25519 = Invalid node key { $value }: the 64 hex digits do not form a valid Ed25519 public key. Check the key that the exporting node publishes.
package-verify-intact-other-key = The court export package is intact, but it is signed by a key other than the pinned one.
