# Messages of the cli part; filled in as the part is built.

# Part: transaction file formats (mekong-ingest). Reasons a row is rejected.
reject-wrong-column-count = ແຖວນີ້ມີ { $found } ຖັນ, ແຕ່ແຖວຫົວມີ { $expected } ຖັນ.
reject-record-too-long = ແຖວນີ້ຍາວກວ່າ { $max } ໄບຕ໌ ຈຶ່ງບໍ່ໄດ້ອ່ານ; ອາດມີເຄື່ອງໝາຍວົງຢືມທີ່ບໍ່ໄດ້ປິດ.
reject-amount-not-a-number = ຈຳນວນເງິນບໍ່ແມ່ນຕົວເລກ: ໃຫ້ຂຽນເປັນຕົວເລກ ອາດມີຈຸດທົດສະນິຍົມ ເຊັ່ນ 1250.50 ໂດຍບໍ່ມີເຄື່ອງໝາຍຂັ້ນຫຼັກພັນ.
reject-amount-negative = ຈຳນວນເງິນຕິດລົບ: ໃຫ້ຂຽນຈຳນວນບວກ ເພາະຖັນຜູ້ຈ່າຍ ແລະ ຜູ້ຮັບ ບອກທິດທາງຂອງເງິນແລ້ວ.
reject-amount-zero = ຈຳນວນເງິນເປັນສູນ: ທຸລະກຳຕ້ອງໂອນຈຳນວນເງິນທີ່ເປັນບວກ.
reject-amount-exponent = ຈຳນວນເງິນຂຽນແບບເລກກຳລັງ: ໃຫ້ຂຽນເປັນຕົວເລກທຳມະດາ ເຊັ່ນ 1500000 ແທນ 1.5e6.
reject-amount-too-many-digits = ຈຳນວນເງິນມີຫຼາຍກວ່າ { $max } ຫຼັກ ຈຶ່ງບໍ່ສາມາດເກັບໄວ້ໄດ້ຢ່າງຖືກຕ້ອງ.
reject-unknown-currency = ສະກຸນເງິນທີ່ບໍ່ຮູ້ຈັກ: ຕ້ອງເປັນລະຫັດ ISO 4217 ເຊັ່ນ CNY, LAK, THB ຫຼື USD.
reject-unknown-currency-name = ສະກຸນເງິນທີ່ບໍ່ຮູ້ຈັກ: ຕ້ອງເປັນໜຶ່ງໃນ { $expected }.
reject-invalid-timestamp = ວັນທີ ແລະ ເວລາບໍ່ຖືກຕ້ອງ: ຕ້ອງຂຽນຕາມຮູບແບບ { $example }.
reject-impossible-timestamp = ວັນທີ ຫຼື ເວລານີ້ບໍ່ມີຢູ່ຈິງ ເຊັ່ນ 30 ກຸມພາ ຫຼື 25:00.
reject-invalid-step = ຂັ້ນເວລາບໍ່ຖືກຕ້ອງ: ຕ້ອງເປັນຈຳນວນເຕັມຂອງ{ $unit ->
        [day] ມື້
       *[hour] ຊົ່ວໂມງ
    }ນັບຈາກວັນທີເລີ່ມຕົ້ນ.
