//! Localised labels for FollowTheMoney (FtM) schema and property names and for the
//! goAML elements an entity appeared as, on the report and entities pages.
//!
//! Invariant: the raw FtM or goAML name stays visible beside every label, in a code
//! style, because analysts exchange FtM files and search for those names. A name
//! without a message key is shown raw only, so a schema from an imported FtM file
//! that has no translation yet still displays.

use maud::{Markup, html};
use mekong_core::i18n::Messages;

use crate::locale::Viewer;

/// Renders an FtM schema name, such as `BankAccount`, with its label.
pub(crate) fn schema_label(viewer: &Viewer, schema: &str) -> Markup {
    labelled(viewer, &format!("ftm-schema-{schema}"), schema)
}

/// Renders an FtM property name, such as `swiftBic`, with its label.
pub(crate) fn property_label(viewer: &Viewer, property: &str) -> Markup {
    labelled(viewer, &format!("ftm-property-{property}"), property)
}

/// Renders the goAML element an entity appeared as, such as `to_account`, with its label.
pub(crate) fn role_label(viewer: &Viewer, role: &str) -> Markup {
    labelled(viewer, &format!("goaml-role-{role}"), role)
}

/// Renders the message of `key` followed by the raw name, or the raw name alone when
/// the key does not exist or the name cannot be part of a Fluent message id.
fn labelled(viewer: &Viewer, key: &str, raw: &str) -> Markup {
    let valid_id = raw.chars().all(|character| character.is_ascii_alphanumeric() || character == '_' || character == '-');
    let label = (valid_id && Messages::global().has(viewer.locale, key)).then(|| viewer.text(key));

    html! {
        @if let Some(label) = label {
            (label) " " code.ftm-name { (raw) }
        } @else {
            code.ftm-name { (raw) }
        }
    }
}
