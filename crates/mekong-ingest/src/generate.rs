//! A generator of synthetic bank-transaction streams with injected fraud typologies,
//! for demonstrations, benchmarks and tests at any size.
//!
//! The stream looks like the traffic a joint China–Laos unit sees: customers of
//! Chinese and Lao banks paying each other in CNY and LAK, with a small share of
//! cross-border trade, and fraud cases woven in: victims paying mule accounts,
//! mules passing the money on within minutes and across the border to Laos, cash
//! deposits structured under the reporting threshold, money cycling back to where it
//! started, dormant accounts waking up, and collectors fanning money out.
//!
//! Invariants: the same configuration gives the same stream, byte for byte; times
//! never decrease; every account the labels name takes part in a typology.

use std::cmp::Reverse;
use std::collections::{BTreeSet, BinaryHeap};
use std::io::Write;

use chrono::{DateTime, Duration, FixedOffset, Offset, TimeZone, Utc};
use mekong_core::{Channel, Country, Currency};
use rust_decimal::Decimal;

/// Settings of one generated stream.
#[derive(Debug, Clone)]
pub struct GeneratorConfig {
    /// Number of transactions to produce.
    pub transactions: u64,
    /// Number of ordinary customer accounts; mule and collector accounts come on top.
    pub accounts: u32,
    /// Seed of the pseudo-random sequence.
    pub seed: u64,
    /// Time of the first transaction.
    pub start: DateTime<Utc>,
    /// Fraud cases started per 1,000 background transactions.
    pub cases_per_thousand: u32,
}

impl Default for GeneratorConfig {
    fn default() -> Self {
        GeneratorConfig {
            transactions: 10_000,
            accounts: 2_000,
            seed: 7,
            start: Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).single().unwrap_or_default(),
            cases_per_thousand: 4,
        }
    }
}

/// One generated transaction, ready to write as a canonical CSV row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedTransaction {
    /// Unique id within the stream.
    pub id: String,
    /// Time with the debtor bank's zone.
    pub timestamp: DateTime<FixedOffset>,
    /// Paying account.
    pub debtor: GeneratedAccount,
    /// Receiving account.
    pub creditor: GeneratedAccount,
    /// Exact amount.
    pub amount: Decimal,
    /// Currency of the amount.
    pub currency: Currency,
    /// Payment channel.
    pub channel: Channel,
    /// Payment reference.
    pub reference: String,
    /// The typology this transaction belongs to, or `None` for background traffic.
    pub typology: Option<&'static str>,
}

impl GeneratedTransaction {
    /// Converts the row into a transaction stored under `origin`, as importing its
    /// canonical CSV form would.
    pub fn to_transaction(&self, origin: &mekong_core::NodeId) -> mekong_core::Transaction {
        let account = |account: &GeneratedAccount| {
            mekong_core::AccountRef::new(account.bank, &account.number, Some(account.country))
        };
        mekong_core::Transaction {
            id: self.id.clone(),
            origin: origin.clone(),
            timestamp: mekong_core::Timestamp::from_fixed(self.timestamp),
            debtor: account(&self.debtor),
            creditor: account(&self.creditor),
            amount: mekong_core::Money::new(self.amount, self.currency),
            channel: self.channel,
            reference: Some(self.reference.clone()),
        }
    }
}

/// An account of the generated population.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct GeneratedAccount {
    /// Bank code.
    pub bank: &'static str,
    /// Account number.
    pub number: String,
    /// Country of the bank.
    pub country: Country,
}

const CN_BANKS: [&str; 5] = ["ICBC", "ABC", "BOC", "CCB", "CMB"];
const LA_BANKS: [&str; 4] = ["BCEL", "LDB", "APB", "JDB"];

/// The header of the canonical CSV format.
pub const CANONICAL_HEADER: &str = "id,timestamp,debtor_bank,debtor_account,debtor_country,creditor_bank,creditor_account,creditor_country,amount,currency,channel,reference";

/// SplitMix64: small, fast and fully determined by its seed, which is all a test
/// stream needs; not for anything secret.
#[derive(Debug, Clone)]
struct SplitMix64(u64);

