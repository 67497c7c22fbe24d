//! The direction in which a transaction moves money, as the rules read it.
//!
//! A cash row names the same account as debtor and creditor: a `cash_in` row is cash
//! paid into that account, and a `cash_out` or `crypto` row is money taken out of the
//! banking system. Such a row has no other account, so the rules read it as money in
//! only or money out only, never as a payment from the account to itself.
//!
//! Invariants:
//! - a transaction between two accounts is a [`Flow::Transfer`], whatever its channel;
//! - a row naming one account moves money in, out or not at all, never both ways, so
//!   it adds at most one edge to the monitor's state and can never close a cycle.

use mekong_core::Channel;

/// The direction of the money in a transaction, as the rules read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flow {
    /// Money moves from the debtor to another account, the creditor.
    Transfer,
    /// Cash paid into the account: money in only.
    Deposit,
    /// Cash or crypto taken out of the account: money out only.
    Withdrawal,
    /// A booking from an account to itself on another channel, such as a reinvestment:
    /// it moves no money between accounts.
    Internal,
}

impl Flow {
    /// Classifies a transaction by its channel and whether both sides name one account.
    pub fn of(channel: Channel, same_account: bool) -> Flow {
        if !same_account {
            return Flow::Transfer;
        }

        match channel {
            Channel::CashIn => Flow::Deposit,
            channel if channel.is_cash_out() => Flow::Withdrawal,
            _ => Flow::Internal,
        }
    }

    /// Returns whether the account on the creditor side receives money.
    pub fn moves_money_in(self) -> bool {
        matches!(self, Flow::Transfer | Flow::Deposit)
    }

    /// Returns whether the account on the debtor side pays money out.
    pub fn moves_money_out(self) -> bool {
        matches!(self, Flow::Transfer | Flow::Withdrawal)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cash_rows_move_one_way() {
        assert_eq!(Flow::of(Channel::CashIn, true), Flow::Deposit);
        assert_eq!(Flow::of(Channel::CashOut, true), Flow::Withdrawal);
        assert_eq!(Flow::of(Channel::Crypto, true), Flow::Withdrawal);
        assert_eq!(Flow::of(Channel::Other, true), Flow::Internal);
        assert_eq!(Flow::of(Channel::Transfer, true), Flow::Internal);
    }

    #[test]
    fn two_accounts_always_transfer() {
        for channel in Channel::ALL {
            assert_eq!(Flow::of(channel, false), Flow::Transfer, "{channel}");
        }
    }
}
