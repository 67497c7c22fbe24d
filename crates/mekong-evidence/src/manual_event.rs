//! Custody events that users record by hand, and the order rules they must follow.
//!
//! A user records collected, sealed, checked_out, checked_in, transferred, received or
//! disposed. The system alone writes `parsed`, `exported` and `accessed`. Rules, checked
//! against the item's earlier events in the order they were recorded:
//! - nothing is recorded after `disposed`;
//! - `checked_out` needs the item checked in, and `checked_in` needs it checked out.
//!   The latest `checked_in` or `checked_out` event decides, and an item starts checked
//!   in because adding it records `checked_in`;
//! - `sealed` needs a seal number, and no other kind takes one;
//! - the time may not be later than now plus [`MAX_CLOCK_SKEW_SECONDS`].
//!
//! The event's time is the time the user gives, stored in UTC. Its details are a JSON
//! object with that time in its original offset (`at`) and the optional `place`,
//! `seal` and `note`, so the zone survives and the leaf bytes stay canonical.

use chrono::{DateTime, Duration, FixedOffset, Utc};
use mekong_store::evidence::NewCustodyEvent;
use serde::{Deserialize, Serialize};

use crate::custody::{CustodyEvent, CustodyLog, EventKind};
use crate::EvidenceError;

/// How far in the future an event time may lie, for clocks that disagree.
pub const MAX_CLOCK_SKEW_SECONDS: i64 = 300;

/// The kinds a user may record by hand, in workflow order.
pub const MANUAL_KINDS: [EventKind; 7] = [
    EventKind::Collected,
    EventKind::Sealed,
    EventKind::CheckedOut,
    EventKind::CheckedIn,
    EventKind::Transferred,
    EventKind::Received,
    EventKind::Disposed,
];

/// A custody step that a user records by hand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManualEvent {
    /// The item the step concerns.
    pub item_id: String,
    /// The step's kind, one of [`MANUAL_KINDS`].
    pub kind: EventKind,
    /// The user who records the step.
    pub actor: String,
    /// The time of the step, with the local offset.
    pub at: DateTime<FixedOffset>,
    /// The place of the step.
    pub place: Option<String>,
    /// The seal number, which `sealed` requires and every other kind rejects.
    pub seal_number: Option<String>,
    /// A free-form note, without personal data.
    pub note: Option<String>,
}

/// The details stored with a manual event, as a JSON object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManualDetails {
    /// The time in RFC 3339 with the offset the user gave.
    pub at: String,
    /// The place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// The seal number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seal: Option<String>,
    /// The note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl ManualDetails {
    /// Parses stored details, or returns `None` for events the system wrote.
    pub fn parse(details: &str) -> Option<ManualDetails> {
        serde_json::from_str(details).ok()
    }
}

/// The reason a manual event is rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rejection {
    /// The kind is written only by the system.
    SystemKind,
    /// The item is already disposed of.
    AfterDisposed,
    /// `checked_out` while the item is already checked out.
    NotCheckedIn,
    /// `checked_in` while the item is already checked in.
    NotCheckedOut,
    /// `sealed` without a seal number.
    SealMissing,
    /// A seal number for a kind other than `sealed`.
    SealNotAllowed,
    /// The time is later than now plus the allowed clock skew.
    FutureTime,
}

impl Rejection {
    /// Returns the kebab-case name, also used in message keys such as
    /// `custody-rejected-after-disposed`.
    pub fn as_str(self) -> &'static str {
        match self {
            Rejection::SystemKind => "system-kind",
            Rejection::AfterDisposed => "after-disposed",
            Rejection::NotCheckedIn => "not-checked-in",
            Rejection::NotCheckedOut => "not-checked-out",
            Rejection::SealMissing => "seal-missing",
            Rejection::SealNotAllowed => "seal-not-allowed",
            Rejection::FutureTime => "future-time",
        }
    }

    /// Returns an English description for logs and error chains.
    pub fn describe(self) -> &'static str {
        match self {
            Rejection::SystemKind => "only the system records this kind",
            Rejection::AfterDisposed => "the item is already disposed of",
            Rejection::NotCheckedIn => "the item is not checked in",
            Rejection::NotCheckedOut => "the item is not checked out",
            Rejection::SealMissing => "a sealed event needs a seal number",
            Rejection::SealNotAllowed => "only a sealed event takes a seal number",
            Rejection::FutureTime => "the time is in the future",
        }
    }
}

/// Checks a new event of `kind` against the item's earlier events, in recorded order.
pub fn check_order(kind: EventKind, history: &[&NewCustodyEvent]) -> Result<(), Rejection> {
    if !MANUAL_KINDS.contains(&kind) {
        return Err(Rejection::SystemKind);
    }
    if history.iter().any(|event| event.kind == EventKind::Disposed.as_str()) {
        return Err(Rejection::AfterDisposed);
    }

    let checked_in = history
        .iter()
        .rev()
        .find(|event| event.kind == EventKind::CheckedIn.as_str() || event.kind == EventKind::CheckedOut.as_str())
        .is_none_or(|event| event.kind == EventKind::CheckedIn.as_str());
    match kind {
        EventKind::CheckedOut if !checked_in => Err(Rejection::NotCheckedIn),
        EventKind::CheckedIn if checked_in => Err(Rejection::NotCheckedOut),
        _ => Ok(()),
    }
}

