//! Merge suggestions: pairs of distinct entities that probably describe one person,
//! one organisation or one bank account.
//!
//! - People (`Person`): the same normalised name and birth date, or a shared
//!   identification number.
//! - Organisations (`Company`, `Organization`, `LegalEntity`): the same registration
//!   (goAML incorporation) number in the same country, or the same normalised name or
//!   alias in the same country or with the same registration number. Names are
//!   compared in the script they are written in and never transliterated, so a name
//!   in Chinese characters matches a name in Latin letters only when one of the
//!   entities carries both, for example as name and alias.
//! - Bank accounts (`BankAccount`): the same account number once spaces, hyphens and
//!   other separators are removed, at the same institution (the same SWIFT BIC
//!   institution code or the same normalised bank name), or the same IBAN.
//!
//! A pair that meets several rules is one suggestion listing every rule, because an
//! analyst's decision applies to the pair. Nothing is ever merged here: an analyst decides.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::entity::{Entity, normalise};
use crate::matching::{bic_institution, compact_identifier, organisation_name};

/// FtM schemas treated as organisations.
const ORGANISATION_SCHEMAS: &[&str] = &["Company", "Organization", "LegalEntity"];

/// The kind of entity a suggestion compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MergeKind {
    /// Two `Person` entities.
    Person,
    /// Two `Company`, `Organization` or `LegalEntity` entities.
    Organisation,
    /// Two `BankAccount` entities.
    BankAccount,
}

/// The reason two entities are suggested for merging.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MergeReason {
    /// People: same normalised name and same birth date.
    NameAndBirthDate,
    /// People: same identification number.
    IdentificationNumber,
    /// Organisations: same registration number and same country.
    RegistrationNumber,
    /// Organisations: same normalised name or alias, and same country or registration number.
    OrganisationName,
    /// Bank accounts: same institution and same account number without separators, or same IBAN.
    AccountNumber,
}

impl MergeReason {
    /// Returns the kind of entity the rule compares.
    pub fn kind(self) -> MergeKind {
        match self {
            MergeReason::NameAndBirthDate | MergeReason::IdentificationNumber => MergeKind::Person,
            MergeReason::RegistrationNumber | MergeReason::OrganisationName => {
                MergeKind::Organisation
            }
            MergeReason::AccountNumber => MergeKind::BankAccount,
        }
    }

    /// Returns the Fluent message key that names the rule.
    pub fn message_key(self) -> &'static str {
        match self {
            MergeReason::NameAndBirthDate => "reports-merge-name-birth",
            MergeReason::IdentificationNumber => "reports-merge-id-number",
            MergeReason::RegistrationNumber => "reports-merge-registration",
            MergeReason::OrganisationName => "reports-merge-organisation-name",
            MergeReason::AccountNumber => "reports-merge-account-number",
        }
    }
}

/// One matching rule that two entities meet, with the key they share.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct MergeMatch {
    /// The matching rule.
    pub reason: MergeReason,
    /// The shared key, such as the normalised name and birth date, or the number.
    pub key: String,
}

/// Two entities that are probably the same person, organisation or account, with
/// every rule they meet. An analyst's decision applies to the pair, whatever the rule.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct MergeSuggestion {
    /// The smaller id.
    pub left: String,
    /// The larger id.
    pub right: String,
    /// The kind of entity both ids are.
    pub kind: MergeKind,
    /// The rules the pair meets, sorted by rule, one key per rule.
    pub matches: Vec<MergeMatch>,
}

impl MergeSuggestion {
    /// Returns the rules the pair meets, in order.
    pub fn reasons(&self) -> impl Iterator<Item = MergeReason> + '_ {
        self.matches.iter().map(|found| found.reason)
    }
}

/// Entity ids by matching rule and shared key.
type Groups<'a> = BTreeMap<(MergeReason, String), BTreeSet<&'a str>>;

/// Returns the merge suggestions among these entities, one per pair, sorted by ids.
pub fn merge_suggestions<'a>(
    entities: impl IntoIterator<Item = &'a Entity>,
) -> Vec<MergeSuggestion> {
    let mut groups = Groups::new();

    for entity in entities {
        let keys = if entity.schema == "Person" {
            person_keys(entity)
        } else if ORGANISATION_SCHEMAS.contains(&entity.schema.as_str()) {
            organisation_keys(entity)
        } else if entity.schema == "BankAccount" {
            account_keys(entity)
        } else {
            continue;
        };

        for key in keys {
            groups.entry(key).or_default().insert(&entity.id);
        }
    }

    // Each pair keeps one key per rule, because an organisation's name can match
    // through its country and through its registration number, and the first key is
    // enough. Rules of one kind never match entities of another, so all rules of a
    // pair share one kind.
    let mut pairs: BTreeMap<(&str, &str), BTreeMap<MergeReason, String>> = BTreeMap::new();
    for ((reason, key), ids) in groups {
        let ids: Vec<&str> = ids.into_iter().collect();
        for (index, left) in ids.iter().enumerate() {
            for right in &ids[index + 1..] {
                pairs
                    .entry((left, right))
                    .or_default()
                    .entry(reason)
                    .or_insert_with(|| key.clone());
            }
        }
    }

    pairs
        .into_iter()
        .filter_map(|((left, right), reasons)| {
            let kind = reasons.keys().next()?.kind();
            let matches = reasons
                .into_iter()
                .map(|(reason, key)| MergeMatch { reason, key })
                .collect();
            Some(MergeSuggestion {
                left: left.to_owned(),
                right: right.to_owned(),
                kind,
                matches,
            })
        })
        .collect()
}

