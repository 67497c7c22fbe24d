# Evidence vault and chain of custody (mekong evidence, mekong custody).

evidence-added = Added evidence item { $id }: { $size } bytes, SHA-256 { $sha256 }, SM3 { $sm3 }
evidence-legacy-hashes = { "  " }MD5 { $md5 }, SHA-1 { $sha1 }
evidence-already-stored = { "  " }Identical content is already in the vault, so it is stored once; this item and its custody event were recorded.
evidence-list-header = Evidence items of case { $case }:
evidence-list-row = { $id }  { $kind }  exhibit { $exhibit }  { $size } bytes  SHA-256 { $sha256 }
evidence-list-empty = No evidence items for case { $case }.
evidence-unknown-kind = Unknown evidence kind "{ $kind }"; use one of: { $kinds }.
evidence-invalid-time = Invalid collection time "{ $value }": expected RFC 3339 with an offset, such as 2026-03-01T10:00:00+07:00.

custody-verify-ok = Chain of custody intact: { $events } events, { $checkpoints } signed checkpoints, { $items } items and { $objects } stored objects verified.
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
