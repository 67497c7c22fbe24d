//! The freeze state machine: every state against every transition, the four-eyes
//! rule, required fields, expiry and reminders on an injected clock, and returns
//! that never exceed the frozen amount.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::str::FromStr;

use chrono::TimeDelta;
use mekong_auth::Role;
use mekong_freeze::transition::{
    Applied, approve, decide_appeal, emergency_stop, expire, lodge_appeal, release, renew, request, request_after_stop,
    return_funds,
};
use mekong_freeze::{
    Actor, Freeze, FreezeAction, FreezeConfig, FreezeError, FreezeState, due_reminders, expire_due,
};
use rust_decimal::Decimal;

use common::{analyst, at, freeze_in, freeze_request, supervisor};

fn attempt(freeze: &Freeze, action: FreezeAction) -> Result<Applied, FreezeError> {
    let now = at(2);
    let config = FreezeConfig::default();
    let boss = supervisor();
    match action {
        FreezeAction::Request => request_after_stop(freeze, &analyst(), now, "formal request"),
        FreezeAction::Approve => approve(freeze, &boss, now, &config, "evidence reviewed"),
        FreezeAction::Renew => renew(freeze, &boss, now, &config, "investigation continues"),
        FreezeAction::Release => release(freeze, &boss, now, "funds cleared"),
        FreezeAction::ReturnFunds => {
            return_funds(freeze, &boss, now, &[("Zhang San".to_owned(), Decimal::from(100))], "court order")
        }
        FreezeAction::LodgeAppeal => lodge_appeal(freeze, &analyst(), now, "account holder", "salary account"),
        FreezeAction::DecideAppeal => decide_appeal(freeze, &boss, now, true, "grounds not proven"),
        FreezeAction::Expire => expire(freeze, now),
        FreezeAction::EmergencyStop => emergency_stop("FRZ-new", &freeze_request("1.00"), &analyst(), now),
    }
}

#[test]
fn state_machine_full_table() {
    use FreezeAction::{Approve, DecideAppeal, Expire, LodgeAppeal, Release, Renew, Request, ReturnFunds};
    use FreezeState::*;

    // (state, action, resulting state) for every allowed pair; every other pair is rejected.
    let allowed: &[(FreezeState, FreezeAction, FreezeState)] = &[
        (FreezeState::EmergencyStop, Request, Requested),
        (FreezeState::EmergencyStop, Release, Released),
        (Requested, Approve, Active),
        (Requested, Release, Released),
        (Active, Renew, Active),
        (Active, Release, Released),
        (Active, ReturnFunds, ReturnedToVictims),
        (Active, LodgeAppeal, AppealLodged),
        (Active, Expire, Expired),
        (AppealLodged, DecideAppeal, Active),
        (AppealLodged, Expire, Expired),
        (ReturnedToVictims, ReturnFunds, ReturnedToVictims),
    ];
    let transitions = [Request, Approve, Renew, Release, ReturnFunds, LodgeAppeal, DecideAppeal, Expire];

    for state in FreezeState::ALL {
        for action in transitions {
            let freeze = freeze_in(state);
            let expected = allowed.iter().find(|(from, act, _)| *from == state && *act == action);
            let result = attempt(&freeze, action);
            match expected {
                Some((_, _, to)) => {
                    let applied = result.unwrap_or_else(|error| panic!("{state} × {action} rejected: {error}"));
                    assert_eq!(applied.freeze.state, *to, "{state} × {action}");
                    assert_eq!(applied.record.from, Some(state), "{state} × {action}");
                    assert_eq!(applied.record.to, *to, "{state} × {action}");
                    assert_eq!(applied.record.action, action);
                    assert!(!applied.record.description.is_empty());
                }
                None => assert_eq!(result, Err(FreezeError::InvalidState { action, state }), "{state} × {action}"),
            }
        }
    }
}

#[test]
fn creation_sets_initial_state() {
    let stop = emergency_stop("FRZ-1", &freeze_request("10.00"), &analyst(), at(1)).unwrap();
    assert_eq!(stop.freeze.state, FreezeState::EmergencyStop);
    assert_eq!(stop.record.from, None);
    assert!(stop.freeze.holds_debits());

    let requested = request("FRZ-2", &freeze_request("10.00"), &analyst(), at(1)).unwrap();
    assert_eq!(requested.freeze.state, FreezeState::Requested);
    assert!(!requested.freeze.holds_debits());

    let after_stop = request_after_stop(&stop.freeze, &analyst(), at(2), "formal request").unwrap();
    assert!(after_stop.freeze.holds_debits(), "a stop must not lapse while its request waits");
}

