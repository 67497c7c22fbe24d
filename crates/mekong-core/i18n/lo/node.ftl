import-file-start = ກຳລັງນຳເຂົ້າ { $file } ({ $format }, { $encoding })
import-summary = { $file }: ອ່ານ { $read }, ນຳເຂົ້າ { $imported }, ຊ້ຳ { $duplicates }, ປະຕິເສດ { $rejected } ໃນ { $elapsed } ວິນາທີ ({ $rate } ທຸລະກຳ/ວິນາທີ)
import-rejects-written = ແຖວທີ່ຖືກປະຕິເສດ { $count } ແຖວ ຖືກຂຽນໄວ້ໃນ { $path }
import-interrupted = ການນຳເຂົ້າຖືກຂັດຈັງຫວະ: ທຸກຢ່າງທີ່ອ່ານກ່ອນການຂັດຈັງຫວະຖືກບັນທຶກແລ້ວ. ແລ່ນຄຳສັ່ງດຽວກັນອີກຄັ້ງເພື່ອໃຫ້ສຳເລັດ; ບໍ່ມີຫຍັງຖືກນຳເຂົ້າຊ້ຳ.
import-node-busy = ມີໂປຣແກຣມ mekong ອື່ນກຳລັງໃຊ້ { $dir } (ໂນດທີ່ກຳລັງແລ່ນ ຫຼື ການນຳເຂົ້າ). ໃຫ້ຢຸດມັນກ່ອນ, ຫຼື ສົ່ງທຸລະກຳຜ່ານ API ຂອງໂນດທີ່ກຳລັງແລ່ນ.
evaluate-header = ປຽບທຽບບັນຊີທີ່ມີການແຈ້ງເຕືອນກັບບັນຊີທີ່ມີປ້າຍກຳກັບ { $labels } ບັນຊີ (ກຳກັບວ່າສໍ້ໂກງ { $positives } ບັນຊີ)
evaluate-rule = { $rule }: ແຈ້ງເຕືອນ { $alerted }, ຖືກຕ້ອງ { $hits }, ຄວາມແມ່ນຍຳ { $precision }, ອັດຕາການກວດພົບ { $recall }
evaluate-involved = ລວມບັນຊີທີ່ກ່ຽວຂ້ອງ: ແຈ້ງເຕືອນ { $alerted }, ຖືກຕ້ອງ { $hits }, ຄວາມແມ່ນຍຳ { $precision }, ອັດຕາການກວດພົບ { $recall }
evaluate-overall = ທຸກກົດ: ແຈ້ງເຕືອນ { $alerted }, ຖືກຕ້ອງ { $hits }, ຄວາມແມ່ນຍຳ { $precision }, ອັດຕາການກວດພົບ { $recall }
serve-listening = ໂນດ { $node } ({ $country }, { $agency }) ກຳລັງຮັບຟັງຢູ່ { $scheme }://{ $addr }/
serve-plain-http-warning = ຄຳເຕືອນ: ກຳລັງໃຫ້ບໍລິການ HTTP ທີ່ບໍ່ເຂົ້າລະຫັດຢູ່ { $addr }, ເຊິ່ງບໍ່ແມ່ນທີ່ຢູ່ loopback. ທຸກຄົນໃນເຄືອຂ່າຍສາມາດອ່ານຂໍ້ມູນໄດ້. ໃຫ້ຜູກກັບ 127.0.0.1 ຫຼື ໃຫ້ບໍລິການ HTTPS ດ້ວຍ --tls-cert ແລະ --tls-key.
serve-stopped = ໂນດຢຸດແລ້ວ; ທຸກທຸລະກຳທີ່ຮັບແລ້ວຖືກບັນທຶກໄວ້.
demo-loading = ກຳລັງໂຫຼດຊຸດຂໍ້ມູນສາທິດ { $count } ທຸລະກຳທີ່ສ້າງຂຶ້ນ ເຂົ້າໃນໂນດເປົ່າ…
demo-loaded = ໂຫຼດຂໍ້ມູນສາທິດແລ້ວ: ມີການແຈ້ງເຕືອນ { $alerts } ລາຍການໃຫ້ກວດສອບ.
init-done = ໂນດ { $node } ຖືກຕັ້ງຄ່າສຳລັບ { $agency } ({ $country }) ໃນ { $dir }
not-initialised = ບ່ອນເກັບຂໍ້ມູນນີ້ຍັງບໍ່ມີໂນດ. ແລ່ນ `mekong init --node-id ID --country CN|LA --agency NAME` ກ່ອນ, ຫຼື ສົ່ງຕົວເລືອກເຫຼົ່ານີ້ໃຫ້ `mekong serve`.
rules-valid = { $file } ຖືກຕ້ອງ: { $count } ກົດ.
flag-added = ໝາຍ { $account } ແລ້ວ.
flag-removed = ຍົກເລີກການໝາຍ { $account } ແລ້ວ.
flag-not-found = { $account } ບໍ່ໄດ້ຖືກໝາຍ.