fn check_fields(event: &ManualEvent, now: DateTime<Utc>) -> Result<(), Rejection> {
    let has_seal = event.seal_number.as_deref().is_some_and(|seal| !seal.trim().is_empty());
    if event.kind == EventKind::Sealed && !has_seal {
        return Err(Rejection::SealMissing);
    }
    if event.kind != EventKind::Sealed && has_seal {
        return Err(Rejection::SealNotAllowed);
    }

    if event.at.with_timezone(&Utc) > now + Duration::seconds(MAX_CLOCK_SKEW_SECONDS) {
        return Err(Rejection::FutureTime);
    }
    Ok(())
}

fn non_empty(value: &Option<String>) -> Option<String> {
    value.as_deref().map(str::trim).filter(|text| !text.is_empty()).map(str::to_owned)
}

impl CustodyLog {
    /// Records a manual custody event after checking the rules in the module
    /// documentation, signs a checkpoint, and returns the event's sequence number.
    pub fn record_manual(&self, event: &ManualEvent) -> Result<i64, EvidenceError> {
        let rejected = |rejection: Rejection| EvidenceError::EventRejected {
            item_id: event.item_id.clone(),
            kind: event.kind.as_str(),
            rejection,
        };
        check_fields(event, Utc::now()).map_err(rejected)?;
        let item = self.store().evidence_item(&event.item_id)?.ok_or_else(|| EvidenceError::ItemNotFound(event.item_id.clone()))?;

        let details = ManualDetails {
            at: event.at.to_rfc3339(),
            place: non_empty(&event.place),
            seal: non_empty(&event.seal_number),
            note: non_empty(&event.note),
        };
        let custody_event = CustodyEvent {
            item_id: event.item_id.clone(),
            kind: event.kind,
            actor: event.actor.clone(),
            time: event.at.with_timezone(&Utc),
            details: serde_json::to_string(&details).map_err(|error| EvidenceError::Details(error.to_string()))?,
            content_hash: item.sha256,
        };

        // The store reads the item's history, runs the order check and appends in one
        // write transaction, so two recorders in any processes cannot both pass it.
        let mut rejection = None;
        let appended = self.store().append_custody_event_checked(&custody_event.to_row(), &mut |rows| {
            let history: Vec<&NewCustodyEvent> = rows.iter().map(|row| &row.event).collect();
            rejection = check_order(event.kind, &history).err();
            rejection.is_none()
        })?;
        let seq = match (appended, rejection) {
            (Some(seq), _) => seq,
            (None, Some(rejection)) => return Err(rejected(rejection)),
            // The check returns false only with a rejection, so this arm is not reached.
            (None, None) => return Err(rejected(Rejection::AfterDisposed)),
        };

        self.checkpoint()?;
        tracing::info!(seq, item_id = %event.item_id, kind = event.kind.as_str(), "recorded a manual custody event");
        Ok(seq)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored(kind: EventKind) -> NewCustodyEvent {
        NewCustodyEvent {
            item_id: "EV-1".into(),
            kind: kind.as_str().into(),
            actor: "a".into(),
            time_us: 0,
            details: String::new(),
            content_hash: "00".into(),
        }
    }

    fn check(kind: EventKind, earlier: &[EventKind]) -> Result<(), Rejection> {
        let rows: Vec<NewCustodyEvent> = earlier.iter().map(|kind| stored(*kind)).collect();
        let history: Vec<&NewCustodyEvent> = rows.iter().collect();
        check_order(kind, &history)
    }

    #[test]
    fn order_rules_table() {
        use EventKind::*;

        let cases: &[(EventKind, &[EventKind], Result<(), Rejection>)] = &[
            (CheckedOut, &[CheckedIn], Ok(())),
            (CheckedOut, &[CheckedIn, CheckedOut], Err(Rejection::NotCheckedIn)),
            (CheckedIn, &[CheckedIn], Err(Rejection::NotCheckedOut)),
            (CheckedIn, &[CheckedIn, CheckedOut], Ok(())),
            (CheckedOut, &[], Ok(())),
            (Transferred, &[CheckedIn, CheckedOut], Ok(())),
            (Collected, &[CheckedIn, Disposed], Err(Rejection::AfterDisposed)),
            (Disposed, &[CheckedIn, Disposed], Err(Rejection::AfterDisposed)),
            (Parsed, &[CheckedIn], Err(Rejection::SystemKind)),
            (Exported, &[CheckedIn], Err(Rejection::SystemKind)),
            (Accessed, &[CheckedIn], Err(Rejection::SystemKind)),
        ];
        for (kind, earlier, expected) in cases {
            assert_eq!(check(*kind, earlier), *expected, "{kind:?} after {earlier:?}");
        }
    }

    #[test]
    fn seal_number_rules() {
        let at = DateTime::parse_from_rfc3339("2026-03-01T10:00:00+07:00").unwrap_or_default();
        let now = at.with_timezone(&Utc);
        let mut event = ManualEvent {
            item_id: "EV-1".into(),
            kind: EventKind::Sealed,
            actor: "a".into(),
            at,
            place: None,
            seal_number: None,
            note: None,
        };

        assert_eq!(check_fields(&event, now), Err(Rejection::SealMissing));
        event.seal_number = Some("S-1".into());
        assert_eq!(check_fields(&event, now), Ok(()));
        event.kind = EventKind::Transferred;
        assert_eq!(check_fields(&event, now), Err(Rejection::SealNotAllowed));
        event.seal_number = None;
        assert_eq!(check_fields(&event, now - Duration::hours(1)), Err(Rejection::FutureTime));
    }
}
