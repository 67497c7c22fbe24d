# ບົດລາຍງານ goAML ຂອງທະນາຄານ ແລະ ຫົວໜ່ວຍ FtM (mekong import goaml, export ftm, import ftm, reports).
reports-rejected = { $file }: ບົດລາຍງານຖືກປະຕິເສດ, ມີ { $count } ຂໍ້ຜິດພາດ; ບໍ່ມີຫຍັງຖືກບັນທຶກ.
reports-error-line = { $path }: { $rule } (ຄ່າ: "{ $value }")
reports-error-line-structure = { $path }: { $rule }
reports-stored = { $file }: ບັນທຶກບົດລາຍງານແລ້ວ ເປັນ { $id }.
reports-already-stored = { $file }: ບົດລາຍງານ { $id } ຖືກບັນທຶກໄວ້ແລ້ວ; ບໍ່ມີການປ່ຽນແປງ.
reports-monitored = ທຸລະກຳລະຫວ່າງບັນຊີ { $count } ລາຍການຈາກບົດລາຍງານ ຖືກສົ່ງໃຫ້ລະບົບຕິດຕາມເພື່ອໃຫ້ຄະແນນ.
reports-merge-suggestion = { $left } ແລະ { $right } ອາດເປັນບຸກຄົນ, ອົງກອນ ຫຼື ບັນຊີທະນາຄານດຽວກັນ: { $reason }.
reports-merge-name-birth = ຊື່ ແລະ ວັນເດືອນປີເກີດດຽວກັນ
reports-merge-id-number = ເລກເອກະສານຢັ້ງຢືນຕົວຕົນດຽວກັນ
reports-merge-none = ບໍ່ມີຂໍ້ສະເໜີໃຫ້ລວມ.
reports-ftm-imported = ອ່ານ { $read } ຫົວໜ່ວຍ; { $changed } ແມ່ນໃໝ່ ຫຼື ປ່ຽນແປງ.
reports-rule-malformed = ໄຟລ໌ບໍ່ແມ່ນ XML ທີ່ຖືກຮູບແບບ ({ $limit })
reports-rule-unexpected-root = ອົງປະກອບຮາກຕ້ອງແມ່ນ report
reports-rule-unknown-element = ໂຄງຮ່າງ goAML ບໍ່ອະນຸຍາດອົງປະກອບນີ້ຢູ່ບ່ອນນີ້
reports-rule-element-order = ອົງປະກອບຢູ່ຜິດຕຳແໜ່ງ; ໃຫ້ຮຽງຕາມລຳດັບຂອງໂຄງຮ່າງ goAML
reports-rule-missing-element = ຂາດອົງປະກອບທີ່ຈຳເປັນ
reports-rule-too-many-elements = ອົງປະກອບຊ້ຳເກີນຈຳນວນທີ່ອະນຸຍາດ
reports-rule-invalid-integer = ບໍ່ແມ່ນຈຳນວນເຕັມ
reports-rule-invalid-decimal = ບໍ່ແມ່ນຕົວເລກທົດສະນິຍົມ
reports-rule-invalid-date = ບໍ່ແມ່ນວັນທີ ແລະ ເວລາທີ່ມີແທ້ (YYYY-MM-DDThh:mm:ss)
reports-rule-invalid-boolean = ບໍ່ແມ່ນ true ຫຼື false
reports-rule-unknown-code = ບໍ່ແມ່ນລະຫັດທີ່ໂຄງຮ່າງ goAML ອະນຸຍາດ
reports-rule-too-short = ສັ້ນກວ່າ { $limit } ຕົວອັກສອນ
reports-rule-too-long = ຍາວກວ່າ { $limit } ຕົວອັກສອນ
reports-rule-below-minimum = ຕ່ຳກວ່າຄ່າຕ່ຳສຸດ { $limit }
reports-rule-above-maximum = ສູງກວ່າຄ່າສູງສຸດ { $limit }
reports-rule-too-many-fraction-digits = ເກີນ { $limit } ຕົວເລກຫຼັງຈຸດທົດສະນິຍົມ
reports-rule-negative-amount = ຈຳນວນເງິນຕ້ອງບໍ່ຕິດລົບ

# p2gaps: goAML pattern facets
reports-rule-pattern-mismatch = ບໍ່ກົງກັບຮູບແບບ { $limit } ທີ່ໂຄງຮ່າງ goAML ກຳນົດ

# Part: bank reports gaps (merge suggestions for organisations and bank accounts, paste limit, schema version).
reports-merge-registration = ເລກທະບຽນ ແລະ ປະເທດດຽວກັນ
reports-merge-organisation-name = ຊື່ດຽວກັນ ແລະ ປະເທດ ຫຼື ເລກທະບຽນດຽວກັນ
reports-merge-account-number = ເລກບັນຊີດຽວກັນຢູ່ທະນາຄານດຽວກັນ ຫຼື IBAN ດຽວກັນ
web-entities-kind = ປະເພດຫົວໜ່ວຍ
web-entities-kind-person = ບຸກຄົນ
web-entities-kind-organisation = ອົງກອນ
web-entities-kind-bank-account = ບັນຊີທະນາຄານ
web-entities-decide-same-organisation = ອົງກອນດຽວກັນ
web-entities-decide-same-account = ບັນຊີດຽວກັນ
web-entities-decided-same-organisation = ບັນທຶກແລ້ວ: ອົງກອນດຽວກັນ
web-entities-decided-same-account = ບັນທຶກແລ້ວ: ບັນຊີດຽວກັນ
web-entities-recorded-same-organisation = ບັນທຶກການຕັດສິນໃຈແລ້ວ: ອົງກອນດຽວກັນ. ຫົວໜ່ວຍບໍ່ໄດ້ຖືກປ່ຽນແປງ.
web-entities-recorded-same-account = ບັນທຶກການຕັດສິນໃຈແລ້ວ: ບັນຊີດຽວກັນ. ຫົວໜ່ວຍບໍ່ໄດ້ຖືກປ່ຽນແປງ.
web-reports-paste-too-large = ບົດລາຍງານທີ່ວາງໃຫຍ່ເກີນໄປ: ແບບຟອມນີ້ຮັບໄດ້ບໍ່ເກີນ { $max } MiB ຕາມຂະໜາດທີ່ບຣາວເຊີສົ່ງ. ບໍ່ມີຫຍັງຖືກບັນທຶກ. ບົດລາຍງານທີ່ໃຫຍ່ກວ່ານີ້ໃຫ້ນຳເຂົ້າດ້ວຍ `mekong import goaml`.
web-reports-declared-version = ເວີຊັນ schema ທີ່ແຈ້ງໄວ້
web-reports-checked-version = ກວດສອບຕາມ goAML schema
web-reports-version-not-declared = ບໍ່ໄດ້ແຈ້ງ