# Audit
audit-verify-ok = ບັນທຶກການກວດສອບຄົບຖ້ວນ: ກວດສອບແລ້ວ { $records } ລາຍການ ແລະ { $checkpoints } ຈຸດກວດທີ່ລົງລາຍເຊັນ (ຈຸດກວດສຸດທ້າຍຢູ່ລາຍການທີ { $last }). { $unprotected } ລາຍການຫຼັງຈຸດກວດສຸດທ້າຍຖືກປົກປ້ອງດ້ວຍລະບົບຕ່ອງໂສ້ແຮຊເທົ່ານັ້ນ.
audit-verify-failed = ບັນທຶກການກວດສອບເສຍຫາຍ: ລາຍການທີ { $seq } { $damage }. ກວດສອບແລ້ວ { $records } ລາຍການກ່ອນໜ້ານັ້ນ. ກະລຸນາເກັບໄຟລ໌ຖານຂໍ້ມູນໄວ້ເປັນຫຼັກຖານ ແລະ ລາຍງານໃຫ້ຫ້ອງການກວດກາ.
audit-verify-db-keys = ໝາຍເຫດ: ບໍ່ພົບໄຟລ໌ກະແຈຂອງໂນດ, ຈຶ່ງກວດຈຸດກວດດ້ວຍກະແຈສາທາລະນະທີ່ເກັບໄວ້ໃນຖານຂໍ້ມູນເອງ.
audit-damage-edited = ຖືກແກ້ໄຂ
audit-damage-deleted = ຫາຍໄປ (ຖືກລຶບ)
audit-damage-inserted = ຖືກແຊກເຂົ້າ
audit-damage-reordered = ຖືກຍ້າຍ (ລຳດັບລາຍການຖືກສັບປ່ຽນ)
audit-damage-bad-signature = ຢູ່ໃນຈຸດກວດທີ່ມີລາຍເຊັນບໍ່ຖືກຕ້ອງ
audit-export-done = ສົ່ງອອກ { $count } ລາຍການບັນທຶກການກວດສອບໄປທີ່ { $path } ແລ້ວ.

# Integration: the demo user of `serve --demo`
demo-user-created = ສ້າງຜູ້ໃຊ້ສາທິດແລ້ວ. ເຂົ້າສູ່ລະບົບທີ່ { $scheme }://{ $addr }/signin
demo-user-name = ຊື່ຜູ້ໃຊ້: { $username }
demo-user-password = ລະຫັດຜ່ານ: { $password }
demo-user-once = ລະຫັດຜ່ານເຫຼົ່ານີ້ສະແດງພຽງຄັ້ງດຽວ ແລະ ບໍ່ສາມາດສະແດງອີກໄດ້; ກະລຸນາຈົດໄວ້ດຽວນີ້. ເມື່ອເຂົ້າສູ່ລະບົບຄັ້ງທຳອິດ ໂນດຈະສະແດງ QR ໂຄດໃຫ້ຜູ້ໃຊ້ແຕ່ລະຄົນ ສຳລັບແອັບຢືນຢັນຕົວຕົນ.

# CLI lane: the demo administrator of `serve --demo`
demo-admin-name = ຜູ້ບໍລິຫານລະບົບ: { $username }
demo-admin-password = ລະຫັດຜ່ານຂອງຜູ້ບໍລິຫານລະບົບ: { $password }
