//! Localised messages through Fluent, in English, Simplified Chinese and Lao.
//!
//! Every user-facing string lives in `i18n/<locale>/*.ftl` in this crate and is
//! compiled into the binary. Each locale has the same files and the same message
//! ids; a test fails when one is missing anywhere. A lookup of an unknown id
//! returns the id between `⟦ ⟧` so that a gap is visible on the screen and in tests.

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::{Deserialize, Serialize};

/// A locale the product is translated into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Locale {
    /// English.
    #[default]
    #[serde(rename = "en")]
    En,
    /// Simplified Chinese.
    #[serde(rename = "zh-CN")]
    ZhCn,
    /// Lao.
    #[serde(rename = "lo")]
    Lo,
}

impl Locale {
    /// Every locale, in the order the language switch shows them.
    pub const ALL: [Locale; 3] = [Locale::ZhCn, Locale::Lo, Locale::En];

    /// The BCP 47 tag: `en`, `zh-CN` or `lo`.
    pub fn tag(&self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::ZhCn => "zh-CN",
            Locale::Lo => "lo",
        }
    }

    /// The language's own name for itself.
    pub fn native_name(&self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::ZhCn => "简体中文",
            Locale::Lo => "ພາສາລາວ",
        }
    }

    /// Picks the best locale for an `Accept-Language` header or a `LANG` value,
    /// falling back to English.
    pub fn negotiate(preferences: &str) -> Locale {
        for part in preferences.split([',', ':']) {
            let tag = part.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
            let tag = tag.split('.').next().unwrap_or("").replace('_', "-");
            if tag.starts_with("zh") {
                return Locale::ZhCn;
            }
            if tag == "lo" || tag.starts_with("lo-") {
                return Locale::Lo;
            }
            if tag == "en" || tag.starts_with("en-") {
                return Locale::En;
            }
        }
        Locale::En
    }
}

impl fmt::Display for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag())
    }
}

/// A locale tag that is not `en`, `zh-CN` or `lo`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unsupported locale {0:?}: use en, zh-CN or lo")]
pub struct LocaleError(pub String);

impl FromStr for Locale {
    type Err = LocaleError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "en" => Ok(Locale::En),
            "zh-cn" | "zh" => Ok(Locale::ZhCn),
            "lo" => Ok(Locale::Lo),
            _ => Err(LocaleError(s.to_owned())),
        }
    }
}

/// The message files of one locale: (file name, contents).
pub type LocaleFiles = &'static [(&'static str, &'static str)];

macro_rules! locale_files {
    ($dir:literal) => {
        &[
            ("common.ftl", include_str!(concat!("../i18n/", $dir, "/common.ftl"))),
            ("cli.ftl", include_str!(concat!("../i18n/", $dir, "/cli.ftl"))),
            ("node.ftl", include_str!(concat!("../i18n/", $dir, "/node.ftl"))),
            ("monitor.ftl", include_str!(concat!("../i18n/", $dir, "/monitor.ftl"))),
            ("web.ftl", include_str!(concat!("../i18n/", $dir, "/web.ftl"))),
            ("auth.ftl", include_str!(concat!("../i18n/", $dir, "/auth.ftl"))),
            ("evidence.ftl", include_str!(concat!("../i18n/", $dir, "/evidence.ftl"))),
            ("freeze.ftl", include_str!(concat!("../i18n/", $dir, "/freeze.ftl"))),
            ("trace.ftl", include_str!(concat!("../i18n/", $dir, "/trace.ftl"))),
            ("reports.ftl", include_str!(concat!("../i18n/", $dir, "/reports.ftl"))),
        ]
    };
}

/// Returns the message files compiled in for a locale.
pub fn files(locale: Locale) -> LocaleFiles {
    match locale {
        Locale::En => locale_files!("en"),
        Locale::ZhCn => locale_files!("zh-CN"),
        Locale::Lo => locale_files!("lo"),
    }
}

/// Message bundles for every locale, built once.
pub struct Messages {
    bundles: HashMap<Locale, FluentBundle<FluentResource>>,
}

impl fmt::Debug for Messages {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Messages").field("locales", &self.bundles.keys().collect::<Vec<_>>()).finish()
    }
}

