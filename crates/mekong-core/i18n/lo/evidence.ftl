# ຄັງຫຼັກຖານ ແລະ ລຳດັບການຄຸ້ມຄອງຫຼັກຖານ (mekong evidence, mekong custody).

evidence-added = ໄດ້ເພີ່ມຫຼັກຖານ { $id }: { $size } ໄບຕ໌, SHA-256 { $sha256 }, SM3 { $sm3 }
evidence-legacy-hashes = { "  " }MD5 { $md5 }, SHA-1 { $sha1 }
evidence-already-stored = { "  " }ເນື້ອຫາດຽວກັນມີຢູ່ໃນຄັງແລ້ວ ຈຶ່ງເກັບໄວ້ພຽງຊຸດດຽວ; ໄດ້ບັນທຶກຫຼັກຖານນີ້ ແລະ ເຫດການຄຸ້ມຄອງຂອງມັນແລ້ວ.
evidence-list-header = ຫຼັກຖານຂອງຄະດີ { $case }:
evidence-list-row = { $id }  { $kind }  ເລກວັດຖຸພະຍານ { $exhibit }  { $size } ໄບຕ໌  SHA-256 { $sha256 }
evidence-list-empty = ບໍ່ມີຫຼັກຖານສຳລັບຄະດີ { $case }.
evidence-unknown-kind = ບໍ່ຮູ້ຈັກປະເພດຫຼັກຖານ "{ $kind }"; ໃຫ້ໃຊ້ໜຶ່ງໃນ: { $kinds }.
evidence-invalid-time = ເວລາເກັບກຳ "{ $value }" ບໍ່ຖືກຕ້ອງ: ຕ້ອງເປັນ RFC 3339 ພ້ອມເຂດເວລາ, ເຊັ່ນ 2026-03-01T10:00:00+07:00.

custody-verify-ok = ລຳດັບການຄຸ້ມຄອງຫຼັກຖານຄົບຖ້ວນ: ໄດ້ກວດສອບ { $events } ເຫດການ, { $checkpoints } ຈຸດກວດສອບທີ່ລົງລາຍເຊັນ, { $items } ຫຼັກຖານ ແລະ { $objects } ວັດຖຸທີ່ເກັບໄວ້.
custody-verify-failed = ລຳດັບການຄຸ້ມຄອງຫຼັກຖານເສຍຫາຍ: ພົບ { $count } ບັນຫາ. ໃຫ້ຮັກສາບ່ອນເກັບຂໍ້ມູນໄວ້ຕາມເດີມ ແລະ ລາຍງານໃຫ້ຫ້ອງການກວດກາ.
custody-problem = { "  " }{ $subject }: { $problem }
custody-vault-key-missing = ບໍ່ພົບກະແຈຄັງຫຼັກຖານ { $path }, ຈຶ່ງບໍ່ສາມາດຖອດລະຫັດ ແລະ ຄິດໄລ່ຄ່າແຮຊຂອງຫຼັກຖານຄືນໃໝ່ໄດ້. ໃຫ້ກູ້ຄືນໄຟລ໌ກະແຈຈາກການສຳຮອງຂອງໂນດ.

custody-subject-checkpoint = ຈຸດກວດສອບ { $id }
custody-subject-event = ເຫດການ { $id }
custody-subject-item = ຫຼັກຖານ { $id }
custody-subject-object = ວັດຖຸທີ່ເກັບໄວ້ { $id }
custody-subject-log = ບັນທຶກການຄຸ້ມຄອງ

