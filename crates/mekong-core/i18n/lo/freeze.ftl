# ການອາຍັດບັນຊີ: ຄຳສັ່ງ `mekong freeze`.
freeze-created = ສ້າງການອາຍັດ { $id } ແລ້ວ; ສະຖານະ: { $state }.
freeze-moved = ການອາຍັດ { $id } ປ່ຽນຈາກ { $from } ເປັນ { $to } ແລ້ວ.
freeze-expired = ການອາຍັດ { $count } ລາຍການໝົດອາຍຸແລ້ວ.
freeze-not-found = ບໍ່ພົບການອາຍັດ { $id }; ແລ່ນ `mekong freeze list` ເພື່ອເບິ່ງລະຫັດ.
freeze-user-not-found = ບໍ່ພົບຜູ້ໃຊ້ { $user } ຫຼື ຜູ້ໃຊ້ຖືກປິດການນຳໃຊ້; ກວດຊື່ດ້ວຍ `mekong user list`.
freeze-read-forbidden = ຜູ້ໃຊ້ { $user } ບໍ່ມີບົດບາດທີ່ອະນຸຍາດໃຫ້ເບິ່ງການອາຍັດ.
freeze-field-state = ສະຖານະ
freeze-field-accounts = ບັນຊີ
freeze-field-amount = ຈຳນວນເງິນທີ່ອາຍັດ
freeze-field-legal-basis = ພື້ນຖານທາງກົດໝາຍ
freeze-field-case = ຄະດີ
freeze-field-reason = ເຫດຜົນ
freeze-field-requested-by = ຜູ້ຮ້ອງຂໍ
freeze-field-approved-by = ຜູ້ອະນຸມັດ
freeze-field-expires = ໝົດອາຍຸ
freeze-field-returned = ສົ່ງຄືນໃຫ້ຜູ້ເສຍຫາຍແລ້ວ
freeze-field-history = ປະຫວັດ

# Freeze operations: debit holds, expiry reminders and bank notices.
explain-frozen-debit = ລາຍການຖອນອອກຈາກບັນຊີທີ່ຖືກອາຍັດ (ການອາຍັດ { $freeze }) ຖືກລະງັບໄວ້; ເງິນທີ່ໂອນເຂົ້າບັນຊີນີ້ຍັງຮັບໄດ້ຕາມປົກກະຕິ.
freeze-field-reminded = ແຈ້ງເຕືອນການໝົດອາຍຸ
freeze-reminder-line = ໄດ້ແຈ້ງເຕືອນໃນວັນທີ { $at } ວ່າການອາຍັດຈະໝົດອາຍຸໃນວັນທີ { $expires }.
freeze-field-notices = ແຈ້ງການເຖິງທະນາຄານ
freeze-notice-delivered = ແຈ້ງການ { $id } ({ $state }) ສົ່ງເຖິງແລ້ວໃນວັນທີ { $at }.
freeze-notice-pending = ແຈ້ງການ { $id } ({ $state }) ລໍຖ້າສົ່ງ ຫຼັງຈາກສົ່ງບໍ່ສຳເລັດ { $attempts } ຄັ້ງ.
freeze-list-reminded = ແຈ້ງເຕືອນແລ້ວ
bench-freeze-result = ອະນຸມັດ { $count } ຄັ້ງ: ລາຍການຖອນອອກທຳອິດຫຼັງການອະນຸມັດຖືກລະງັບຫຼັງຈາກ p50 { $p50 } µs, p99 { $p99 } µs, ສູງສຸດ { $max } µs; ລາຍການຖອນອອກທີ່ຖືກປ່ອຍຜ່ານຫຼັງການອະນຸມັດ { $allowed } ລາຍການ.
