//! The freeze request form: accounts, amount and currency, legal basis, case and
//! reason, with the option of an emergency stop-payment that holds debits at once.
//!
//! `GET /freezes/new` fills the form from its query, so other screens can link to
//! it: `?account=BANK:NUMBER&amount=50000.00&currency=CNY&case=…&reason=…&legal_basis=…`,
//! with `account` repeated for several accounts (`BANK/NUMBER` works too).
//!
//! Invariants: the freeze is created only through `mekong-freeze` ([`request`] or
//! [`emergency_stop`]) and applied like every other transition
//! ([`super::freeze_actions::apply`]); bad input creates nothing and shows the form
//! again with every error found and the typed values kept.

use std::str::FromStr;

use axum::body::Bytes;
use axum::extract::{Extension, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use maud::html;
use mekong_core::i18n::Arg;
use mekong_core::{AccountKey, Currency, Money};
use mekong_freeze::transition::{emergency_stop, request};
use mekong_freeze::{FreezeRequest, LegalBasis};
use rust_decimal::Decimal;

use super::freeze::{basis_name, freeze_href, freeze_store};
use super::freeze_actions::{actor_of, apply, error_text};
use super::{PageError, error_box, form, html_response, layout};
use crate::auth::Principal;
use crate::locale::Viewer;
use crate::state::AppState;

/// The request form as typed, shown again after an error.
#[derive(Debug, Default, Clone)]
pub(crate) struct RequestForm {
    accounts: String,
    amount: String,
    currency: String,
    legal_basis: String,
    case_reference: String,
    reason: String,
    emergency: bool,
}

impl RequestForm {
    fn from_pairs(pairs: &[(String, String)]) -> RequestForm {
        RequestForm {
            accounts: form::all(pairs, "account").join("\n"),
            amount: form::field(pairs, "amount").to_owned(),
            currency: form::field(pairs, "currency").to_uppercase(),
            legal_basis: form::field(pairs, "legal_basis").to_owned(),
            case_reference: form::field(pairs, "case").to_owned(),
            reason: form::field(pairs, "reason").to_owned(),
            emergency: !form::field(pairs, "emergency").is_empty(),
        }
    }
}

/// Handles `GET /freezes/new`.
pub(crate) async fn new(State(state): State<AppState>, viewer: Viewer, uri: Uri) -> Response {
    let query = uri.query().unwrap_or("");
    let prefill = RequestForm::from_pairs(&form::pairs(query.as_bytes()));
    render(&state, &viewer, &prefill, &[], StatusCode::OK)
}

/// Handles `POST /freezes`.
pub(crate) async fn create(
    State(state): State<AppState>,
    viewer: Viewer,
    Extension(principal): Extension<Principal>,
    body: Bytes,
) -> Result<Response, PageError> {
    let viewer = viewer.at_page("/freezes/new".to_owned());
    if let Err(response) = freeze_store(&state, &viewer) {
        return Ok(*response);
    }
    let Some(actor) = actor_of(&principal) else {
        return Ok(super::forbidden_page(&viewer, &state.identity));
    };

    let typed = RequestForm::from_pairs(&form::pairs(&body));
    let freeze_request = match validate(&viewer, &typed) {
        Ok(freeze_request) => freeze_request,
        Err(errors) => return Ok(render(&state, &viewer, &typed, &errors, StatusCode::BAD_REQUEST)),
    };

    let now = Utc::now();
    let id = format!("FRZ-{}", now.format("%Y%m%dT%H%M%S%6fZ"));
    let created = if typed.emergency {
        emergency_stop(&id, &freeze_request, &actor, now)
    } else {
        request(&id, &freeze_request, &actor, now)
    };
    let applied = match created {
        Ok(applied) => applied,
        Err(error) => {
            tracing::info!(%error, "freeze request rejected");
            return Ok(render(&state, &viewer, &typed, &[error_text(&viewer, &error)], StatusCode::BAD_REQUEST));
        }
    };

    apply(&state, &principal, &applied).await.map_err(|error| PageError::new(&viewer, &state, error))?;
    Ok(Redirect::to(&freeze_href(&applied.freeze.id)).into_response())
}

/// Parses an account written `BANK/NUMBER` or `BANK:NUMBER`.
fn parse_account(text: &str) -> Option<AccountKey> {
    let (bank, number) = text.split_once('/').or_else(|| text.split_once(':'))?;
    let (bank, number) = (bank.trim(), number.trim());
    (!bank.is_empty() && !number.is_empty()).then(|| AccountKey::new(bank, number))
}

/// Checks every field and returns the request, or every error found.
fn validate(viewer: &Viewer, typed: &RequestForm) -> Result<FreezeRequest, Vec<String>> {
    let mut errors = Vec::new();

    let mut accounts = Vec::new();
    for line in typed.accounts.lines().map(str::trim).filter(|line| !line.is_empty()) {
        match parse_account(line) {
            Some(account) => accounts.push(account),
            None => errors.push(viewer.text_with("web-freeze-error-account", &[("value", Arg::Text(line))])),
        }
    }
    if accounts.is_empty() && errors.is_empty() {
        errors.push(viewer.text_with("web-freeze-error-missing", &[("field", Arg::Text(&viewer.text("freeze-field-accounts")))]));
    }

    let amount = Decimal::from_str(&typed.amount).ok().filter(|amount| *amount > Decimal::ZERO);
    if amount.is_none() {
        errors.push(viewer.text_with("web-freeze-error-amount", &[("amount", Arg::Text(&typed.amount))]));
    }
    let currency = Currency::from_str(&typed.currency).ok();
    if currency.is_none() {
        errors.push(viewer.text_with("web-freeze-error-currency", &[("value", Arg::Text(&typed.currency))]));
    }
    let legal_basis = LegalBasis::from_str(&typed.legal_basis).ok();
    if legal_basis.is_none() {
        errors.push(viewer.text("web-freeze-error-basis"));
    }
    for (value, label) in [(&typed.case_reference, "freeze-field-case"), (&typed.reason, "freeze-field-reason")] {
        if value.is_empty() {
            errors.push(viewer.text_with("web-freeze-error-missing", &[("field", Arg::Text(&viewer.text(label)))]));
        }
    }

    match (amount, currency, legal_basis) {
        (Some(amount), Some(currency), Some(legal_basis)) if errors.is_empty() => Ok(FreezeRequest {
            accounts,
            amount: Money::new(amount, currency),
            legal_basis,
            case_reference: typed.case_reference.clone(),
            reason: typed.reason.clone(),
        }),
        _ => Err(errors),
    }
}

fn render(state: &AppState, viewer: &Viewer, typed: &RequestForm, errors: &[String], status: StatusCode) -> Response {
    let title = viewer.text("web-freeze-new");
    let content = html! {
        p { a href="/freezes" { (viewer.text("web-freeze-back")) } }
        h1 { (title) }
        (error_box(viewer, errors))
        form.card #freeze-request method="post" action="/freezes" {
            (viewer.csrf_field())
            label { (viewer.text("web-freeze-accounts-label"))
                textarea name="account" rows="3" required { (typed.accounts) }
            }
            label { (viewer.text("freeze-field-amount"))
                input type="text" name="amount" inputmode="decimal" value=(typed.amount) required;
            }
            label { (viewer.text("web-freeze-currency"))
                input type="text" name="currency" maxlength="3" value=(typed.currency) required;
            }
            label { (viewer.text("freeze-field-legal-basis"))
                select name="legal_basis" required {
                    @for basis in LegalBasis::ALL {
                        option value=(basis.as_str()) selected[typed.legal_basis == basis.as_str()] { (basis_name(viewer.locale, basis)) }
                    }
                }
            }
            label { (viewer.text("freeze-field-case"))
                input type="text" name="case" maxlength="200" value=(typed.case_reference) required;
            }
            label { (viewer.text("freeze-field-reason"))
                textarea name="reason" rows="3" maxlength="2000" required { (typed.reason) }
            }
            label.check {
                input type="checkbox" name="emergency" value="1" checked[typed.emergency];
                (viewer.text("web-freeze-emergency"))
            }
            p.hint { (viewer.text("web-freeze-emergency-hint")) }
            div { button type="submit" { (viewer.text("web-freeze-submit")) } }
        }
    };
    html_response(status, layout::page(viewer, &state.identity, &title, &[], content))
}
