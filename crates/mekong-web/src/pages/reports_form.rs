//! The hand-entry form for one goAML report with one transaction between two accounts.
//!
//! The form builds a goAML XML document from the typed fields and imports it like an
//! upload ([`super::reports_import`]), so the same validation applies. Each validation
//! error is shown next to the field its element path comes from, and errors on
//! elements the form has no field for are listed above the form.
//!
//! Invariants:
//! - the form never checks a value itself, so it cannot accept what the upload rejects
//!   or reject what the upload accepts;
//! - an invalid report stores nothing and the form comes back with every typed value;
//! - typed text is XML-escaped, so no field can add elements to the document.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use axum::body::Bytes;
use axum::extract::{Extension, State};
use axum::http::{StatusCode, header::LOCATION};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use mekong_reports::{ImportOutcome, ValidationError};

use super::reports::report_href;
use super::reports_import::{Imported, import_report, report_store, rule_text};
use super::{PageError, error_box, form, html_response, layout};
use crate::auth::Principal;
use crate::locale::Viewer;
use crate::state::AppState;

/// The report codes of the goAML 5.0.1 schema's `report_type`.
const REPORT_CODES: &[&str] = &["STR", "SAR", "CTR", "ECTR", "AIF", "ICR", "IRD", "IRF", "M", "PEP", "STRM", "TFR"];

/// The input element of a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Input {
    Text,
    DateTime,
    Date,
    Amount,
    LongText,
    ReportCode,
}

/// One form field: its name, the message key of its label, how it is typed and the
/// goAML element path (without `[n]` indexes) whose errors are shown next to it.
struct Field {
    name: &'static str,
    label: &'static str,
    input: Input,
    path: &'static str,
}

const fn field(name: &'static str, label: &'static str, input: Input, path: &'static str) -> Field {
    Field { name, label, input, path }
}

/// Every field, in the order the form shows them, in groups with a heading key.
const GROUPS: &[(&str, &[Field])] = &[
    ("web-report-form-report", &[
        field("report_code", "web-reports-code", Input::ReportCode, "/report/report_code"),
        field("rentity_id", "web-report-form-rentity-id", Input::Text, "/report/rentity_id"),
        field("rentity_branch", "web-report-form-branch", Input::Text, "/report/rentity_branch"),
        field("entity_reference", "web-reports-reference", Input::Text, "/report/entity_reference"),
        field("report_date", "web-reports-date", Input::DateTime, "/report/report_date"),
        field("reporter_first_name", "web-report-form-reporter-first", Input::Text, "/report/reporting_person/first_name"),
        field("reporter_last_name", "web-report-form-reporter-last", Input::Text, "/report/reporting_person/last_name"),
        field("location_type", "web-report-form-address-type", Input::Text, "/report/location/address_type"),
        field("location_address", "web-report-form-address", Input::Text, "/report/location/address"),
        field("location_city", "web-report-form-city", Input::Text, "/report/location/city"),
        field("location_country", "web-report-form-country", Input::Text, "/report/location/country_code"),
        field("reason", "web-report-form-reason", Input::LongText, "/report/reason"),
        field("indicators", "web-report-form-indicators", Input::Text, "/report/report_indicators"),
    ]),
    ("web-report-form-transaction", &[
        field("transaction_number", "web-report-form-tx-number", Input::Text, "/report/transaction/transactionnumber"),
        field("transaction_location", "web-report-form-tx-location", Input::Text, "/report/transaction/transaction_location"),
        field("description", "web-report-form-tx-description", Input::LongText, "/report/transaction/transaction_description"),
        field("transaction_date", "web-report-form-tx-date", Input::DateTime, "/report/transaction/date_transaction"),
        field("transmode_code", "web-report-form-transmode", Input::Text, "/report/transaction/transmode_code"),
        field("amount", "web-report-form-amount", Input::Amount, "/report/transaction/amount_local"),
        field("currency", "web-reports-currency", Input::Text, "/report/currency_code_local"),
    ]),
    ("web-report-form-from", &[
        field("from_funds_code", "web-report-form-funds-code", Input::Text, "/report/transaction/t_from/from_funds_code"),
        field("from_bank", "web-report-form-bank", Input::Text, "/report/transaction/t_from/from_account/institution_name"),
        field("from_swift", "web-report-form-swift", Input::Text, "/report/transaction/t_from/from_account/swift"),
        field("from_account", "web-report-form-account", Input::Text, "/report/transaction/t_from/from_account/account"),
        field("from_first_name", "web-report-form-first-name", Input::Text, "/report/transaction/t_from/from_account/signatory/t_person/first_name"),
        field("from_last_name", "web-report-form-last-name", Input::Text, "/report/transaction/t_from/from_account/signatory/t_person/last_name"),
        field("from_birthdate", "web-report-form-birthdate", Input::Date, "/report/transaction/t_from/from_account/signatory/t_person/birthdate"),
        field("from_alias", "web-report-form-alias", Input::Text, "/report/transaction/t_from/from_account/signatory/t_person/alias"),
        field("from_country", "web-report-form-country", Input::Text, "/report/transaction/t_from/from_country"),
    ]),
    ("web-report-form-to", &[
        field("to_funds_code", "web-report-form-funds-code", Input::Text, "/report/transaction/t_to/to_funds_code"),
        field("to_bank", "web-report-form-bank", Input::Text, "/report/transaction/t_to/to_account/institution_name"),
        field("to_swift", "web-report-form-swift", Input::Text, "/report/transaction/t_to/to_account/swift"),
        field("to_account", "web-report-form-account", Input::Text, "/report/transaction/t_to/to_account/account"),
        field("to_first_name", "web-report-form-first-name", Input::Text, "/report/transaction/t_to/to_account/signatory/t_person/first_name"),
        field("to_last_name", "web-report-form-last-name", Input::Text, "/report/transaction/t_to/to_account/signatory/t_person/last_name"),
        field("to_birthdate", "web-report-form-birthdate", Input::Date, "/report/transaction/t_to/to_account/signatory/t_person/birthdate"),
        field("to_alias", "web-report-form-alias", Input::Text, "/report/transaction/t_to/to_account/signatory/t_person/alias"),
        field("to_country", "web-report-form-country", Input::Text, "/report/transaction/t_to/to_country"),
    ]),
];