custody-problem-malformed-checkpoint = ບໍ່ສາມາດອ່ານຈຸດກວດສອບໄດ້
custody-problem-bad-signature = ຈຸດກວດສອບບໍ່ໄດ້ລົງລາຍເຊັນດ້ວຍກະແຈຂອງໂນດນີ້
custody-problem-tree-shrank = ຈຸດກວດສອບກວມເອົາເຫດການໜ້ອຍກວ່າຈຸດກ່ອນໜ້າ
custody-problem-inconsistent = ເຫດການທີ່ເກັບໄວ້ບໍ່ກົງກັບບັນທຶກທີ່ຈຸດກວດສອບນີ້ລົງລາຍເຊັນ
custody-problem-no-checkpoint = ບໍ່ມີຈຸດກວດສອບທີ່ລົງລາຍເຊັນຖືກຕ້ອງ
custody-problem-sequence-gap = ເຫດການຄຸ້ມຄອງຂາດຫາຍ ຫຼື ຜິດລຳດັບ
custody-problem-missing-events = ເຫດການທີ່ຈຸດກວດສອບຫຼ້າສຸດກວມເອົາຖືກລຶບອອກ
custody-problem-unsigned-events = ມີເຫດການທີ່ເພີ່ມເຂົ້າມາໂດຍບໍ່ມີຈຸດກວດສອບໃດລົງລາຍເຊັນ
custody-problem-not-included = ເຫດການນີ້ບໍ່ຢູ່ໃນບັນທຶກການຄຸ້ມຄອງທີ່ລົງລາຍເຊັນ
custody-problem-content-hash-mismatch = ບັນທຶກຫຼັກຖານ ແລະ ເຫດການຄຸ້ມຄອງຂອງມັນລະບຸເນື້ອຫາຕ່າງກັນ
custody-problem-object-missing = ເນື້ອຫາທີ່ເກັບໄວ້ຂາດຫາຍ
custody-problem-object-damaged = ເນື້ອຫາທີ່ເກັບໄວ້ຖອດລະຫັດບໍ່ໄດ້ ຈຶ່ງຖືກປ່ຽນແປງ ຫຼື ເສຍຫາຍ
custody-problem-object-hash-mismatch = ເນື້ອຫາທີ່ເກັບໄວ້ບໍ່ກົງກັບຄ່າແຮຊທີ່ບັນທຶກໄວ້

# ການວິເຄາະ ແລະ ການຄົ້ນຫາຫຼັກຖານ (mekong evidence parse, mekong evidence search).

evidence-parsed = { "  " }ວິເຄາະດ້ວຍ { $parser } ລຸ້ນ { $version }: { $records } ບັນທຶກ, { $unparsed } ບັນທຶກທີ່ວິເຄາະບໍ່ໄດ້; SHA-256 ຂອງຜົນ { $sha256 }
evidence-parse-unchanged = { "  " }ການວິເຄາະກ່ອນໜ້ານີ້ໄດ້ບັນທຶກຜົນດຽວກັນແລ້ວ ຈຶ່ງບໍ່ໄດ້ເພີ່ມເຫດການຄຸ້ມຄອງໃໝ່.
evidence-unparsed-line = { "  " }ແຖວ { $line } ເກັບໄວ້ເປັນຂໍ້ຄວາມດິບ: { $reason }
evidence-unparsed-entry = { "  " }ລາຍການເກັບໄວ້ເປັນຂໍ້ຄວາມດິບ: { $reason }
evidence-parse-no-parser = { "  " }ບໍ່ມີຕົວວິເຄາະທີ່ເໝາະກັບປະເພດ ແລະ ເນື້ອຫານີ້ ຈຶ່ງເກັບຫຼັກຖານໄວ້ໂດຍບໍ່ວິເຄາະ.
evidence-item-not-found = ບໍ່ພົບຫຼັກຖານ { $id }; ໃຫ້ແລ່ນ "mekong evidence list --case REF" ເພື່ອເບິ່ງລະຫັດຫຼັກຖານ.
evidence-search-header = { $count } ຜົນໃນຄະດີ { $case }, ໜ້າ { $page }:
evidence-search-hit = { $item } ແຖວ { $line }  { $time }  { $sender }: { $text }
evidence-search-hit-no-line = { $item }  { $time }  { $sender }: { $text }
evidence-search-none = ບໍ່ພົບຜົນສຳລັບ "{ $query }" ໃນຄະດີ { $case }.
evidence-search-empty-query = ຄຳຄົ້ນຫາບໍ່ມີຄຳທີ່ຈະຄົ້ນ; ໃຫ້ປ້ອນຢ່າງໜ້ອຍໜຶ່ງຄຳ.
evidence-search-denied = ບໍ່ມີສິດ: ການຄົ້ນຫາຫຼັກຖານຕ້ອງມີບົດບາດເຈົ້າໜ້າທີ່ສືບສວນ, ໄອຍະການ ຫຼື ຫົວໜ້າ.
evidence-search-invalid-time = ເວລາ "{ $value }" ບໍ່ຖືກຕ້ອງ: ຕ້ອງເປັນ RFC 3339 ພ້ອມເຂດເວລາ, ເຊັ່ນ 2026-03-01T00:00:00+07:00.