/// Returns the non-blank values of a property.
fn values<'a>(entity: &'a Entity, property: &str) -> impl Iterator<Item = &'a str> + 'a {
    entity
        .properties
        .get(property)
        .into_iter()
        .flatten()
        .map(|value| value.trim())
        .filter(|value| !value.is_empty())
}

fn person_keys(person: &Entity) -> Vec<(MergeReason, String)> {
    let mut keys = Vec::new();

    for birth in values(person, "birthDate") {
        for name in values(person, "name") {
            keys.push((
                MergeReason::NameAndBirthDate,
                format!("{} {birth}", normalise(name)),
            ));
        }
    }
    for number in values(person, "idNumber") {
        keys.push((MergeReason::IdentificationNumber, normalise(number)));
    }
    keys
}

/// Returns the non-empty normalised forms of the values.
fn normalised<'a>(
    values: impl Iterator<Item = &'a str>,
    normalise: fn(&str) -> String,
) -> BTreeSet<String> {
    values
        .map(normalise)
        .filter(|value| !value.is_empty())
        .collect()
}

/// Returns a key for every combination of a first and a second part.
fn combined(
    reason: MergeReason,
    firsts: &BTreeSet<String>,
    seconds: &BTreeSet<String>,
    separator: &str,
) -> Vec<(MergeReason, String)> {
    let mut keys = Vec::new();
    for first in firsts {
        for second in seconds {
            keys.push((reason, format!("{first}{separator}{second}")));
        }
    }
    keys
}

fn organisation_keys(organisation: &Entity) -> Vec<(MergeReason, String)> {
    let countries: BTreeSet<String> = values(organisation, "jurisdiction")
        .chain(values(organisation, "country"))
        .map(str::to_lowercase)
        .collect();
    let registrations = normalised(
        values(organisation, "registrationNumber"),
        compact_identifier,
    );
    let names = normalised(
        values(organisation, "name").chain(values(organisation, "alias")),
        organisation_name,
    );

    let mut keys = combined(
        MergeReason::RegistrationNumber,
        &registrations,
        &countries,
        " ",
    );
    keys.extend(combined(
        MergeReason::OrganisationName,
        &names,
        &countries,
        " ",
    ));
    keys.extend(combined(
        MergeReason::OrganisationName,
        &names,
        &registrations,
        " #",
    ));
    keys
}