/// The typed values, by field name.
#[derive(Debug, Default, Clone)]
pub(crate) struct ReportForm {
    values: BTreeMap<&'static str, String>,
}

impl ReportForm {
    fn from_pairs(pairs: &[(String, String)]) -> ReportForm {
        let mut values = BTreeMap::new();
        for (_, fields) in GROUPS {
            for field in *fields {
                values.insert(field.name, form::field(pairs, field.name).to_owned());
            }
        }
        ReportForm { values }
    }

    fn get(&self, name: &str) -> &str {
        self.values.get(name).map_or("", String::as_str)
    }
}

/// Validation errors sorted by the field they belong to. `general` contains the
/// errors on elements the form has no field for.
#[derive(Debug, Default)]
struct FieldErrors {
    by_field: BTreeMap<&'static str, Vec<String>>,
    general: Vec<String>,
}

/// Handles `GET /reports/new`.
pub(crate) async fn new(State(state): State<AppState>, viewer: Viewer) -> Result<Response, PageError> {
    if let Err(response) = report_store(&state, &viewer) {
        return Ok(*response);
    }
    Ok(render(&state, &viewer, &ReportForm::default(), &FieldErrors::default(), StatusCode::OK))
}

/// Handles `POST /reports/new`: builds the report and imports it, or shows the form
/// again with every error next to its field.
pub(crate) async fn submit(
    State(state): State<AppState>,
    viewer: Viewer,
    Extension(principal): Extension<Principal>,
    body: Bytes,
) -> Result<Response, PageError> {
    let viewer = viewer.at_page("/reports/new".to_owned());
    let store = match report_store(&state, &viewer) {
        Ok(store) => store,
        Err(response) => return Ok(*response),
    };
    let typed = ReportForm::from_pairs(&form::pairs(&body));
    let xml = build_xml(&typed);

    let Imported { outcome, .. } =
        import_report(&state, store, &principal, xml.into_bytes()).await.map_err(|error| PageError::new(&viewer, &state, error))?;
    match outcome {
        ImportOutcome::Stored { report_id, .. } | ImportOutcome::AlreadyStored { report_id } => {
            Ok((StatusCode::SEE_OTHER, [(LOCATION, report_href(&report_id))]).into_response())
        }
        ImportOutcome::Rejected { errors } => {
            let sorted = sort_errors(&viewer, &errors);
            Ok(render(&state, &viewer, &typed, &sorted, StatusCode::UNPROCESSABLE_ENTITY))
        }
    }
}

