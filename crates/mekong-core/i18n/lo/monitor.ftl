# Messages of the monitor part; filled in as the part is built.

## Transaction monitor (crate mekong-monitor)

# Rule names and descriptions, keyed by rule id.
rule-large_amount = ທຸລະກຳຈຳນວນເງິນສູງ
rule-large_amount-description = ທຸລະກຳດຽວທີ່ມີຈຳນວນເງິນເທົ່າກັບ ຫຼື ສູງກວ່າເກນຂອງສະກຸນເງິນນັ້ນ.
rule-structuring = ການແບ່ງທຸລະກຳເພື່ອຫຼີກລ່ຽງການລາຍງານ
rule-structuring-description = ທຸລະກຳຫຼາຍລາຍການທີ່ມີຈຳນວນເງິນຕ່ຳກວ່າເກນການລາຍງານເລັກນ້ອຍ ພາຍໃນໄລຍະເວລາສັ້ນ, ຄືກັບການແບ່ງເງິນເພື່ອຫຼີກລ່ຽງການລາຍງານ.
rule-velocity = ທຸລະກຳຖີ່ຜິດປົກກະຕິ
rule-velocity-description = ບັນຊີດຽວມີທຸລະກຳຫຼາຍລາຍການ ຫຼື ຍອດເງິນໝູນວຽນສູງ ພາຍໃນໄລຍະເວລາສັ້ນ.
rule-fan_in = ການໂອນເຂົ້າຈາກຫຼາຍບັນຊີ
rule-fan_in-description = ຫຼາຍບັນຊີທີ່ແຕກຕ່າງກັນໂອນເງິນເຂົ້າບັນຊີດຽວ, ຄືກັບຜູ້ເສຍຫາຍໂອນເງິນເຂົ້າບັນຊີຮັບເງິນ.
rule-fan_out = ການໂອນອອກໄປຫຼາຍບັນຊີ
rule-fan_out-description = ບັນຊີດຽວໂອນເງິນໄປຫາຫຼາຍບັນຊີທີ່ແຕກຕ່າງກັນ, ຄືກັບການກະຈາຍເງິນໄປບັນຊີອື່ນ.
rule-pass_through = ເງິນເຂົ້າ-ອອກໄວ
rule-pass_through-description = ເງິນສ່ວນໃຫຍ່ທີ່ບັນຊີໄດ້ຮັບຖືກໂອນອອກອີກພາຍໃນບໍ່ເທົ່າໃດນາທີ: ລັກສະນະຂອງບັນຊີຕົວກາງ.
rule-cycle = ເງິນໝູນກັບຄືນ
rule-cycle-description = ເງິນກັບຄືນມາບັນຊີເດີມ ຫຼັງຈາກຜ່ານບັນຊີອື່ນຈຳນວນໜຶ່ງ.
rule-dormant_burst = ບັນຊີທີ່ບໍ່ເຄື່ອນໄຫວ ຫຼື ບັນຊີໃໝ່ ເຄື່ອນໄຫວຢ່າງກະທັນຫັນ
rule-dormant_burst-description = ບັນຊີທີ່ບໍ່ມີການເຄື່ອນໄຫວເປັນເວລາດົນ ຫຼື ບັນຊີໃໝ່ ເຄື່ອນຍ້າຍເງິນຈຳນວນຫຼາຍຢ່າງກະທັນຫັນ.
rule-flagged_counterparty = ຄູ່ທຸລະກຳຖືກໝາຍໄວ້
rule-flagged_counterparty-description = ທຸລະກຳກັບບັນຊີທີ່ຢູ່ໃນລາຍຊື່ທີ່ຖືກໝາຍໄວ້.
rule-cross_border = ທຸລະກຳຂ້າມແດນ ຈີນ–ລາວ
rule-cross_border-description = ທຸລະກຳລະຫວ່າງບັນຊີໃນປະເທດຈີນ ແລະ ບັນຊີໃນປະເທດລາວ, ທັງສອງທິດທາງ.

# Why a rule matched: alert explanations. Amounts carry their currency code.
explain-large-amount = ທຸລະກຳຈຳນວນ { $amount }, ເທົ່າກັບ ຫຼື ສູງກວ່າເກນ { $threshold }.
explain-structuring = ມີ { $count } ທຸລະກຳ ລະຫວ່າງ { $lower } ຫາ { $threshold } ພາຍໃນ { $window } { $window_unit ->
        [day] ມື້
        [days] ມື້
        [hour] ຊົ່ວໂມງ
        [hours] ຊົ່ວໂມງ
        [minute] ນາທີ
        [minutes] ນາທີ
        [second] ວິນາທີ
       *[seconds] ວິນາທີ
    }, ລວມ { $total }: ຕ່ຳກວ່າເກນການລາຍງານເລັກນ້ອຍ.