# Court export (mekong evidence export, mekong custody verify DIR).
evidence-export-done = ໄດ້ຂຽນຊຸດສົ່ງອອກສຳລັບສານຂອງຄະດີ { $case } ໄປທີ່ { $dir }: { $items } ຫຼັກຖານ, { $events } ເຫດການການຄຸ້ມຄອງ, { $checkpoints } ຈຸດກວດສອບທີ່ລົງລາຍເຊັນ, { $files } ໄຟລ໌ທີ່ລະບຸໃນ MANIFEST ທີ່ລົງລາຍເຊັນ. ກວດສອບດ້ວຍ: mekong custody verify { $dir }
package-invalid-key = ກະແຈຂອງໂນດ { $value } ບໍ່ຖືກຕ້ອງ: ຕ້ອງເປັນກະແຈສາທາລະນະ Ed25519 ເລກຖານສິບຫົກ 64 ຕົວ.
package-not-found = ບໍ່ມີໂຟນເດີຊຸດສົ່ງອອກ { $dir } ຫຼື ມັນບໍ່ແມ່ນໂຟນເດີ.
package-verify-ok = ຊຸດສົ່ງອອກສຳລັບສານຄົບຖ້ວນ: ໄດ້ກວດສອບ { $files } ໄຟລ໌, { $items } ຫຼັກຖານ, { $events } ເຫດການການຄຸ້ມຄອງ ແລະ { $checkpoints } ຈຸດກວດສອບທີ່ລົງລາຍເຊັນ.
package-verify-failed = ຊຸດສົ່ງອອກສຳລັບສານເສຍຫາຍ: ພົບ { $count } ບັນຫາ. ຢ່າສົ່ງຊຸດນີ້ໃຫ້ສານ; ໃຫ້ຂໍຊຸດໃໝ່ຈາກໂນດທີ່ສົ່ງອອກ.
package-problem = { "  " }{ $file }: { $problem } ({ $detail })
package-problem-in = { "  " }{ $file }, { $subject }: { $problem } ({ $detail })
package-key-pinned = ລົງລາຍເຊັນໂດຍໂນດ { $node } ດ້ວຍກະແຈທີ່ກຳນົດ { $key }.
package-key-unpinned = ລົງລາຍເຊັນໂດຍໂນດ { $node } ດ້ວຍກະແຈ { $key }. ໃຫ້ທຽບກະແຈນີ້ກັບກະແຈທີ່ໂນດເຜີຍແຜ່, ຫຼື ລະບຸດ້ວຍ --key.
package-problem-file-missing = ໄຟລ໌ຫາຍໄປ
package-problem-file-unlisted = ໄຟລ໌ບໍ່ໄດ້ລະບຸໃນ MANIFEST
package-problem-file-hash-mismatch = ໄຟລ໌ຖືກປ່ຽນແປງຫຼັງການສົ່ງອອກ
package-problem-manifest-invalid = ບໍ່ສາມາດອ່ານ MANIFEST ໄດ້
package-problem-manifest-signature = MANIFEST ບໍ່ໄດ້ລົງລາຍເຊັນດ້ວຍກະແຈຂອງໂນດ
package-problem-node-key-invalid = ກະແຈຂອງໂນດບໍ່ຖືກຕ້ອງ ຫຼື ບໍ່ແມ່ນກະແຈທີ່ຄາດໄວ້
package-problem-checkpoint-invalid = ຈຸດກວດສອບບໍ່ໄດ້ລົງລາຍເຊັນດ້ວຍກະແຈຂອງໂນດ
package-problem-inconsistent = ຈຸດກວດສອບບໍ່ໄດ້ຕໍ່ຈາກຈຸດກວດສອບກ່ອນໜ້າ
package-problem-no-checkpoint = ບໍ່ມີຈຸດກວດສອບທີ່ລົງລາຍເຊັນທີ່ຖືກຕ້ອງ
package-problem-record-invalid = ບັນທຶກບໍ່ແມ່ນ JSON ມາດຕະຖານທີ່ຖືກຕ້ອງ ຫຼື ຊື່ໄຟລ໌ບໍ່ກົງກັນ
package-problem-not-included = ເຫດການການຄຸ້ມຄອງບໍ່ຢູ່ໃນບັນທຶກການຄຸ້ມຄອງທີ່ລົງລາຍເຊັນ
package-problem-content-hash-mismatch = ເນື້ອຫາ ແລະ ບັນທຶກຂອງມັນມີຄ່າແຮຊບໍ່ກົງກັນ
package-problem-history-incomplete = ລຳດັບການຄຸ້ມຄອງຫຼັກຖານຂອງຫຼັກຖານຊິ້ນໜຶ່ງບໍ່ຄົບຖ້ວນ