fn render(state: &AppState, viewer: &Viewer, typed: &ReportForm, errors: &FieldErrors, status: StatusCode) -> Response {
    let title = viewer.text("web-reports-new");
    let mut summary = Vec::new();
    if !errors.by_field.is_empty() || !errors.general.is_empty() {
        let count = errors.by_field.values().map(Vec::len).sum::<usize>() + errors.general.len();
        summary.push(viewer.text_with("web-reports-rejected", &[("count", mekong_core::i18n::Arg::Number(count as f64))]));
        summary.extend(errors.general.iter().cloned());
    }
    let content = html! {
        h1 { (title) }
        (error_box(viewer, &summary))
        p.hint { (viewer.text("web-report-form-hint")) }
        form.card #report-form method="post" action="/reports/new" {
            (viewer.csrf_field())
            @for (heading, fields) in GROUPS {
                fieldset {
                    legend { (viewer.text(heading)) }
                    @for field in *fields {
                        (field_markup(viewer, field, typed.get(field.name), errors.by_field.get(field.name)))
                    }
                }
            }
            div { button type="submit" { (viewer.text("web-report-form-submit")) } }
        }
    };
    html_response(status, layout::page(viewer, &state.identity, &title, &[], content))
}

fn field_markup(viewer: &Viewer, field: &Field, value: &str, errors: Option<&Vec<String>>) -> Markup {
    let invalid = errors.is_some_and(|errors| !errors.is_empty());
    let error_id = format!("{}-errors", field.name);
    html! {
        label.invalid[invalid] data-field=(field.name) {
            (viewer.text(field.label))
            @match field.input {
                Input::ReportCode => select name=(field.name) aria-invalid=[invalid.then_some("true")] {
                    @for code in REPORT_CODES { option value=(code) selected[value == *code] { (code) } }
                },
                Input::LongText => textarea name=(field.name) rows="3" aria-invalid=[invalid.then_some("true")] { (value) },
                Input::DateTime => input type="datetime-local" step="1" name=(field.name) value=(value) aria-invalid=[invalid.then_some("true")];,
                Input::Date => input type="date" name=(field.name) value=(value) aria-invalid=[invalid.then_some("true")];,
                Input::Amount => input type="text" inputmode="decimal" name=(field.name) value=(value) aria-invalid=[invalid.then_some("true")];,
                Input::Text => input type="text" name=(field.name) value=(value) aria-invalid=[invalid.then_some("true")];,
            }
            @if let Some(errors) = errors {
                ul.errors.field-errors id=(error_id) role="alert" {
                    @for error in errors { li { (error) } }
                }
            }
        }
    }
}

/// Sorts errors to the field whose element path is the longest prefix of the
/// error's path, ignoring `[n]` indexes.
fn sort_errors(viewer: &Viewer, errors: &[ValidationError]) -> FieldErrors {
    let mut sorted = FieldErrors::default();
    for error in errors {
        let path = strip_indexes(&error.path);
        let owner = GROUPS
            .iter()
            .flat_map(|(_, fields)| fields.iter())
            .filter(|field| path == field.path || path.starts_with(&format!("{}/", field.path)))
            .max_by_key(|field| field.path.len());
        let text = rule_text(viewer, error);
        match owner {
            Some(field) => sorted.by_field.entry(field.name).or_default().push(text),
            None => sorted.general.push(format!("{}: {text}", error.path)),
        }
    }
    sorted
}