reject-missing-field = ຊ່ອງຂໍ້ມູນນີ້ຫວ່າງເປົ່າ, ແຕ່ຖັນນີ້ຈຳເປັນຕ້ອງມີຂໍ້ມູນ.
reject-unknown-account = ບັນຊີນີ້ບໍ່ມີຢູ່ໃນ { $file }.
reject-unknown-channel = ຊ່ອງທາງ ຫຼື ປະເພດທຸລະກຳທີ່ບໍ່ຮູ້ຈັກ: ຕ້ອງເປັນໜຶ່ງໃນ { $expected }.
reject-invalid-country = ລະຫັດປະເທດບໍ່ຖືກຕ້ອງ: ຕ້ອງເປັນຕົວອັກສອນສອງຕົວຕາມ ISO 3166-1 alpha-2 ເຊັ່ນ CN ຫຼື LA, ຫຼື ປະໄວ້ຫວ່າງ.
reject-id-too-long = ລະຫັດທຸລະກຳຍາວກວ່າ { $max } ໄບຕ໌.
reject-invalid-id = ລະຫັດທຸລະກຳມີຕົວອັກສອນຄວບຄຸມ.
reject-field-too-long = ຊ່ອງຂໍ້ມູນນີ້ຍາວກວ່າ { $max } ຕົວອັກສອນ.
reject-invalid-encoding = ແຖວນີ້ມີໄບຕ໌ທີ່ບໍ່ແມ່ນຂໍ້ຄວາມ { $encoding } ທີ່ຖືກຕ້ອງ; ໃຫ້ບັນທຶກໄຟລ໌ເປັນ UTF-8 ແລ້ວນຳເຂົ້າໃໝ່.
reject-invalid-label = ປ້າຍກຳກັບການສໍ້ໂກງບໍ່ຖືກຕ້ອງ: ຕ້ອງເປັນ 0 ຫຼື 1.
reject-read-failed = ການອ່ານໄຟລ໌ລົ້ມເຫຼວຢູ່ບ່ອນນີ້ ຈຶ່ງບໍ່ໄດ້ອ່ານສ່ວນທີ່ເຫຼືອຂອງໄຟລ໌: { $error }

# Part: transaction file formats (mekong-ingest). Errors that stop a whole file.
ingest-error-open = ບໍ່ສາມາດເປີດ { $path }: { $error }. ກວດເບິ່ງເສັ້ນທາງ ແລະ ວ່າໄຟລ໌ອ່ານໄດ້.
ingest-error-read = ບໍ່ສາມາດອ່ານ { $path }: { $error }. ກວດເບິ່ງວ່າໄຟລ໌ຄົບຖ້ວນ ແລະ ອ່ານໄດ້.
ingest-error-empty = { $path } ຫວ່າງເປົ່າ: ຕ້ອງມີແຖວຫົວ ແລ້ວຕາມດ້ວຍທຸລະກຳ.
ingest-error-unknown-header = ແຖວຫົວຂອງ { $path } ບໍ່ກົງກັບຮູບແບບໃດທີ່ຮູ້ຈັກ (ພົບ: { $found }). ຕ້ອງເປັນແຖວຫົວຂອງໄຟລ໌ amlsim, ibm-aml, paysim ຫຼື canonical (ເບິ່ງ docs/canonical-csv.md), ຫຼື ລະບຸ --format.
ingest-error-header-mismatch = ແຖວຫົວຂອງ { $path } ບໍ່ກົງກັບຮູບແບບ { $format }: ຕ້ອງເປັນ { $expected }, ພົບ { $found }. ໃຊ້ --format auto ເພື່ອກວດຫາຮູບແບບອັດຕະໂນມັດ.
ingest-error-accounts-file = { $path } ເປັນໄຟລ໌ບັນຊີຂອງ AMLSim, ບໍ່ແມ່ນທຸລະກຳ: ໃຫ້ນຳເຂົ້າ transactions.csv ຈາກໂຟນເດີດຽວກັນ.
ingest-error-accounts-header = ໄຟລ໌ບັນຊີ { $path } ບໍ່ມີຖັນລະຫັດບັນຊີ: ຕ້ອງມີໜຶ່ງໃນ nodeid, acct_id ຫຼື account_id.
ingest-error-missing-currency = ໄຟລ໌ { $format } ບໍ່ມີສະກຸນເງິນ: ໃຫ້ລະບຸ --currency ເຊັ່ນ --currency CNY (ໄຟລ໌ { $path }).
ingest-error-missing-start-date = ໄຟລ໌ { $format } ບໍ່ມີວັນທີຕາມປະຕິທິນ: ໃຫ້ລະບຸ --start-date ເຊັ່ນ --start-date 2026-01-01 (ໄຟລ໌ { $path }).
ingest-error-invalid-offset = ຄ່າຕ່າງເວລາຈາກ UTC { $seconds } ວິນາທີບໍ່ຖືກຕ້ອງ: ຕ້ອງໜ້ອຍກວ່າໜຶ່ງມື້ ທັງທາງບວກ ແລະ ທາງລົບ ເຊັ່ນ 25200 ສຳລັບ UTC+7.
ingest-error-no-labels = { $path } ບໍ່ມີປ້າຍກຳກັບການສໍ້ໂກງ: ໃຫ້ໃຊ້ nodes.csv ຫຼື ໄຟລ໌ບັນຊີຂອງ AMLSim ທີ່ມີ isFraud, ໄຟລ໌ PaySim ຫຼື ໄຟລ໌ IBM AML.
ingest-error-write-rejects = ບໍ່ສາມາດຂຽນແຖວທີ່ຖືກປະຕິເສດລົງໃນ { $path }: { $error }. ກວດເບິ່ງພື້ນທີ່ດິສກ໌ ແລະ ສິດການເຂົ້າເຖິງ.

