//! The permission table of freeze transitions: the roles granted each one.
//!
//! Invariant: a transition not granted here is denied. The four-eyes rule (the
//! requester never approves) is checked in [`crate::transition`], on top of this table.

use std::fmt;

use mekong_auth::Role;

/// A transition of the freeze lifecycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FreezeAction {
    /// Order an emergency stop-payment, which creates a freeze.
    EmergencyStop,
    /// Request a freeze, new or following an emergency stop.
    Request,
    /// Approve a requested freeze, which makes it active.
    Approve,
    /// Extend an active freeze by one more period.
    Renew,
    /// Lift a freeze.
    Release,
    /// Return frozen funds to named victims.
    ReturnFunds,
    /// Record an appeal by the account holder.
    LodgeAppeal,
    /// Decide a lodged appeal.
    DecideAppeal,
    /// Let a freeze lapse at its expiry time; performed by the node's clock.
    Expire,
}

impl FreezeAction {
    /// Every action, in lifecycle order.
    pub const ALL: [FreezeAction; 9] = [
        FreezeAction::EmergencyStop,
        FreezeAction::Request,
        FreezeAction::Approve,
        FreezeAction::Renew,
        FreezeAction::Release,
        FreezeAction::ReturnFunds,
        FreezeAction::LodgeAppeal,
        FreezeAction::DecideAppeal,
        FreezeAction::Expire,
    ];

    /// Returns the audit and stored name, such as `freeze.approve`.
    pub fn as_str(&self) -> &'static str {
        match self {
            FreezeAction::EmergencyStop => "freeze.emergency_stop",
            FreezeAction::Request => "freeze.request",
            FreezeAction::Approve => "freeze.approve",
            FreezeAction::Renew => "freeze.renew",
            FreezeAction::Release => "freeze.release",
            FreezeAction::ReturnFunds => "freeze.return_funds",
            FreezeAction::LodgeAppeal => "freeze.lodge_appeal",
            FreezeAction::DecideAppeal => "freeze.decide_appeal",
            FreezeAction::Expire => "freeze.expire",
        }
    }
}

impl fmt::Display for FreezeAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

const ANALYSTS_AND_SUPERVISORS: &[Role] = &[Role::FiuAnalyst, Role::Investigator, Role::Supervisor];
const SUPERVISORS: &[Role] = &[Role::Supervisor];

/// Returns the roles granted a transition. Reading this function is the whole policy.
///
/// [`FreezeAction::Expire`] is granted no role, because only the node's clock expires
/// freezes ([`crate::expire_due`]).
pub fn granted_roles(action: FreezeAction) -> &'static [Role] {
    match action {
        FreezeAction::EmergencyStop | FreezeAction::Request | FreezeAction::LodgeAppeal => ANALYSTS_AND_SUPERVISORS,
        FreezeAction::Approve
        | FreezeAction::Renew
        | FreezeAction::Release
        | FreezeAction::ReturnFunds
        | FreezeAction::DecideAppeal => SUPERVISORS,
        FreezeAction::Expire => &[],
    }
}

/// The user performing a transition, with the roles read from the user store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// The username.
    pub username: String,
    /// The roles the user holds.
    pub roles: Vec<Role>,
}

impl Actor {
    /// Builds an actor.
    pub fn new(username: impl Into<String>, roles: Vec<Role>) -> Actor {
        Actor { username: username.into(), roles }
    }

    /// Returns the actor of [`FreezeAction::Expire`], the node's clock.
    pub fn system() -> Actor {
        Actor { username: "system".to_owned(), roles: Vec::new() }
    }

    /// Checks whether one of the actor's roles is granted the action.
    pub fn may(&self, action: FreezeAction) -> bool {
        let granted = granted_roles(action);
        self.roles.iter().any(|role| granted.contains(role))
    }

    /// Returns the roles as stored names, comma-separated.
    pub fn role_names(&self) -> String {
        self.roles.iter().map(|role| role.as_str()).collect::<Vec<_>>().join(",")
    }
}
