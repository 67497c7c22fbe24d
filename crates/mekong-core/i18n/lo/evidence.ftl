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