#[test]
fn appeal_overturned_releases() {
    let freeze = freeze_in(FreezeState::AppealLodged);
    let applied = decide_appeal(&freeze, &supervisor(), at(2), false, "holder proved salary origin").unwrap();
    assert_eq!(applied.freeze.state, FreezeState::Released);
    assert!(!applied.freeze.holds_debits());
}

#[test]
fn requester_cannot_approve() {
    let boss = supervisor();
    let created = request("FRZ-3", &freeze_request("10.00"), &boss, at(1)).unwrap();

    let result = approve(&created.freeze, &boss, at(2), &FreezeConfig::default(), "self approval");
    assert_eq!(result, Err(FreezeError::FourEyes { user: boss.username.clone() }));

    let second = Actor::new("chen.supervisor", vec![Role::Supervisor]);
    let approved = approve(&created.freeze, &second, at(2), &FreezeConfig::default(), "evidence reviewed").unwrap();
    assert_eq!(approved.freeze.approved_by.as_deref(), Some("chen.supervisor"));
}

#[test]
fn non_supervisor_cannot_approve() {
    let created = request("FRZ-4", &freeze_request("10.00"), &analyst(), at(1)).unwrap();
    let config = FreezeConfig::default();

    for role in [Role::FiuAnalyst, Role::Investigator, Role::Auditor, Role::Administrator, Role::Prosecutor] {
        let other = Actor::new("zhao.other", vec![role]);
        let result = approve(&created.freeze, &other, at(2), &config, "evidence reviewed");
        assert!(matches!(result, Err(FreezeError::Forbidden { action: FreezeAction::Approve, .. })), "{role}");
    }
}

#[test]
fn auditor_cannot_request() {
    let auditor = Actor::new("sun.auditor", vec![Role::Auditor]);
    let result = request("FRZ-5", &freeze_request("10.00"), &auditor, at(1));
    assert!(matches!(result, Err(FreezeError::Forbidden { action: FreezeAction::Request, .. })));
}

#[test]
fn request_requires_fields() {
    let mut no_accounts = freeze_request("10.00");
    no_accounts.accounts.clear();
    assert_eq!(request("F", &no_accounts, &analyst(), at(1)), Err(FreezeError::Missing("accounts")));

    let mut no_case = freeze_request("10.00");
    no_case.case_reference = "  ".to_owned();
    assert_eq!(request("F", &no_case, &analyst(), at(1)), Err(FreezeError::Missing("case reference")));

    let mut no_reason = freeze_request("10.00");
    no_reason.reason = String::new();
    assert_eq!(request("F", &no_reason, &analyst(), at(1)), Err(FreezeError::Missing("reason")));

    let zero = freeze_request("0.00");
    assert_eq!(request("F", &zero, &analyst(), at(1)), Err(FreezeError::InvalidAmount(Decimal::ZERO)));

    assert_eq!(request(" ", &freeze_request("1"), &analyst(), at(1)), Err(FreezeError::Missing("freeze id")));

    let freeze = freeze_in(FreezeState::Requested);
    let result = approve(&freeze, &supervisor(), at(2), &FreezeConfig::default(), "");
    assert_eq!(result, Err(FreezeError::Missing("reason")));
}

#[test]
fn expiry_follows_configured_period() {
    let created = request("FRZ-6", &freeze_request("10.00"), &analyst(), at(1)).unwrap();
    let config = FreezeConfig { period_months: 3 };
    let active = approve(&created.freeze, &supervisor(), at(10), &config, "ok").unwrap().freeze;
    assert_eq!(active.expires_at, Some(chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 6, 10, 9, 0, 0).unwrap()));

    let renewed = renew(&active, &supervisor(), at(20), &config, "still needed").unwrap().freeze;
    assert_eq!(renewed.expires_at, Some(chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 9, 10, 9, 0, 0).unwrap()));
    assert_eq!(FreezeConfig::default().period_months, 6);
}