impl Messages {
    /// Returns the process-wide message bundles.
    pub fn global() -> &'static Messages {
        static MESSAGES: OnceLock<Messages> = OnceLock::new();
        MESSAGES.get_or_init(Messages::load)
    }

    fn load() -> Messages {
        let mut bundles = HashMap::new();
        for locale in Locale::ALL {
            let lang = locale.tag().parse().unwrap_or_default();
            let mut bundle = FluentBundle::new_concurrent(vec![lang]);
            // Isolation marks around arguments confuse terminals and tests, and the
            // pages set the text direction themselves.
            bundle.set_use_isolating(false);
            for (name, source) in files(locale) {
                // The tests parse every file without errors, so a parse failure here
                // can only drop the broken entries of a file edited after testing.
                let resource = match FluentResource::try_new((*source).to_owned()) {
                    Ok(resource) => resource,
                    Err((resource, errors)) => {
                        tracing_free_warn(locale, name, errors.len());
                        resource
                    }
                };
                if let Err(errors) = bundle.add_resource(resource) {
                    tracing_free_warn(locale, name, errors.len());
                }
            }
            bundles.insert(locale, bundle);
        }
        Messages { bundles }
    }

    /// Formats a message without arguments.
    pub fn get(&self, locale: Locale, id: &str) -> String {
        self.format(locale, id, &[])
    }

    /// Formats a message with named arguments given as text or numbers.
    pub fn format(&self, locale: Locale, id: &str, args: &[(&str, Arg<'_>)]) -> String {
        let Some(bundle) = self.bundles.get(&locale) else {
            return missing(id);
        };
        let (message_id, attribute) = match id.split_once('.') {
            Some((message, attribute)) => (message, Some(attribute)),
            None => (id, None),
        };
        let Some(message) = bundle.get_message(message_id) else {
            return missing(id);
        };
        let pattern = match attribute {
            Some(name) => message.get_attribute(name).map(|attribute| attribute.value()),
            None => message.value(),
        };
        let Some(pattern) = pattern else {
            return missing(id);
        };
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            let value = match value {
                Arg::Text(text) => FluentValue::from(text.to_string()),
                Arg::Number(number) => FluentValue::from(*number),
            };
            fluent_args.set(name.to_string(), value);
        }
        let mut errors = Vec::new();
        bundle.format_pattern(pattern, Some(&fluent_args), &mut errors).into_owned()
    }

    /// Formats a stored explanation, whose arguments are all text.
    pub fn explain(&self, locale: Locale, explanation: &crate::Explanation) -> String {
        let args: Vec<(&str, Arg<'_>)> =
            explanation.args.iter().map(|(name, value)| (name.as_str(), Arg::Text(value))).collect();
        self.format(locale, &explanation.key, &args)
    }

    /// Whether a message id (or `message.attribute`) exists in a locale.
    pub fn has(&self, locale: Locale, id: &str) -> bool {
        !self.format(locale, id, &[]).starts_with('⟦')
    }
}

/// An argument to a message.
#[derive(Debug, Clone, Copy)]
pub enum Arg<'a> {
    /// Text, inserted as given.
    Text(&'a str),
    /// A number, formatted for the locale.
    Number(f64),
}

fn missing(id: &str) -> String {
    format!("⟦{id}⟧")
}

fn tracing_free_warn(locale: Locale, file: &str, count: usize) {
    // This crate stays free of a logging dependency; the error goes to standard error
    // once per broken file at start-up.
    eprintln!("warning: {count} errors in message file {}/{file}", locale.tag());
}

/// Lists the message ids and attributes defined in one Fluent source, as
/// `message` and `message.attribute`.
pub fn message_ids(source: &str) -> Result<Vec<String>, String> {
    use fluent_syntax::ast::Entry;

    let resource = fluent_syntax::parser::parse(source).map_err(|(_, errors)| format!("{errors:?}"))?;
    let mut ids = Vec::new();
    for entry in resource.body {
        if let Entry::Message(message) = entry {
            let id = message.id.name.to_owned();
            for attribute in &message.attributes {
                ids.push(format!("{id}.{}", attribute.id.name));
            }
            if message.value.is_some() {
                ids.push(id);
            }
        }
    }
    Ok(ids)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    fn ids_of(locale: Locale) -> BTreeSet<String> {
        let mut ids = BTreeSet::new();
        for (name, source) in files(locale) {
            let parsed = message_ids(source).unwrap_or_else(|error| panic!("{}/{name}: {error}", locale.tag()));
            ids.extend(parsed);
        }
        ids
    }

    #[test]
    fn every_locale_has_every_key() {
        let english = ids_of(Locale::En);
        assert!(!english.is_empty());
        for locale in Locale::ALL {
            let ids = ids_of(locale);
            let missing: Vec<_> = english.difference(&ids).collect();
            let extra: Vec<_> = ids.difference(&english).collect();
            assert!(missing.is_empty(), "{} lacks {missing:?}", locale.tag());
            assert!(extra.is_empty(), "{} has keys English lacks: {extra:?}", locale.tag());
        }
    }

    #[test]
    fn unknown_key_is_marked() {
        assert_eq!(Messages::global().get(Locale::En, "no-such-key"), "⟦no-such-key⟧");
    }

    #[test]
    fn negotiates_accept_language() {
        assert_eq!(Locale::negotiate("lo-LA,lo;q=0.9,en;q=0.5"), Locale::Lo);
        assert_eq!(Locale::negotiate("zh_CN.UTF-8"), Locale::ZhCn);
        assert_eq!(Locale::negotiate("fr-FR"), Locale::En);
    }
}
