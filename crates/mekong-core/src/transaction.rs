//! A transfer of money between two accounts, as every source is normalised to.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::{AccountRef, Money, NodeId, Timestamp};

/// Maximum length of a transaction id, in bytes.
pub const MAX_ID_LEN: usize = 128;

/// A transaction after normalisation, whatever its source format.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transaction {
    /// The source's id, unique within the origin node; derived from the row's
    /// content for sources that give none.
    pub id: String,
    /// The node that first stored this transaction.
    pub origin: NodeId,
    /// When the money moved.
    pub timestamp: Timestamp,
    /// The paying account.
    pub debtor: AccountRef,
    /// The receiving account.
    pub creditor: AccountRef,
    /// The amount moved; positive.
    pub amount: Money,
    /// How the money moved.
    pub channel: Channel,
    /// Free-text payment reference, where the source gives one.
    pub reference: Option<String>,
}

impl Transaction {
    /// Whether the money crossed between China and Laos, in either direction.
    pub fn is_cn_la_cross_border(&self) -> bool {
        use crate::Country;

        matches!(
            (self.debtor.country, self.creditor.country),
            (Some(Country::CN), Some(Country::LA)) | (Some(Country::LA), Some(Country::CN))
        )
    }
}

/// The payment channel of a transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// Account-to-account transfer inside one country.
    Transfer,
    /// International or high-value wire transfer.
    Wire,
    /// Automated clearing house batch payment.
    Ach,
    /// Card payment.
    Card,
    /// Cash paid into an account.
    CashIn,
    /// Cash taken out of an account, such as at an ATM or a counter.
    CashOut,
    /// Cheque.
    Cheque,
    /// Mobile wallet or payment app, such as a QR-code payment.
    Mobile,
    /// Online banking.
    Online,
    /// Crypto-asset transfer or exchange.
    Crypto,
    /// Payment to a merchant.
    Payment,
    /// Direct debit.
    Debit,
    /// Anything the source does not name more precisely.
    Other,
}

impl Channel {
    /// Every channel, in declaration order.
    pub const ALL: [Channel; 13] = [
        Channel::Transfer,
        Channel::Wire,
        Channel::Ach,
        Channel::Card,
        Channel::CashIn,
        Channel::CashOut,
        Channel::Cheque,
        Channel::Mobile,
        Channel::Online,
        Channel::Crypto,
        Channel::Payment,
        Channel::Debit,
        Channel::Other,
    ];

    /// The snake_case name used in files, the API and storage.
    pub fn as_str(&self) -> &'static str {
        match self {
            Channel::Transfer => "transfer",
            Channel::Wire => "wire",
            Channel::Ach => "ach",
            Channel::Card => "card",
            Channel::CashIn => "cash_in",
            Channel::CashOut => "cash_out",
            Channel::Cheque => "cheque",
            Channel::Mobile => "mobile",
            Channel::Online => "online",
            Channel::Crypto => "crypto",
            Channel::Payment => "payment",
            Channel::Debit => "debit",
            Channel::Other => "other",
        }
    }

    /// Whether money leaves the banking system through this channel (cash or crypto).
    pub fn is_cash_out(&self) -> bool {
        matches!(self, Channel::CashOut | Channel::Crypto)
    }
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A channel name that is not one of the known channels.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown channel {0:?}: expected one of transfer, wire, ach, card, cash_in, cash_out, cheque, mobile, online, crypto, payment, debit, other")]
pub struct ChannelError(pub String);

impl FromStr for Channel {
    type Err = ChannelError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase();
        Channel::ALL
            .into_iter()
            .find(|channel| channel.as_str() == wanted)
            .ok_or_else(|| ChannelError(s.to_owned()))
    }
}
