//! The traced money one account holds, and how its payments draw on it.
//!
//! Amounts are in the trace currency. The store keeps no balances, so a ledger
//! starts empty when the trace first reaches the account. Money the account held
//! before that is unknown. A payment larger than everything in the ledger is
//! assumed to draw its remainder from that unknown balance, which is untraced.
//! NOTE: this attributes payments to traced money before any older balance, which
//! favours the victim when the account held money of its own before the fraud.

use std::collections::VecDeque;

use rust_decimal::{Decimal, RoundingStrategy};

use crate::Method;

/// A run of money that arrived together and is either all traced or all untraced.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Lot {
    amount: Decimal,
    traced: bool,
}

/// One account's holdings since the trace reached it.
#[derive(Debug, Clone)]
pub(crate) enum Ledger {
    /// Lots in arrival order; payments take from the front.
    Fifo(VecDeque<Lot>),
    /// Totals only: payments carry the traced share of the total.
    Proportional {
        /// Traced money held.
        traced: Decimal,
        /// All money held since the trace reached the account, traced or not; never
        /// below `traced`.
        total: Decimal,
        /// Decimal places the traced share is rounded down to.
        scale: u32,
    },
}

impl Ledger {
    /// Creates an empty ledger; `scale` is the trace currency's number of minor-unit digits.
    pub(crate) fn new(method: Method, scale: u32) -> Ledger {
        match method {
            Method::Fifo => Ledger::Fifo(VecDeque::new()),
            Method::Proportional => Ledger::Proportional {
                traced: Decimal::ZERO,
                total: Decimal::ZERO,
                scale,
            },
        }
    }

    /// Traced money currently held.
    pub(crate) fn traced(&self) -> Decimal {
        match self {
            Ledger::Fifo(lots) => lots
                .iter()
                .filter(|lot| lot.traced)
                .map(|lot| lot.amount)
                .sum(),
            Ledger::Proportional { traced, .. } => *traced,
        }
    }

    /// Records money arriving: `traced` of it traced, `untraced` not. Within one
    /// arrival the traced part is queued first.
    pub(crate) fn receive(&mut self, traced: Decimal, untraced: Decimal) {
        match self {
            Ledger::Fifo(lots) => {
                push_lot(
                    lots,
                    Lot {
                        amount: traced,
                        traced: true,
                    },
                );
                push_lot(
                    lots,
                    Lot {
                        amount: untraced,
                        traced: false,
                    },
                );
            }
            Ledger::Proportional {
                traced: held,
                total,
                ..
            } => {
                *held += traced;
                *total += traced + untraced;
            }
        }
    }

    /// Records a payment of `amount` and returns the traced part of it, which is never
    /// more than `amount` nor more than the traced money held.
    pub(crate) fn pay(&mut self, amount: Decimal) -> Option<Decimal> {
        match self {
            Ledger::Fifo(lots) => Some(pay_fifo(lots, amount)),
            Ledger::Proportional {
                traced,
                total,
                scale,
            } => {
                if traced.is_zero() || amount <= Decimal::ZERO {
                    *total = (*total - amount.max(Decimal::ZERO)).max(*traced);
                    return Some(Decimal::ZERO);
                }

                // The total is at least the traced money; a payment above the total
                // takes every traced unit, because the share below is then >= 1.
                let share = traced.checked_mul(amount)?.checked_div(*total)?;
                let share = share.round_dp_with_strategy(*scale, RoundingStrategy::ToZero);
                let attributed = share.min(*traced).min(amount);

                *traced -= attributed;
                *total = (*total - amount).max(*traced);
                Some(attributed)
            }
        }
    }
}

fn push_lot(lots: &mut VecDeque<Lot>, lot: Lot) {
    if lot.amount <= Decimal::ZERO {
        return;
    }
    match lots.back_mut() {
        Some(last) if last.traced == lot.traced => last.amount += lot.amount,
        _ => lots.push_back(lot),
    }
}

fn pay_fifo(lots: &mut VecDeque<Lot>, amount: Decimal) -> Decimal {
    let mut remaining = amount;
    let mut traced = Decimal::ZERO;

    while remaining > Decimal::ZERO {
        let Some(front) = lots.front_mut() else {
            // The rest comes from money held before the trace reached the account.
            break;
        };
        let taken = front.amount.min(remaining);
        if front.traced {
            traced += taken;
        }
        remaining -= taken;
        front.amount -= taken;
        if front.amount.is_zero() {
            lots.pop_front();
        }
    }
    traced
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(value: i64) -> Decimal {
        Decimal::from(value)
    }

    #[test]
    fn fifo_pays_oldest_first() {
        let mut ledger = Ledger::new(Method::Fifo, 2);
        ledger.receive(dec(100), dec(0));
        ledger.receive(dec(0), dec(50));

        assert_eq!(ledger.pay(dec(120)), Some(dec(100)));
        assert_eq!(ledger.pay(dec(30)), Some(dec(0)));
        assert_eq!(ledger.traced(), dec(0));
    }

    #[test]
    fn fifo_untraced_first_shields() {
        let mut ledger = Ledger::new(Method::Fifo, 2);
        ledger.receive(dec(0), dec(50));
        ledger.receive(dec(100), dec(0));

        assert_eq!(ledger.pay(dec(60)), Some(dec(10)));
        assert_eq!(ledger.traced(), dec(90));
    }

    #[test]
    fn proportional_pays_share() {
        let mut ledger = Ledger::new(Method::Proportional, 2);
        ledger.receive(dec(100), dec(300));

        assert_eq!(ledger.pay(dec(100)), Some(dec(25)));
        assert_eq!(ledger.traced(), dec(75));
        assert_eq!(ledger.pay(dec(1_000)), Some(dec(75)));
    }

    #[test]
    fn proportional_rounds_down() {
        let mut ledger = Ledger::new(Method::Proportional, 2);
        ledger.receive(dec(1), dec(2));

        assert_eq!(ledger.pay(dec(1)), Some(Decimal::new(33, 2)));
    }
}