# Manual custody events (mekong evidence custody).
evidence-custody-recorded = ບັນທຶກເຫດການການຄຸ້ມຄອງ { $event } ຂອງຫຼັກຖານ { $id } ເປັນເຫດການ { $seq } ແລ້ວ ແລະ ລົງລາຍເຊັນຈຸດກວດສອບການຄຸ້ມຄອງແລ້ວ.
evidence-custody-unknown-event = ບໍ່ຮູ້ຈັກເຫດການການຄຸ້ມຄອງ "{ $event }"; ໃຫ້ໃຊ້ອັນໃດອັນໜຶ່ງ: { $kinds }.
evidence-custody-invalid-time = ເວລາເຫດການ "{ $value }" ບໍ່ຖືກຕ້ອງ: ຕ້ອງເປັນ RFC 3339 ພ້ອມເຂດເວລາ ເຊັ່ນ 2026-03-01T10:00:00+07:00.
evidence-custody-rejected = ເຫດການການຄຸ້ມຄອງ { $event } ຂອງຫຼັກຖານ { $id } ຖືກປະຕິເສດ: { $reason }. ບໍ່ມີຫຍັງຖືກບັນທຶກ.
custody-rejected-system-kind = ມີແຕ່ລະບົບເທົ່ານັ້ນທີ່ບັນທຶກເຫດການປະເພດນີ້
custody-rejected-after-disposed = ຫຼັກຖານນີ້ຖືກກຳຈັດແລ້ວ ຈຶ່ງບໍ່ສາມາດບັນທຶກເຫດການຕໍ່ໄປໄດ້
custody-rejected-not-checked-in = ຫຼັກຖານບໍ່ໄດ້ຢູ່ໃນຄັງ; ໃຫ້ບັນທຶກ checked_in ກ່ອນ
custody-rejected-not-checked-out = ຫຼັກຖານຢູ່ໃນຄັງແລ້ວ; ໃຫ້ບັນທຶກ checked_out ກ່ອນ
custody-rejected-seal-missing = ເຫດການຜະນຶກຕ້ອງມີເລກຜະນຶກ (--seal)
custody-rejected-seal-not-allowed = ມີແຕ່ເຫດການຜະນຶກເທົ່ານັ້ນທີ່ໃສ່ເລກຜະນຶກໄດ້; ໃຫ້ລຶບອອກ
custody-rejected-future-time = ເວລາເຫດການຢູ່ໃນອະນາຄົດ; ໃຫ້ກວດເບິ່ງເວລາ ແລະ ເຂດເວລາ