/// Removes every `[n]` index from an element path.
fn strip_indexes(path: &str) -> String {
    let mut stripped = String::with_capacity(path.len());
    let mut in_index = false;
    for character in path.chars() {
        match character {
            '[' => in_index = true,
            ']' => in_index = false,
            _ if !in_index => stripped.push(character),
            _ => {}
        }
    }
    stripped
}

/// Escapes text for an XML element's content.
fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&apos;"),
            _ => escaped.push(character),
        }
    }
    escaped
}

/// Writes a date and time from a `datetime-local` input in goAML's
/// `YYYY-MM-DDThh:mm:ss`, adding the seconds a browser leaves out.
fn goaml_date_time(value: &str) -> String {
    if value.len() == 16 && value.as_bytes().get(10) == Some(&b'T') { format!("{value}:00") } else { value.to_owned() }
}

/// Writes a date from a `date` input as a goAML date at midnight; an empty value stays empty.
fn goaml_date(value: &str) -> String {
    if value.len() == 10 { format!("{value}T00:00:00") } else { value.to_owned() }
}

/// A writer of the document that leaves out empty optional elements.
struct Writer {
    xml: String,
}

impl Writer {
    /// Writes an element the schema requires, even when empty, so its error names it.
    fn required(&mut self, name: &str, value: &str) {
        let _ = write!(self.xml, "<{name}>{}</{name}>", escape(value));
    }

    /// Writes an element only when its value is not empty.
    fn optional(&mut self, name: &str, value: &str) {
        if !value.is_empty() {
            self.required(name, value);
        }
    }

    fn open(&mut self, name: &str) {
        let _ = write!(self.xml, "<{name}>");
    }

    fn close(&mut self, name: &str) {
        let _ = write!(self.xml, "</{name}>");
    }
}