fn account_keys(account: &Entity) -> Vec<(MergeReason, String)> {
    let bics = values(account, "swiftBic")
        .filter_map(bic_institution)
        .map(|bic| format!("bic:{bic}"));
    let banks = normalised(values(account, "bankName"), organisation_name)
        .into_iter()
        .map(|name| format!("bank:{name}"));
    let institutions: BTreeSet<String> = bics.chain(banks).collect();
    let numbers = normalised(values(account, "accountNumber"), compact_identifier);

    let mut keys = combined(MergeReason::AccountNumber, &institutions, &numbers, " ");

    // An IBAN names its bank, so it needs no institution beside it.
    for iban in normalised(values(account, "iban"), compact_identifier) {
        keys.push((MergeReason::AccountNumber, format!("iban:{iban}")));
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entity(schema: &str, id: &str, properties: &[(&str, &str)]) -> Entity {
        let mut map: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (name, value) in properties {
            map.entry((*name).to_owned())
                .or_default()
                .insert((*value).to_owned());
        }
        Entity {
            id: id.to_owned(),
            schema: schema.to_owned(),
            properties: map,
        }
    }

    /// Builds a `Company` with a name, a registration number and a jurisdiction.
    fn company(id: &str, name: &str, number: &str, country: &str) -> Entity {
        entity(
            "Company",
            id,
            &[
                ("name", name),
                ("registrationNumber", number),
                ("jurisdiction", country),
            ],
        )
    }

    /// Builds a `BankAccount` with a number and a SWIFT BIC.
    fn account(id: &str, number: &str, bic: &str) -> Entity {
        entity(
            "BankAccount",
            id,
            &[("accountNumber", number), ("swiftBic", bic)],
        )
    }

    /// Returns the rules of every suggestion, in order.
    fn reasons(suggestions: &[MergeSuggestion]) -> Vec<MergeReason> {
        suggestions
            .iter()
            .flat_map(MergeSuggestion::reasons)
            .collect()
    }

    #[test]
    fn registration_number_same_country() {
        let left = company("a", "Alpha", "0123-456", "la");
        let right = company("b", "Beta", "0123456", "LA");

        let suggestions = merge_suggestions([&left, &right]);

        assert_eq!(reasons(&suggestions), vec![MergeReason::RegistrationNumber]);
        assert_eq!(suggestions[0].matches[0].key, "0123456 la");
        assert_eq!(suggestions[0].kind, MergeKind::Organisation);
    }

    #[test]
    fn registration_other_country_not_suggested() {
        let left = company("a", "Alpha", "0123456", "la");
        let right = company("b", "Beta", "0123456", "cn");

        assert!(merge_suggestions([&left, &right]).is_empty());
    }

    #[test]
    fn organisation_name_needs_country_or_number() {
        let left = entity("Company", "a", &[("name", "Golden Triangle Co., Ltd.")]);
        let right = entity("Organization", "b", &[("name", "GOLDEN TRIANGLE CO LTD")]);
        assert!(
            merge_suggestions([&left, &right]).is_empty(),
            "a name alone is too weak"
        );

        let left = entity(
            "Company",
            "a",
            &[("name", "Golden Triangle Co., Ltd."), ("country", "la")],
        );
        let right = entity(
            "Organization",
            "b",
            &[
                ("name", "ＧＯＬＤＥＮ TRIANGLE CO LTD"),
                ("jurisdiction", "la"),
            ],
        );
        let suggestions = merge_suggestions([&left, &right]);
        assert_eq!(reasons(&suggestions), vec![MergeReason::OrganisationName]);

        let other = entity(
            "Company",
            "c",
            &[("name", "Golden Triangle Co Ltd"), ("jurisdiction", "th")],
        );
        assert_eq!(
            merge_suggestions([&left, &other]),
            Vec::new(),
            "same name in another country"
        );
    }

    #[test]
    fn organisation_alias_matches_other_script() {
        let left = entity(
            "Company",
            "a",
            &[
                ("name", "Golden Triangle Trading"),
                ("alias", "老挝金三角贸易有限公司"),
                ("jurisdiction", "la"),
            ],
        );
        let right = entity(
            "Company",
            "b",
            &[("name", "老挝 金三角贸易有限公司"), ("jurisdiction", "la")],
        );

        let suggestions = merge_suggestions([&left, &right]);

        assert_eq!(reasons(&suggestions), vec![MergeReason::OrganisationName]);
        assert_eq!(suggestions[0].matches[0].key, "老挝金三角贸易有限公司 la");
    }

    #[test]
    fn organisation_pair_one_row_all_rules() {
        let left = company("a", "Alpha Ltd", "77", "la");
        let right = company("b", "ALPHA LTD.", "77", "la");

        let suggestions = merge_suggestions([&left, &right]);

        assert_eq!(suggestions.len(), 1, "one suggestion per pair");
        assert_eq!(suggestions[0].kind, MergeKind::Organisation);

        assert_eq!(
            reasons(&suggestions),
            vec![
                MergeReason::RegistrationNumber,
                MergeReason::OrganisationName
            ]
        );
    }

    #[test]
    fn account_number_separators_ignored() {
        let left = account("a", "6222 0212-3456", "ICBKCNBJ");
        let right = account("b", "622202123456", "ICBKCNBJYNX");

        let suggestions = merge_suggestions([&left, &right]);

        assert_eq!(reasons(&suggestions), vec![MergeReason::AccountNumber]);
        assert_eq!(suggestions[0].matches[0].key, "bic:ICBKCNBJ 622202123456");
        assert_eq!(suggestions[0].kind, MergeKind::BankAccount);
    }

    #[test]
    fn account_at_other_bank_not_suggested() {
        let left = account("a", "622202123456", "ICBKCNBJ");
        let right = account("b", "6222-0212-3456", "ABOCCNBJ");
        let unknown_bank = entity("BankAccount", "c", &[("accountNumber", "622202123456")]);

        assert!(merge_suggestions([&left, &right, &unknown_bank]).is_empty());
    }

    #[test]
    fn account_bank_name_or_iban() {
        let bank = "Banque pour le Commerce Exterieur Lao";
        let left = entity(
            "BankAccount",
            "a",
            &[("accountNumber", "0101 2000"), ("bankName", bank)],
        );
        let right = entity(
            "BankAccount",
            "b",
            &[
                ("accountNumber", "01012000"),
                ("bankName", &bank.to_uppercase()),
            ],
        );
        assert_eq!(
            reasons(&merge_suggestions([&left, &right])),
            vec![MergeReason::AccountNumber]
        );

        let left = entity(
            "BankAccount",
            "c",
            &[("iban", "DE89 3704 0044 0532 0130 00")],
        );
        let right = entity("BankAccount", "d", &[("iban", "de89370400440532013000")]);
        let suggestions = merge_suggestions([&left, &right]);
        assert_eq!(suggestions[0].matches[0].key, "iban:DE89370400440532013000");
    }

    #[test]
    fn schemas_not_mixed() {
        let company = company("a", "Alpha", "77", "la");
        let person = entity("Person", "b", &[("name", "Alpha"), ("idNumber", "77")]);
        let account = entity(
            "BankAccount",
            "c",
            &[("accountNumber", "77"), ("bankName", "Alpha")],
        );

        assert!(merge_suggestions([&company, &person, &account]).is_empty());
    }
}