# Part: flagged-identifier registry commands (mekong registry).
registry-added = ຂຶ້ນບັນຊີ { $kind } { $value } ແລ້ວ.
registry-updated = ປັບປຸງການຂຶ້ນບັນຊີຂອງ { $kind } { $value } ແລ້ວ.
registry-unchanged = { $kind } { $value } ຖືກຂຶ້ນບັນຊີແບບດຽວກັນແລ້ວ; ບໍ່ມີຫຍັງປ່ຽນແປງ.
registry-removed = ລຶບການຂຶ້ນບັນຊີ { $count } ລາຍການແລ້ວ.
registry-imported = ອ່ານ { $read } ແຖວ: ເພີ່ມ { $added }, ປັບປຸງ { $updated }, ບໍ່ປ່ຽນ { $unchanged }, ປະຕິເສດ { $rejected } (ເບິ່ງ { $rejects }).

## pacs.008 import
reject-missing-element = ຂາດອົງປະກອບທີ່ຈຳເປັນ ຫຼື ອົງປະກອບຫວ່າງເປົ່າ; ໃຫ້ເພີ່ມມັນໃສ່ທຸລະກຳນີ້ ແລ້ວນຳເຂົ້າໄຟລ໌ອີກຄັ້ງ.
reject-invalid-bic = BIC ບໍ່ຖືກຕ້ອງ: ຕ້ອງເປັນຕົວອັກສອນ ແລະ ຕົວເລກ 8 ຫຼື 11 ຕົວ ໂດຍຕົວທີ 5 ແລະ 6 ເປັນລະຫັດປະເທດ ເຊັ່ນ BKCHCNBJXXX.
reject-invalid-xml = XML ຜິດຮູບແບບຢູ່ບ່ອນນີ້ ຈຶ່ງບໍ່ໄດ້ອ່ານສ່ວນທີ່ເຫຼືອຂອງໄຟລ໌: { $error }. ແກ້ໄຂ XML ແລ້ວນຳເຂົ້າໄຟລ໌ອີກຄັ້ງ; ທຸລະກຳທີ່ນຳເຂົ້າແລ້ວຈະຖືກຂ້າມ.
ingest-error-not-pacs008 = { $path } ບໍ່ແມ່ນຂໍ້ຄວາມ ISO 20022 pacs.008 FIToFICstmrCdtTrf (ພົບ: { $found }). ຕ້ອງໃຊ້ namespace urn:iso:std:iso:20022:tech:xsd:pacs.008.001.02 ຫາ .10 ຫຼື ລະບຸ --format ຂອງໄຟລ໌ CSV.

# Part: mekong generate summary.
generate-summary = { $file }: ຂຽນ { $rows } ທຸລະກຳ ລະຫວ່າງ { $accounts } ບັນຊີ ໃນ { $elapsed } ວິນາທີ
generate-standard-output = ຜົນອອກມາດຕະຖານ (stdout)
generate-json-needs-file = --json ພິມສະຫຼຸບອອກທາງຜົນອອກມາດຕະຖານ (stdout), ເຊິ່ງ --out - ກໍຂຽນທຸລະກຳໄປທີ່ນັ້ນ: ໃຫ້ລະບຸໄຟລ໌ຜົນອອກ, ເຊັ່ນ --out stream.csv.

# Part: registry list, label of a listing whose expiry has passed.
registry-list-expired = ໝົດອາຍຸ