#[test]
fn reminders_and_expiry_by_clock() {
    let config = FreezeConfig::default();
    let approve_on = |id: &str, day: u32| {
        let created = request(id, &freeze_request("10.00"), &analyst(), at(1)).unwrap();
        approve(&created.freeze, &supervisor(), at(day), &config, "ok").unwrap().freeze
    };
    let early = approve_on("FRZ-early", 2);
    let late = approve_on("FRZ-late", 20);
    let released = release(&approve_on("FRZ-released", 2), &supervisor(), at(3), "cleared").unwrap().freeze;
    let freezes = vec![late.clone(), early.clone(), released];

    let expiry = early.expires_at.unwrap();
    let lead = TimeDelta::days(7);

    let before_window = due_reminders(&freezes, expiry - TimeDelta::days(8), lead);
    assert!(before_window.is_empty());

    let in_window = due_reminders(&freezes, expiry - TimeDelta::days(6), lead);
    let ids: Vec<&str> = in_window.iter().map(|freeze| freeze.id.as_str()).collect();
    assert_eq!(ids, ["FRZ-early"]);

    assert!(expire_due(&freezes, expiry - TimeDelta::seconds(1)).is_empty());
    assert_eq!(expire(&early, expiry - TimeDelta::seconds(1)), Err(FreezeError::NotDue));

    let lapsed = expire_due(&freezes, expiry);
    assert_eq!(lapsed.len(), 1);
    assert_eq!(lapsed[0].freeze.id, "FRZ-early");
    assert_eq!(lapsed[0].freeze.state, FreezeState::Expired);
    assert_eq!(lapsed[0].record.actor, "system");

    let renewed = renew(&early, &supervisor(), expiry - TimeDelta::days(1), &config, "renewed").unwrap().freeze;
    assert!(expire_due(&[renewed], expiry).is_empty());
}

/// A small fixed-seed generator (xorshift64*), so the property loop is repeatable.
struct Generator(u64);

impl Generator {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, bound: u64) -> u64 {
        self.next() % bound
    }
}

#[test]
fn returns_never_exceed_frozen() {
    let mut generator = Generator(0x9E37_79B9_7F4A_7C15);

    for round in 0..300 {
        let frozen_cents = 1 + generator.below(1_000_000);
        let frozen = Decimal::new(frozen_cents as i64, 2);
        let mut freeze = freeze_in(FreezeState::Active);
        freeze.request.amount.amount = frozen;

        for _ in 0..8 {
            let victims = 1 + generator.below(3);
            let returns: Vec<(String, Decimal)> = (0..victims)
                .map(|index| {
                    let cents = 1 + generator.below(frozen_cents / 2 + 1);
                    (format!("victim {index}"), Decimal::new(cents as i64, 2))
                })
                .collect();
            let requested: Decimal = returns.iter().map(|(_, amount)| *amount).sum();
            let before = freeze.total_returned();

            match return_funds(&freeze, &supervisor(), at(2), &returns, "court order") {
                Ok(applied) => {
                    assert!(before + requested <= frozen, "round {round}: accepted an excess return");
                    assert_eq!(applied.freeze.total_returned(), before + requested);
                    freeze = applied.freeze;
                }
                Err(error) => {
                    assert!(before + requested > frozen, "round {round}: rejected a valid return: {error}");
                    assert_eq!(error, FreezeError::ReturnExceedsFrozen { frozen, returned: before, requested });
                }
            }
            assert!(freeze.total_returned() <= frozen, "round {round}");
        }
    }
}

#[test]
fn return_rejects_bad_entries() {
    let freeze = freeze_in(FreezeState::Active);
    let boss = supervisor();
    assert_eq!(return_funds(&freeze, &boss, at(2), &[], "order"), Err(FreezeError::Missing("victims and amounts")));

    let unnamed = [(" ".to_owned(), Decimal::ONE)];
    assert_eq!(return_funds(&freeze, &boss, at(2), &unnamed, "order"), Err(FreezeError::Missing("victim name")));

    let negative = [("Zhang San".to_owned(), Decimal::from_str("-5").unwrap())];
    let result = return_funds(&freeze, &boss, at(2), &negative, "order");
    assert_eq!(result, Err(FreezeError::InvalidAmount(Decimal::from_str("-5").unwrap())));
}