/// Builds the goAML document of the form: one report with one transaction from one
/// account to another, each account with its holder as a signatory.
pub(crate) fn build_xml(typed: &ReportForm) -> String {
    let get = |name: &str| typed.get(name);
    let mut writer = Writer { xml: String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n") };

    writer.open("report");
    writer.required("rentity_id", get("rentity_id"));
    writer.required("rentity_branch", get("rentity_branch"));
    // A report typed into the node is an electronic submission.
    writer.required("submission_code", "E");
    writer.required("report_code", get("report_code"));
    writer.optional("entity_reference", get("entity_reference"));
    writer.required("report_date", &goaml_date_time(get("report_date")));
    writer.required("currency_code_local", get("currency"));

    writer.open("reporting_person");
    writer.required("first_name", get("reporter_first_name"));
    writer.required("last_name", get("reporter_last_name"));
    writer.close("reporting_person");

    writer.open("location");
    writer.required("address_type", get("location_type"));
    writer.required("address", get("location_address"));
    writer.required("city", get("location_city"));
    writer.required("country_code", get("location_country"));
    writer.close("location");
    writer.optional("reason", get("reason"));

    writer.open("transaction");
    writer.required("transactionnumber", get("transaction_number"));
    writer.required("transaction_location", get("transaction_location"));
    writer.required("transaction_description", get("description"));
    writer.required("date_transaction", &goaml_date_time(get("transaction_date")));
    writer.required("transmode_code", get("transmode_code"));
    writer.required("amount_local", get("amount"));
    write_party(&mut writer, typed, "from");
    write_party(&mut writer, typed, "to");
    writer.close("transaction");

    writer.open("report_indicators");
    for indicator in get("indicators").split([',', ' ', ';']).filter(|code| !code.is_empty()) {
        writer.required("indicator", indicator);
    }
    writer.close("report_indicators");
    writer.close("report");
    writer.xml
}

/// Writes `t_from` or `t_to` with the account and its holder.
fn write_party(writer: &mut Writer, typed: &ReportForm, side: &str) {
    let get = |name: &str| typed.get(&format!("{side}_{name}")).to_owned();

    writer.open(&format!("t_{side}"));
    writer.required(&format!("{side}_funds_code"), &get("funds_code"));
    writer.open(&format!("{side}_account"));
    writer.required("institution_name", &get("bank"));
    writer.required("swift", &get("swift"));
    writer.required("account", &get("account"));

    let holder = [get("first_name"), get("last_name"), get("birthdate"), get("alias")];
    if holder.iter().any(|value| !value.is_empty()) {
        writer.open("signatory");
        writer.open("t_person");
        writer.required("first_name", &get("first_name"));
        writer.required("last_name", &get("last_name"));
        writer.optional("birthdate", &goaml_date(&get("birthdate")));
        writer.optional("alias", &get("alias"));
        writer.close("t_person");
        writer.close("signatory");
    }
    writer.close(&format!("{side}_account"));
    writer.required(&format!("{side}_country"), &get("country"));
    writer.close(&format!("t_{side}"));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filled() -> ReportForm {
        let pairs: Vec<(String, String)> = [
            ("report_code", "STR"),
            ("rentity_id", "1042"),
            ("rentity_branch", "Vientiane head office"),
            ("report_date", "2026-11-20T09:30"),
            ("reporter_first_name", "ສົມພອນ"),
            ("reporter_last_name", "ພົມມະຈັນ"),
            ("location_type", "2"),
            ("location_address", "ຖະໜົນລ້ານຊ້າງ"),
            ("location_city", "Vientiane"),
            ("location_country", "LA"),
            ("indicators", "FRAUD"),
            ("transaction_number", "TX-1"),
            ("transaction_location", "Vientiane"),
            ("description", "Transfer <loan> & \"fee\""),
            ("transaction_date", "2026-11-19T22:14:05"),
            ("transmode_code", "A"),
            ("amount", "48500000.00"),
            ("currency", "LAK"),
            ("from_funds_code", "A"),
            ("from_bank", "Agricultural Bank of China"),
            ("from_swift", "ABOCCNBJ240"),
            ("from_account", "6228480000123456789"),
            ("from_first_name", "伟"),
            ("from_last_name", "张"),
            ("from_birthdate", "1990-03-14"),
            ("from_alias", "Zhang Wei"),
            ("from_country", "CN"),
            ("to_funds_code", "A"),
            ("to_bank", "Banque pour le Commerce Exterieur Lao"),
            ("to_swift", "COEBLALA"),
            ("to_account", "010120000123456"),
            ("to_country", "LA"),
        ]
        .into_iter()
        .map(|(name, value)| (name.to_owned(), value.to_owned()))
        .collect();
        ReportForm::from_pairs(&pairs)
    }

    #[test]
    fn filled_form_validates() {
        let xml = build_xml(&filled());
        let report = mekong_reports::validate(xml.as_bytes());
        assert!(report.is_ok(), "{:?}\n{xml}", report.err());
    }

    #[test]
    fn negative_amount_maps_to_field() {
        let mut typed = filled();
        typed.values.insert("amount", "-5.00".to_owned());
        let errors = mekong_reports::validate(build_xml(&typed).as_bytes()).unwrap_err();
        let viewer = Viewer::from_parts(&axum::http::Request::new(()).into_parts().0);
        let sorted = sort_errors(&viewer, &errors);
        assert_eq!(sorted.by_field.keys().copied().collect::<Vec<_>>(), vec!["amount"]);
        assert!(sorted.general.is_empty());
    }

    #[test]
    fn empty_form_maps_errors_to_fields() {
        let errors = mekong_reports::validate(build_xml(&ReportForm::default()).as_bytes()).unwrap_err();
        let viewer = Viewer::from_parts(&axum::http::Request::new(()).into_parts().0);
        let sorted = sort_errors(&viewer, &errors);
        assert!(sorted.by_field.contains_key("rentity_id"), "{errors:?}");
        assert!(sorted.by_field.contains_key("amount"), "{errors:?}");
        assert!(sorted.by_field.contains_key("to_account"), "{errors:?}");
        assert!(sorted.general.is_empty(), "{:?}", sorted.general);
    }

    #[test]
    fn indexes_stripped_from_path() {
        assert_eq!(strip_indexes("/report/transaction[2]/amount_local"), "/report/transaction/amount_local");
    }
}
