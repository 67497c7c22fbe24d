//! Which permission each subcommand checks, as one table.
//!
//! Invariant: every subcommand of the command line has a rule here. The unit test
//! walks the clap command tree and fails on a subcommand without one. A rule either
//! names the [`Action`] the command passes to [`crate::actor::authorize`], the freeze
//! transition it checks, or gives the reason the command needs no user.

use clap::ArgMatches;
use mekong_auth::Action;
use mekong_freeze::FreezeAction;

/// The authorisation rule of a subcommand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// The acting user needs a role granted this action.
    Action(Action),
    /// The acting user needs a role granted this freeze transition; the four-eyes
    /// rule of `mekong-freeze` applies on top.
    Freeze(FreezeAction),
    /// Needs [`Action::ManageUsers`], except when it creates the first administrator
    /// of a node without users.
    FirstAdministrator,
    /// Needs no user, for the reason given.
    Exempt(&'static str),
    /// Another module checks the permission itself through [`crate::actor::authorize`].
    OwnCheck,
}

/// The rule of each subcommand path, or of every path under a prefix.
pub const RULES: &[(&str, Rule)] = &[
    ("init", Rule::Exempt("creates the node's identity; touches no user or case data")),
    ("serve", Rule::Exempt("every route of the running node needs a web sign-in with a second factor")),
    ("generate", Rule::Exempt("writes synthetic transactions to a file; reads no node data")),
    ("rules check", Rule::Exempt("validates a rule file; reads no node data")),
    ("rules defaults", Rule::Exempt("prints the rules shipped with the binary")),
    ("bench", Rule::Exempt("measures on synthetic data in memory or through a running node's API")),
    ("import transactions", Rule::Action(Action::ImportTransactions)),
    ("evaluate", Rule::Action(Action::ReadAlerts)),
    ("flag add", Rule::Action(Action::ManageFlags)),
    ("flag remove", Rule::Action(Action::ManageFlags)),
    ("flag list", Rule::Action(Action::ReadAccounts)),
    ("registry add", Rule::Action(Action::ManageRegistry)),
    ("registry remove", Rule::Action(Action::ManageRegistry)),
    ("registry import", Rule::Action(Action::ManageRegistry)),
    ("registry list", Rule::Action(Action::ReadRegistry)),
    ("freeze request", Rule::Freeze(FreezeAction::Request)),
    ("freeze request-after-stop", Rule::Freeze(FreezeAction::Request)),
    ("freeze approve", Rule::Freeze(FreezeAction::Approve)),
    ("freeze release", Rule::Freeze(FreezeAction::Release)),
    ("freeze renew", Rule::Freeze(FreezeAction::Renew)),
    ("freeze return", Rule::Freeze(FreezeAction::ReturnFunds)),
    ("freeze appeal", Rule::Freeze(FreezeAction::LodgeAppeal)),
    ("freeze decide-appeal", Rule::Freeze(FreezeAction::DecideAppeal)),
    ("freeze list", Rule::Action(Action::ReadAccounts)),
    ("freeze show", Rule::Action(Action::ReadAccounts)),
    // Anyone who may request freezes may also run the lapse that the node's clock runs.
    ("freeze expire", Rule::Freeze(FreezeAction::Request)),
    ("audit verify", Rule::Action(Action::VerifyAudit)),
    ("audit export", Rule::Action(Action::ExportAudit)),
    ("user add", Rule::FirstAdministrator),
    ("user list", Rule::Action(Action::ManageUsers)),
    ("user disable", Rule::Action(Action::ManageUsers)),
    ("user enable", Rule::Action(Action::ManageUsers)),
    ("user unlock", Rule::Action(Action::ManageUsers)),
    ("user token create", Rule::Action(Action::ManageTokens)),
    ("user token list", Rule::Action(Action::ManageTokens)),
    ("user token revoke", Rule::Action(Action::ManageTokens)),
    ("evidence add", Rule::Action(Action::AddEvidence)),
    ("evidence parse", Rule::Action(Action::AddEvidence)),
    ("evidence list", Rule::Action(Action::ReadEvidence)),
    ("evidence search", Rule::Action(Action::SearchEvidence)),
    ("evidence export", Rule::Action(Action::ExportEvidence)),
    ("evidence custody", Rule::Action(Action::AddEvidence)),
    // `custody verify DIR` checks a court package offline and needs no user; with an
    // item id it reads the node, and the command checks `ReadEvidence` itself.
    ("custody verify", Rule::OwnCheck),
    ("trace forward", Rule::Action(Action::TraceFunds)),
    ("trace backward", Rule::Action(Action::TraceFunds)),
    ("import goaml", Rule::Action(Action::ImportReports)),
    ("import pacs008", Rule::Action(Action::ImportTransactions)),
    ("import ftm", Rule::Action(Action::ImportReports)),
    ("export ftm", Rule::Action(Action::ReadReports)),
    ("reports merge-suggestions", Rule::Action(Action::ReadReports)),
];

/// Returns the rule of a subcommand path such as `flag add`: the entry for the path
/// itself, else the entry of its longest prefix.
pub fn rule_for(path: &str) -> Option<Rule> {
    RULES
        .iter()
        .filter(|(prefix, _)| path == *prefix || path.starts_with(&format!("{prefix} ")))
        .max_by_key(|(prefix, _)| prefix.len())
        .map(|(_, rule)| *rule)
}

/// Returns the path of the subcommand that was run, such as `user token create`.
pub fn command_path(matches: &ArgMatches) -> String {
    let mut names = Vec::new();
    let mut current = matches;
    while let Some((name, sub)) = current.subcommand() {
        names.push(name.to_owned());
        current = sub;
    }
    names.join(" ")
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;
    use crate::cli::Cli;

    fn leaves(command: &clap::Command, prefix: &str, out: &mut Vec<String>) {
        let mut children = command.get_subcommands().filter(|sub| sub.get_name() != "help").peekable();
        if children.peek().is_none() {
            out.push(prefix.to_owned());
            return;
        }
        for sub in children {
            let path = if prefix.is_empty() { sub.get_name().to_owned() } else { format!("{prefix} {}", sub.get_name()) };
            leaves(sub, &path, out);
        }
    }

    fn all_commands() -> Vec<String> {
        let mut out = Vec::new();
        leaves(&Cli::command(), "", &mut out);
        out
    }

    #[test]
    fn every_command_has_rule() {
        let missing: Vec<String> = all_commands().into_iter().filter(|path| rule_for(path).is_none()).collect();
        assert!(missing.is_empty(), "subcommands without a rule in command_rules::RULES: {missing:?}");
    }

    #[test]
    fn data_commands_need_user() {
        for path in ["import transactions", "evaluate", "flag list", "registry list", "audit export", "user list"] {
            assert!(matches!(rule_for(path), Some(Rule::Action(_))), "{path}");
        }
        assert_eq!(rule_for("user add"), Some(Rule::FirstAdministrator));
        assert_eq!(rule_for("bench risk"), Some(Rule::Exempt("measures on synthetic data in memory or through a running node's API")));
    }

    #[test]
    fn longest_prefix_wins() {
        assert_eq!(rule_for("import transactions"), Some(Rule::Action(Action::ImportTransactions)));
        assert_eq!(rule_for("custody verify"), Some(Rule::OwnCheck));
        assert_eq!(rule_for("bench trace"), rule_for("bench"));
        assert_eq!(rule_for("flagged"), None);
    }
}