impl SplitMix64 {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..bound`; `bound` must be positive.
    fn below(&mut self, bound: u64) -> u64 {
        self.next_u64() % bound.max(1)
    }

    /// Uniform in `[low, high]`.
    fn between(&mut self, low: u64, high: u64) -> u64 {
        low + self.below(high - low + 1)
    }

    /// Uniform in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// A transaction waiting for its time, ordered by time then by creation order.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Pending {
    at: DateTime<Utc>,
    order: u64,
    tx: PendingTx,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct PendingTx {
    debtor: usize,
    creditor: usize,
    /// Amount in minor units (cents or att).
    minor: u64,
    currency_is_lak: bool,
    channel: ChannelOrd,
    typology: &'static str,
}

/// `Channel` wrapped so that pending transactions can be ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct ChannelOrd(Channel);

impl PartialOrd for ChannelOrd {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for ChannelOrd {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.as_str().cmp(other.0.as_str())
    }
}

/// The stream itself: an iterator of transactions in time order.
#[derive(Debug)]
pub struct Generator {
    config: GeneratorConfig,
    random: SplitMix64,
    accounts: Vec<GeneratedAccount>,
    /// Index of the first mule account; customers come before it.
    first_mule: usize,
    /// Index of the first dormant account; dormant accounts are never used by background traffic.
    first_dormant: usize,
    clock: DateTime<Utc>,
    pending: BinaryHeap<Reverse<Pending>>,
    order: u64,
    produced: u64,
    background_since_case: u64,
    fraud_accounts: BTreeSet<usize>,
    /// Per account: whether a produced transaction named it.
    used: Vec<bool>,
    /// The number of `true` entries of `used`.
    used_count: usize,
}

impl Generator {
    /// Creates a generator; the account population is drawn from the seed.
    pub fn new(config: GeneratorConfig) -> Generator {
        let mut random = SplitMix64(config.seed);
        let customers = config.accounts.max(50) as usize;
        let mules = (customers / 50).max(10);
        let dormant = (customers / 100).max(5);

        let mut accounts = Vec::with_capacity(customers + mules + dormant);
        for index in 0..customers + mules + dormant {
            // Customers: seven in ten in China. Mules: half Chinese (first layer), half
            // Lao (collectors). Dormant accounts: Chinese.
            let in_china = if index < customers {
                random.below(10) < 7
            } else if index < customers + mules {
                (index - customers).is_multiple_of(2)
            } else {
                true
            };
            accounts.push(make_account(&mut random, in_china));
        }

        Generator {
            clock: config.start,
            config,
            random,
            accounts,
            first_mule: customers,
            first_dormant: customers + mules,
            pending: BinaryHeap::new(),
            order: 0,
            produced: 0,
            background_since_case: 0,
            fraud_accounts: BTreeSet::new(),
            used: vec![false; customers + mules + dormant],
            used_count: 0,
        }
    }

    /// Accounts that took part in a generated fraud case so far, as `BANK/NUMBER` keys.
    pub fn fraud_account_keys(&self) -> Vec<String> {
        self.fraud_accounts.iter().map(|index| key_of(&self.accounts[*index])).collect()
    }

    /// Returns the number of distinct accounts named by the transactions produced so far.
    pub fn accounts_used(&self) -> usize {
        self.used_count
    }

    fn mark_used(&mut self, account: usize) {
        if !self.used[account] {
            self.used[account] = true;
            self.used_count += 1;
        }
    }

    fn schedule(&mut self, at: DateTime<Utc>, tx: PendingTx) {
        self.order += 1;
        self.pending.push(Reverse(Pending { at, order: self.order, tx }));
    }

    fn customer(&mut self, in_china: Option<bool>) -> usize {
        loop {
            let index = self.random.below(self.first_mule as u64) as usize;
            match in_china {
                Some(wanted) if (self.accounts[index].country == Country::CN) != wanted => continue,
                _ => return index,
            }
        }
    }

    fn mule(&mut self, in_china: bool) -> usize {
        let mules = self.first_dormant - self.first_mule;
        let offset = if in_china { 0 } else { 1 };
        let pick = (self.random.below((mules / 2).max(1) as u64) as usize) * 2 + offset;
        self.first_mule + pick.min(mules - 1)
    }

    /// Returns one of the few regular counterparties of `account`, in the same country;
    /// they are fixed by the seed, so each account keeps the same ones.
    fn contact(&mut self, account: usize) -> Option<usize> {
        const CONTACTS: u64 = 4;

        let slot = self.random.below(CONTACTS);
        let country = self.accounts[account].country;
        for attempt in 0..8u64 {
            let mut hash = SplitMix64(self.config.seed ^ ((account as u64) << 20) ^ (slot << 8) ^ attempt);
            let candidate = hash.below(self.first_mule as u64) as usize;
            if candidate != account && self.accounts[candidate].country == country {
                return Some(candidate);
            }
        }
        None
    }

    /// Background traffic: a payment between two customers of the same country, or
    /// now and then cross-border trade.
    fn background(&mut self) -> (DateTime<Utc>, PendingTx) {
        // Mean gap of 20 seconds, exponentially distributed.
        let gap = (-20.0 * (1.0 - self.random.unit()).ln()).min(3_600.0) as i64;
        self.clock += Duration::seconds(gap.max(1));

        let cross_border = self.random.below(100) == 0;
        let debtor_in_china = self.random.below(10) < 7;
        let debtor = self.customer(Some(debtor_in_china));
        let creditor_in_china = if cross_border { !debtor_in_china } else { debtor_in_china };
        // Most people pay the same few counterparties again and again; uniform random
        // payees would give every account dozens of distinct senders and make cycles
        // common, which real bank data does not show.
        let regular = !cross_border && self.random.below(100) < 85;
        let creditor = match regular.then(|| self.contact(debtor)).flatten() {
            Some(contact) => contact,
            None => self.customer(Some(creditor_in_china)),
        };
        let lak = !debtor_in_china;
        let minor = if lak {
            // LAK: mostly 20,000 to 2,000,000 kip.
            self.log_uniform(20_000, 2_000_000) * 100
        } else {
            // CNY: mostly 10 to 5,000 yuan.
            self.log_uniform(1_000, 500_000)
        };
        let channel = match self.random.below(10) {
            0..=4 => Channel::Mobile,
            5..=7 => Channel::Transfer,
            8 => Channel::Card,
            _ => Channel::Online,
        };
        let tx = PendingTx { debtor, creditor, minor, currency_is_lak: lak, channel: ChannelOrd(channel), typology: "" };
        (self.clock, tx)
    }

    fn log_uniform(&mut self, low: u64, high: u64) -> u64 {
        let (low, high) = (low.max(1) as f64, high.max(2) as f64);
        (low * (high / low).powf(self.random.unit())).round() as u64
    }

    fn mark(&mut self, accounts: &[usize]) {
        self.fraud_accounts.extend(accounts.iter().copied());
    }

    /// Starts one fraud case, scheduling its transactions from the current time on.
    fn start_case(&mut self) {
        let now = self.clock;
        match self.random.below(6) {
            0 | 1 => self.case_mule_chain(now),
            2 => self.case_structuring(now),
            3 => self.case_cycle(now),
            4 => self.case_dormant(now),
            _ => self.case_fan_out(now),
        }
    }

    /// Victims pay a Chinese mule; the mule passes the money within minutes to a
    /// second mule, which sends it across the border to a Lao collector who takes cash.
    fn case_mule_chain(&mut self, now: DateTime<Utc>) {
        let first = self.mule(true);
        let second = self.mule(true);
        let collector = self.mule(false);
        let victims = self.random.between(6, 16) as usize;
        let mut at = now;
        let mut total = 0u64;
        let mut involved = vec![first, second, collector];
        for _ in 0..victims {
            let victim = self.customer(Some(true));
            involved.push(victim);
            at += Duration::minutes(self.random.between(3, 40) as i64);
            let minor = self.log_uniform(300_000, 20_000_000);
            total += minor;
            self.schedule(at, fraud_tx(victim, first, minor, false, Channel::Mobile, "victim_payment"));
        }
        let forwarded = total / 100 * self.random.between(90, 98);
        at += Duration::minutes(self.random.between(2, 15) as i64);
        self.schedule(at, fraud_tx(first, second, forwarded, false, Channel::Transfer, "pass_through"));
        at += Duration::minutes(self.random.between(2, 15) as i64);
        let crossed = forwarded / 100 * 99;
        self.schedule(at, fraud_tx(second, collector, crossed, false, Channel::Wire, "cross_border"));
        at += Duration::hours(self.random.between(1, 6) as i64);
        // At roughly 3,000 kip per yuan.
        let cash = crossed * 3_000 / 100 * 95;
        self.schedule(at, fraud_tx(collector, collector, cash, true, Channel::CashOut, "cash_out"));
        self.mark(&involved);
    }

    /// Cash deposits each just under CNY 50,000 within two days.
    fn case_structuring(&mut self, now: DateTime<Utc>) {
        let account = self.customer(Some(true));
        let deposits = self.random.between(4, 8);
        let mut at = now;
        for _ in 0..deposits {
            at += Duration::minutes(self.random.between(30, 600) as i64);
            let minor = self.random.between(4_500_000, 4_990_000);
            self.schedule(at, fraud_tx(account, account, minor, false, Channel::CashIn, "structuring"));
        }
        self.mark(&[account]);
    }

    /// Money travels through three to five accounts and returns to the first.
    fn case_cycle(&mut self, now: DateTime<Utc>) {
        let length = self.random.between(3, 5) as usize;
        let members: Vec<usize> = (0..length).map(|_| self.customer(Some(true))).collect();
        let mut minor = self.log_uniform(2_000_000, 30_000_000);
        let mut at = now;
        for step in 0..length {
            at += Duration::minutes(self.random.between(20, 300) as i64);
            let (from, to) = (members[step], members[(step + 1) % length]);
            self.schedule(at, fraud_tx(from, to, minor, false, Channel::Transfer, "cycle"));
            minor = minor / 100 * 98;
        }
        self.mark(&members);
    }

    /// A dormant account suddenly receives and sends large sums.
    fn case_dormant(&mut self, now: DateTime<Utc>) {
        let dormant_count = (self.accounts.len() - self.first_dormant) as u64;
        let account = self.first_dormant + self.random.below(dormant_count) as usize;
        let mut at = now;
        for _ in 0..self.random.between(3, 6) {
            let payer = self.customer(Some(true));
            at += Duration::minutes(self.random.between(5, 90) as i64);
            let minor = self.log_uniform(1_000_000, 10_000_000);
            self.schedule(at, fraud_tx(payer, account, minor, false, Channel::Transfer, "dormant_burst"));
            self.mark(&[payer]);
        }
        let collector = self.mule(false);
        at += Duration::minutes(30);
        self.schedule(at, fraud_tx(account, collector, 20_000_000, false, Channel::Wire, "dormant_burst"));
        self.mark(&[account, collector]);
    }

    /// A Lao collector pays out to many accounts within a day.
    fn case_fan_out(&mut self, now: DateTime<Utc>) {
        let collector = self.mule(false);
        let mut at = now;
        for _ in 0..self.random.between(12, 25) {
            let payee = self.customer(Some(false));
            at += Duration::minutes(self.random.between(5, 60) as i64);
            let minor = self.log_uniform(2_000_000, 20_000_000) * 100;
            self.schedule(at, fraud_tx(collector, payee, minor, true, Channel::Transfer, "fan_out"));
            self.mark(&[payee]);
        }
        self.mark(&[collector]);
    }

    fn render(&self, at: DateTime<Utc>, pending: PendingTx) -> GeneratedTransaction {
        let debtor = self.accounts[pending.debtor].clone();
        let creditor = self.accounts[pending.creditor].clone();
        let offset_hours = if debtor.country == Country::LA { 7 } else { 8 };
        let zone = FixedOffset::east_opt(offset_hours * 3600).unwrap_or(Utc.fix());
        let currency = if pending.currency_is_lak { Currency::LAK } else { Currency::CNY };
        let typology = (!pending.typology.is_empty()).then_some(pending.typology);
        let reference = match typology {
            Some("victim_payment") => "投资理财 充值".to_owned(),
            Some("cash_out") => "ຖອນເງິນສົດ".to_owned(),
            Some(_) => format!("ref {}", self.produced),
            None if currency == Currency::LAK => "ຄ່າສິນຄ້າ".to_owned(),
            None => "货款".to_owned(),
        };
        GeneratedTransaction {
            id: format!("gen-{:010}", self.produced),
            timestamp: at.with_timezone(&zone),
            debtor,
            creditor,
            amount: Decimal::new(pending.minor as i64, 2),
            currency,
            channel: pending.channel.0,
            reference,
            typology,
        }
    }
}


fn fraud_tx(
    debtor: usize,
    creditor: usize,
    minor: u64,
    lak: bool,
    channel: Channel,
    typology: &'static str,
) -> PendingTx {
    PendingTx { debtor, creditor, minor: minor.max(1), currency_is_lak: lak, channel: ChannelOrd(channel), typology }
}

fn make_account(random: &mut SplitMix64, in_china: bool) -> GeneratedAccount {
    if in_china {
        let bank = CN_BANKS[random.below(CN_BANKS.len() as u64) as usize];
        GeneratedAccount { bank, number: format!("62{:017}", random.below(10u64.pow(17))), country: Country::CN }
    } else {
        let bank = LA_BANKS[random.below(LA_BANKS.len() as u64) as usize];
        GeneratedAccount { bank, number: format!("010{:012}", random.below(10u64.pow(12))), country: Country::LA }
    }
}

fn key_of(account: &GeneratedAccount) -> String {
    format!("{}/{}", account.bank, account.number)
}

impl Iterator for Generator {
    type Item = GeneratedTransaction;

    fn next(&mut self) -> Option<GeneratedTransaction> {
        if self.produced >= self.config.transactions {
            return None;
        }

        let per_case = 1_000 / u64::from(self.config.cases_per_thousand.max(1));
        if self.config.cases_per_thousand > 0 && self.background_since_case >= per_case {
            self.background_since_case = 0;
            self.start_case();
        }

        let (at, tx) = self.background();
        let due = self.pending.peek().is_some_and(|Reverse(pending)| pending.at <= at);
        let (at, tx) = if due {
            // The background transaction drawn is dropped: the stream stays in time order
            // and the scheduled fraud transaction takes its place.
            self.pending.pop().map_or((at, tx), |Reverse(pending)| (pending.at.max(self.clock), pending.tx))
        } else {
            self.background_since_case += 1;
            (at, tx)
        };
        self.clock = self.clock.max(at);
        self.mark_used(tx.debtor);
        self.mark_used(tx.creditor);

        let generated = self.render(at, tx);
        self.produced += 1;
        Some(generated)
    }
}

/// Writes transactions as canonical CSV, header first, and returns how many were written.
pub fn write_canonical(
    output: &mut dyn Write,
    transactions: impl Iterator<Item = GeneratedTransaction>,
) -> std::io::Result<u64> {
    let mut writer = csv::Writer::from_writer(output);
    writer.write_record(CANONICAL_HEADER.split(','))?;
    let mut count = 0;
    for tx in transactions {
        writer.write_record([
            tx.id.as_str(),
            &tx.timestamp.to_rfc3339(),
            tx.debtor.bank,
            &tx.debtor.number,
            tx.debtor.country.as_str(),
            tx.creditor.bank,
            &tx.creditor.number,
            tx.creditor.country.as_str(),
            &tx.amount.to_string(),
            tx.currency.code(),
            tx.channel.as_str(),
            &tx.reference,
        ])?;
        count += 1;
    }
    writer.flush()?;
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> GeneratorConfig {
        GeneratorConfig { transactions: 20_000, accounts: 500, ..GeneratorConfig::default() }
    }

    #[test]
    fn same_seed_same_stream() {
        let first: Vec<_> = Generator::new(small()).collect();
        let second: Vec<_> = Generator::new(small()).collect();
        assert_eq!(first, second);
        assert_eq!(first.len(), 20_000);
    }

    #[test]
    fn times_never_decrease() {
        let stream: Vec<_> = Generator::new(small()).collect();
        for pair in stream.windows(2) {
            assert!(pair[0].timestamp <= pair[1].timestamp, "{} after {}", pair[0].id, pair[1].id);
        }
    }

    #[test]
    fn stream_contains_typologies() {
        let typologies: BTreeSet<_> = Generator::new(small()).filter_map(|tx| tx.typology).collect();
        for expected in ["victim_payment", "pass_through", "cross_border", "structuring", "cycle", "fan_out"] {
            assert!(typologies.contains(expected), "missing {expected}");
        }
    }

    #[test]
    fn amounts_are_positive() {
        assert!(Generator::new(small()).all(|tx| tx.amount > Decimal::ZERO));
    }

    #[test]
    fn canonical_output_has_header() {
        let mut output = Vec::new();
        let count = write_canonical(&mut output, Generator::new(small()).take(3)).unwrap();
        let text = String::from_utf8(output).unwrap();
        assert_eq!(count, 3);
        assert!(text.starts_with(CANONICAL_HEADER));
        assert_eq!(text.lines().count(), 4);
    }

    #[test]
    fn accounts_used_counts_distinct() {
        let mut generator = Generator::new(small());
        let mut keys = BTreeSet::new();
        for tx in generator.by_ref().take(5_000) {
            keys.insert((tx.debtor.bank, tx.debtor.number));
            keys.insert((tx.creditor.bank, tx.creditor.number));
        }
        assert_eq!(generator.accounts_used(), keys.len());
    }
}
