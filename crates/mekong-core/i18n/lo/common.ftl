app-name = ຂົວແມ່ຂອງ
term-alert = ການແຈ້ງເຕືອນ
term-transaction = ທຸລະກຳ
term-account = ບັນຊີ
decision-allow = ອະນຸຍາດ
decision-review = ກວດສອບ
decision-hold = ລະງັບໄວ້
status-open = ເປີດ
status-under_review = ກຳລັງກວດສອບ
status-escalated = ສົ່ງຕໍ່ແລ້ວ
status-dismissed = ປິດແລ້ວ

# Part: flagged-identifier registry (mekong-registry). Reasons for rejected registry rows and values.
registry-invalid-empty = ຄ່າຫວ່າງເປົ່າ.
registry-invalid-bank-account = ບັນຊີທະນາຄານບໍ່ຖືກຕ້ອງ: ໃຫ້ຂຽນເປັນ ທະນາຄານ/ເລກບັນຊີ ເຊັ່ນ ICBC/6222000000000001.
registry-invalid-phone = ເບີໂທລະສັບບໍ່ຖືກຕ້ອງ: ບໍ່ສາມາດອ່ານເປັນເບີໂທລະສັບໄດ້.
registry-invalid-url = URL ບໍ່ຖືກຕ້ອງ: ຕ້ອງເປັນທີ່ຢູ່ເວັບ ເຊັ່ນ https://example.com/pay.
registry-invalid-domain = ໂດເມນບໍ່ຖືກຕ້ອງ: ຕ້ອງເປັນຊື່ໂດເມນ ເຊັ່ນ example.com.
registry-invalid-imei-length = IMEI ບໍ່ຖືກຕ້ອງ: ຕ້ອງມີ 15 ຕົວເລກ.
registry-invalid-imei-check = IMEI ບໍ່ຖືກຕ້ອງ: ຕົວເລກກວດສອບ (Luhn) ບໍ່ກົງກັນ.
registry-invalid-ip = ທີ່ຢູ່ IP ບໍ່ຖືກຕ້ອງ: ຕ້ອງເປັນ IPv4 ເຊັ່ນ 203.0.113.5 ຫຼື IPv6 ເຊັ່ນ 2001:db8::1.
registry-invalid-wallet = ທີ່ຢູ່ກະເປົາເງິນບໍ່ຖືກຕ້ອງ: ມີຍະຫວ່າງ ຫຼື ຕົວອັກສອນຄວບຄຸມ.
registry-unknown-kind = ບໍ່ຮູ້ຈັກປະເພດຕົວລະບຸ: ໃຊ້ bank_account, phone, url, domain, wallet, imei ຫຼື ip.
registry-unknown-listing = ບໍ່ຮູ້ຈັກປະເພດການຂຶ້ນບັນຊີ: ໃຊ້ case_related_account, barred_account_renter, scam_phone, scam_url ຫຼື other.
registry-invalid-time = ເວລາບໍ່ຖືກຕ້ອງ: ໃຊ້ RFC 3339 ເຊັ່ນ 2026-05-01T00:00:00+08:00 ຫຼື ວັນທີ ເຊັ່ນ 2026-05-01.
registry-missing-field = ຂາດຊ່ອງ { $column }: ທຸກການຂຶ້ນບັນຊີຕ້ອງລະບຸເຫດຜົນ, ອົງການທີ່ມາ, ພື້ນຖານທາງກົດໝາຍ ແລະ ຊ່ອງທາງອຸທອນ.
registry-missing-column = ໄຟລ໌ບໍ່ມີຖັນ { $column }: ຫົວຕາຕະລາງຕ້ອງມີ kind, value, listing_type, reason, source_agency, legal_basis, appeal ແລະ starts_at.
registry-too-long = ຊ່ອງ { $column } ຍາວເກີນໄປ: ບໍ່ເກີນ 2,000 ຕົວອັກສອນ.
registry-expiry-before-start = ເວລາໝົດອາຍຸຕ້ອງຢູ່ຫຼັງເວລາເລີ່ມຕົ້ນ.

# CLI lane: `mekong registry add` options
registry-invalid-time-flag = ຄ່າ --{ $flag } "{ $value }" ບໍ່ຖືກຕ້ອງ: ໃຊ້ RFC 3339 ເຊັ່ນ 2026-05-01T00:00:00+08:00 ຫຼື ວັນທີ ເຊັ່ນ 2026-05-01.

# Part: registry dates (mekong-registry period rule, all routes).
registry-expiry-passed = ເວລາໝົດອາຍຸ { $value } ຜ່ານໄປແລ້ວ: ລາຍການທີ່ບໍ່ມີເວລາເລີ່ມຕົ້ນຈະເລີ່ມມີຜົນດຽວນີ້, ສະນັ້ນມັນຈະບໍ່ມີຜົນບັງຄັບໃຊ້ເລີຍ. ໃຫ້ໃສ່ເວລາໝົດອາຍຸທີ່ຊ້າກວ່ານີ້ ຫຼື ໃສ່ວັນທີເລີ່ມຕົ້ນ.
registry-lapsed-warning = ຄຳເຕືອນ: ລາຍການນີ້ໝົດອາຍຸແລ້ວ, ສະນັ້ນມັນບໍ່ໝາຍບັນຊີໃດ ແລະ ການສອບຖາມຄວາມສ່ຽງຈະບໍ່ລາຍງານມັນ.
