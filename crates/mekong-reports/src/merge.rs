//! Merge suggestions: pairs of distinct `Person` entities that are probably one person.
//!
//! A pair is suggested when both have the same normalised name and birth date, or
//! share an identification number. Nothing is ever merged here: an analyst decides.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::entity::{Entity, normalise};

/// The reason two people are suggested for merging.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MergeReason {
    /// Same normalised name and same birth date.
    NameAndBirthDate,
    /// Same identification number.
    IdentificationNumber,
}

/// Two entities that are probably the same person.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct MergeSuggestion {
    /// The smaller id.
    pub left: String,
    /// The larger id.
    pub right: String,
    /// The matching rule.
    pub reason: MergeReason,
    /// The shared key: the normalised name and birth date, or the number.
    pub key: String,
}

/// Returns the merge suggestions among these entities, sorted.
pub fn merge_suggestions<'a>(
    entities: impl IntoIterator<Item = &'a Entity>,
) -> Vec<MergeSuggestion> {
    let mut groups: BTreeMap<(MergeReason, String), BTreeSet<&str>> = BTreeMap::new();

    for person in entities
        .into_iter()
        .filter(|entity| entity.schema == "Person")
    {
        let birth_dates = person.properties.get("birthDate").into_iter().flatten();
        for birth in birth_dates {
            for name in person.properties.get("name").into_iter().flatten() {
                let key = format!("{} {birth}", normalise(name));
                groups
                    .entry((MergeReason::NameAndBirthDate, key))
                    .or_default()
                    .insert(&person.id);
            }
        }
        for number in person.properties.get("idNumber").into_iter().flatten() {
            groups
                .entry((MergeReason::IdentificationNumber, normalise(number)))
                .or_default()
                .insert(&person.id);
        }
    }

    let mut suggestions = BTreeSet::new();
    for ((reason, key), ids) in groups {
        let ids: Vec<&str> = ids.into_iter().collect();
        for (index, left) in ids.iter().enumerate() {
            for right in &ids[index + 1..] {
                suggestions.insert(MergeSuggestion {
                    left: (*left).to_owned(),
                    right: (*right).to_owned(),
                    reason,
                    key: key.clone(),
                });
            }
        }
    }
    suggestions.into_iter().collect()
}