explain-velocity = { $count } ທຸລະກຳ ພາຍໃນ { $window } { $window_unit ->
        [day] ມື້
        [days] ມື້
        [hour] ຊົ່ວໂມງ
        [hours] ຊົ່ວໂມງ
        [minute] ນາທີ
        [minutes] ນາທີ
        [second] ວິນາທີ
       *[seconds] ວິນາທີ
    }, ຍອດເງິນໝູນວຽນ { $turnover }.
explain-fan-in = { $count } ບັນຊີທີ່ແຕກຕ່າງກັນ ໂອນເງິນເຂົ້າບັນຊີນີ້ ພາຍໃນ { $window } { $window_unit ->
        [day] ມື້
        [days] ມື້
        [hour] ຊົ່ວໂມງ
        [hours] ຊົ່ວໂມງ
        [minute] ນາທີ
        [minutes] ນາທີ
        [second] ວິນາທີ
       *[seconds] ວິນາທີ
    }, ລວມ { $total }.
explain-fan-out = ບັນຊີນີ້ໂອນເງິນໄປຫາ { $count } ບັນຊີທີ່ແຕກຕ່າງກັນ ພາຍໃນ { $window } { $window_unit ->
        [day] ມື້
        [days] ມື້
        [hour] ຊົ່ວໂມງ
        [hours] ຊົ່ວໂມງ
        [minute] ນາທີ
        [minutes] ນາທີ
        [second] ວິນາທີ
       *[seconds] ວິນາທີ
    }, ລວມ { $total }.
explain-pass-through = ບັນຊີໄດ້ຮັບ { $inflow } ແລະ ໂອນອອກ { $outflow } ({ $percent }%) ພາຍໃນ { $window } { $window_unit ->
        [day] ມື້
        [days] ມື້
        [hour] ຊົ່ວໂມງ
        [hours] ຊົ່ວໂມງ
        [minute] ນາທີ
        [minutes] ນາທີ
        [second] ວິນາທີ
       *[seconds] ວິນາທີ
    }.
explain-cycle = { $amount } ອອກຈາກບັນຊີນີ້ ແລະ { $returned } ກັບຄືນມາ ຜ່ານ { $hops } ທຸລະກຳ ພາຍໃນ { $window } { $window_unit ->
        [day] ມື້
        [days] ມື້
        [hour] ຊົ່ວໂມງ
        [hours] ຊົ່ວໂມງ
        [minute] ນາທີ
        [minutes] ນາທີ
        [second] ວິນາທີ
       *[seconds] ວິນາທີ
    }.
explain-dormant = ຫຼັງຈາກບໍ່ມີການເຄື່ອນໄຫວ { $idle_days } ມື້, ບັນຊີໄດ້ເຄື່ອນຍ້າຍເງິນ { $turnover } ພາຍໃນ { $window } { $window_unit ->
        [day] ມື້
        [days] ມື້
        [hour] ຊົ່ວໂມງ
        [hours] ຊົ່ວໂມງ
        [minute] ນາທີ
        [minutes] ນາທີ
        [second] ວິນາທີ
       *[seconds] ວິນາທີ
    }.
explain-new-account = ບັນຊີຖືກພົບເຫັນຄັ້ງທຳອິດ ບໍ່ເຖິງ { $new_within } { $new_within_unit ->
        [day] ມື້
        [days] ມື້
        [hour] ຊົ່ວໂມງ
        [hours] ຊົ່ວໂມງ
        [minute] ນາທີ
        [minutes] ນາທີ
        [second] ວິນາທີ
       *[seconds] ວິນາທີ
    } ກ່ອນ ແລະ ໄດ້ເຄື່ອນຍ້າຍເງິນ { $turnover } ພາຍໃນ { $window } { $window_unit ->
        [day] ມື້
        [days] ມື້
        [hour] ຊົ່ວໂມງ
        [hours] ຊົ່ວໂມງ
        [minute] ນາທີ
        [minutes] ນາທີ
        [second] ວິນາທີ
       *[seconds] ວິນາທີ
    }.
explain-flagged-creditor = ໂອນເງິນໄປຫາບັນຊີທີ່ຖືກໝາຍໄວ້ { $counterparty }: { $reason }
explain-flagged-debtor = ໄດ້ຮັບເງິນຈາກບັນຊີທີ່ຖືກໝາຍໄວ້ { $counterparty }: { $reason }
explain-cross-border = ທຸລະກຳຂ້າມແດນ { $amount } ຈາກ { $from } ຫາ { $to }.