# Evidence vault gaps: bank statement options of `evidence add`.
evidence-invalid-statement-currency = ສະກຸນເງິນຂອງໃບແຈ້ງຍອດ "{ $value }" ບໍ່ຖືກຕ້ອງ: ຕ້ອງເປັນລະຫັດ ISO 4217, ເຊັ່ນ CNY ຫຼື LAK.
evidence-invalid-statement-start = ວັນທີເລີ່ມຕົ້ນຂອງໃບແຈ້ງຍອດ "{ $value }" ບໍ່ຖືກຕ້ອງ: ຕ້ອງເປັນ YYYY-MM-DD, ເຊັ່ນ 2024-01-01.
evidence-statement-options-missing = { "  " }ບໍ່ໄດ້ວິເຄາະ: ຫຼັກຖານ { $id } ເປັນໃບແຈ້ງຍອດບັນຊີທະນາຄານໃນຮູບແບບ { $layout }, ເຊິ່ງຕ້ອງມີ { $missing }. ຫຼັກຖານຍັງເກັບໄວ້; ໃຫ້ເພີ່ມໄຟລ໌ຄືນພ້ອມຕົວເລືອກເຫຼົ່ານີ້ເພື່ອວິເຄາະ.

# Evidence lane, second round: one item's custody check and a pinned key that does not match.
custody-verify-item-ok = ລຳດັບການຄຸ້ມຄອງຂອງຫຼັກຖານ { $id } ຄົບຖ້ວນ: { $events } ເຫດການຄຸ້ມຄອງຂອງມັນຢູ່ໃນບັນທຶກການຄຸ້ມຄອງທີ່ລົງລາຍເຊັນ, ແລະ ເນື້ອຫາທີ່ເກັບໄວ້ຖອດລະຫັດແລ້ວກົງກັບຄ່າແຮຊທີ່ບັນທຶກໄວ້. ໄດ້ກວດບັນທຶກການຄຸ້ມຄອງທັງໝົດນຳ: { $log_events } ເຫດການ ແລະ { $checkpoints } ຈຸດກວດສອບທີ່ລົງລາຍເຊັນ.
package-key-mismatch = ຊຸດສົ່ງອອກນີ້ລົງລາຍເຊັນໂດຍໂນດ { $node } ດ້ວຍກະແຈ { $found }, ແຕ່ກະແຈທີ່ກຳນົດແມ່ນ { $expected }. ຢ່າອີງໃສ່ຊຸດນີ້; ໃຫ້ຖາມໂນດທີ່ສົ່ງອອກວ່າເຜີຍແຜ່ກະແຈໃດ.

# evidence export errors
evidence-export-empty-case = ຄະດີ { $case } ບໍ່ມີຫຼັກຖານໃດເລີຍ, ຈຶ່ງບໍ່ມີຫຍັງໃຫ້ສົ່ງອອກ. ກະລຸນາກວດສອບເລກອ້າງອີງຄະດີ, ລວມທັງຕົວພິມໃຫຍ່.
evidence-export-output-not-empty = ໂຟນເດີປາຍທາງ { $dir } ບໍ່ຫວ່າງ. ກະລຸນາເລືອກໂຟນເດີໃໝ່ສຳລັບຊຸດສົ່ງອອກ.

# custody verify: key checks of a court export package
package-key-not-ed25519 = ກະແຈຂອງໂນດ { $value } ບໍ່ຖືກຕ້ອງ: ເລກຖານສິບຫົກ 64 ຕົວນີ້ບໍ່ແມ່ນກະແຈສາທາລະນະ Ed25519 ທີ່ຖືກຕ້ອງ. ກະລຸນາກວດສອບກະແຈທີ່ໂນດທີ່ສົ່ງອອກເຜີຍແຜ່.
package-verify-intact-other-key = ຊຸດສົ່ງອອກສຳລັບສານຄົບຖ້ວນ, ແຕ່ລົງລາຍເຊັນດ້ວຍກະແຈອື່ນ ບໍ່ແມ່ນກະແຈທີ່ກຳນົດ.
