//! The evidence search screen: full-text search over one case's parsed records, with
//! the matched words marked `<mark>`.
//!
//! Invariants:
//! - [`mekong_evidence::search::search`] checks the viewer's roles again, so the route
//!   rule is not the only guard;
//! - every search that runs is recorded in the audit trail with its query, filters and
//!   hit count, also when nothing matched. Opening the empty form records nothing.

use std::ops::Range;

use axum::extract::{Extension, State};
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, TimeDelta, Utc};
use maud::{Markup, html};
use mekong_core::i18n::Arg;
use mekong_evidence::EvidenceKind;
use mekong_evidence::search::{Hit, MAX_PAGE_SIZE, Page, SearchError, SearchFilters, search};

use super::evidence::{evidence_nav, item_href, kind_name, services};
use super::{PageError, error_box, form, html_response, layout};
use crate::audit_trail::{self, Entry};
use crate::auth::Principal;
use crate::blocking;
use crate::display;
use crate::error::WebError;
use crate::locale::Viewer;
use crate::state::AppState;

/// Hits per page.
const PAGE_SIZE: u32 = 50;

/// The search form's values as typed.
#[derive(Debug, Default)]
struct SearchForm {
    q: String,
    case: String,
    kind: String,
    sender: String,
    from: String,
    to: String,
    page: u32,
}

impl SearchForm {
    fn read(uri: &Uri) -> SearchForm {
        let pairs = form::pairs(uri.query().unwrap_or("").as_bytes());
        let field = |name: &str| form::field(&pairs, name).to_owned();
        SearchForm {
            q: field("q"),
            case: field("case"),
            kind: field("kind"),
            sender: field("sender"),
            from: field("from"),
            to: field("to"),
            // Pages count from 1 in the address and from 0 in the search API.
            page: field("page").parse::<u32>().unwrap_or(1).max(1),
        }
    }

    /// Builds the filters, or the localised messages of every invalid field.
    fn filters(&self, viewer: &Viewer, offset: FixedOffset) -> Result<SearchFilters, Vec<String>> {
        let mut errors = Vec::new();
        if self.case.is_empty() {
            errors.push(viewer.text("web-evidence-case-missing"));
        }
        let kind = match self.kind.as_str() {
            "" => None,
            text => text.parse::<EvidenceKind>().map_err(|_| errors.push(viewer.text("web-evidence-kind-invalid"))).ok(),
        };
        let mut day = |text: &str| -> Option<DateTime<Utc>> {
            if text.is_empty() {
                return None;
            }
            let start = start_of_day(text, offset);
            if start.is_none() {
                errors.push(viewer.text_with("web-evidence-date-invalid", &[("value", Arg::Text(text))]));
            }
            start
        };
        let from = day(&self.from);
        // The `to` date is inclusive, so the filter ends at the start of the next day.
        let to = day(&self.to).map(|start| start + TimeDelta::days(1));

        if !errors.is_empty() {
            return Err(errors);
        }
        let sender = Some(self.sender.clone()).filter(|sender| !sender.is_empty());
        Ok(SearchFilters { case_ref: self.case.clone(), kind, sender, from, to })
    }

    fn page_href(&self, page: u32) -> String {
        let page = page.to_string();
        let pairs = [
            ("q", self.q.as_str()),
            ("case", self.case.as_str()),
            ("kind", self.kind.as_str()),
            ("sender", self.sender.as_str()),
            ("from", self.from.as_str()),
            ("to", self.to.as_str()),
            ("page", page.as_str()),
        ];
        format!("/evidence/search?{}", display::encode_query(&pairs))
    }
}

/// Returns the start of a `YYYY-MM-DD` day in the node's zone, as UTC.
fn start_of_day(text: &str, offset: FixedOffset) -> Option<DateTime<Utc>> {
    let date = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()?;
    date.and_time(NaiveTime::MIN).and_local_timezone(offset).single().map(|time| time.with_timezone(&Utc))
}

/// Handles `GET /evidence/search`. `q` is the query and `case` is required. `kind`,
/// `sender`, `from` and `to` narrow it, where the dates are inclusive days in the
/// node's zone. `page` counts from 1.
pub(crate) async fn page(
    State(state): State<AppState>,
    viewer: Viewer,
    Extension(principal): Extension<Principal>,
    uri: Uri,
) -> Result<Response, PageError> {
    let services = match services(&state, &viewer) {
        Ok(services) => services,
        Err(response) => return Ok(*response),
    };
    let typed = SearchForm::read(&uri);
    if typed.q.is_empty() {
        return Ok(render(&state, &viewer, &typed, None, &[], StatusCode::OK));
    }

    let filters = match typed.filters(&viewer, state.node_offset()) {
        Ok(filters) => filters,
        Err(errors) => return Ok(render(&state, &viewer, &typed, None, &errors, StatusCode::BAD_REQUEST)),
    };
    let roles = principal.session().map(|session| session.user.roles.clone()).unwrap_or_default();
    let query = typed.q.clone();
    let page = Page { number: typed.page - 1, size: PAGE_SIZE.min(MAX_PAGE_SIZE) };
    let searched = blocking::run(move || {
        Ok::<_, WebError>(search(services.search.as_ref(), &roles, &query, &filters, page))
    })
    .await
    .map_err(|error| PageError::new(&viewer, &state, error))?;
    let hits = match searched {
        Ok(hits) => hits,
        Err(SearchError::EmptyQuery) => {
            let errors = [viewer.text("web-evidence-search-empty-query")];
            return Ok(render(&state, &viewer, &typed, None, &errors, StatusCode::BAD_REQUEST));
        }
        Err(SearchError::PermissionDenied) => {
            tracing::info!("evidence search denied by the permission table");
            return Ok(super::forbidden_page(&viewer, &state.identity));
        }
        Err(SearchError::Store(error)) => return Err(PageError::new(&viewer, &state, error.into())),
    };

    let entry = Entry {
        actor: principal.actor(&state.identity.agency),
        action: "evidence.search",
        object_type: Some("case"),
        object_id: Some(&typed.case),
        changes: vec![
            ("query", None, Some(typed.q.clone())),
            ("kind", None, Some(typed.kind.clone())),
            ("sender", None, Some(typed.sender.clone())),
            ("from", None, Some(typed.from.clone())),
            ("to", None, Some(typed.to.clone())),
            ("page", None, Some(typed.page.to_string())),
            ("hits", None, Some(hits.len().to_string())),
        ],
        source: None,
    };
    audit_trail::record(&state, entry).await.map_err(|error| PageError::new(&viewer, &state, error))?;
    tracing::info!(hits = hits.len(), "searched evidence");

    Ok(render(&state, &viewer, &typed, Some(&hits), &[], StatusCode::OK))
}

fn render(
    state: &AppState,
    viewer: &Viewer,
    typed: &SearchForm,
    hits: Option<&[Hit]>,
    errors: &[String],
    status: StatusCode,
) -> Response {
    let title = viewer.text("web-evidence-search-title");
    let offset = state.node_offset();
    let content = html! {
        h1 { (title) }
        (evidence_nav(viewer, &typed.case))
        (error_box(viewer, errors))
        form.filters #evidence-search method="get" action="/evidence/search" {
            label { (viewer.text("web-evidence-search-query")) input type="search" name="q" required value=(typed.q); }
            label { (viewer.text("web-evidence-field-case")) input type="text" name="case" required value=(typed.case); }
            label { (viewer.text("web-evidence-field-kind"))
                select name="kind" {
                    option value="" { (viewer.text("web-evidence-any-kind")) }
                    @for kind in EvidenceKind::ALL {
                        option value=(kind.as_str()) selected[typed.kind == kind.as_str()] { (kind_name(viewer, kind.as_str())) }
                    }
                }
            }
            label { (viewer.text("web-evidence-sender")) input type="text" name="sender" value=(typed.sender); }
            label { (viewer.text("web-evidence-from")) input type="date" name="from" value=(typed.from); }
            label { (viewer.text("web-evidence-to")) input type="date" name="to" value=(typed.to); }
            button type="submit" { (viewer.text("web-evidence-search-submit")) }
        }
        @if let Some(hits) = hits {
            @if hits.is_empty() {
                p #no-hits { (viewer.text_with("web-evidence-no-hits", &[("query", Arg::Text(&typed.q)), ("case", Arg::Text(&typed.case))])) }
            } @else {
                p #hit-count { (viewer.text_with("web-evidence-hit-count", &[("count", Arg::Number(hits.len() as f64))])) }
                table #hits {
                    thead { tr {
                        th { (viewer.text("web-evidence-item")) }
                        th { (viewer.text("web-evidence-line")) }
                        th { (viewer.text("web-evidence-event-time")) }
                        th { (viewer.text("web-evidence-sender")) }
                        th { (viewer.text("web-evidence-text")) }
                    } }
                    tbody {
                        @for hit in hits {
                            tr.hit data-item=(hit.item_id) {
                                td.key { a href=(item_href(&hit.item_id)) { (hit.item_id) } br; small { (kind_name(viewer, &hit.kind)) } }
                                td { (hit.line.map(|line| line.to_string()).unwrap_or_default()) }
                                td { @if let Some(time) = hit.time { (display::instant(time, offset)) } }
                                td { (hit.sender.as_deref().unwrap_or("")) }
                                td.hit-text { (highlighted(&hit.text, &hit.highlights)) }
                            }
                        }
                    }
                }
                p.pages {
                    @if typed.page > 1 { a #previous-page href=(typed.page_href(typed.page - 1)) { (viewer.text("web-evidence-previous")) } " " }
                    @if hits.len() as u32 == PAGE_SIZE { a #next-page href=(typed.page_href(typed.page + 1)) { (viewer.text("web-evidence-next")) } }
                }
            }
        }
    };
    html_response(status, layout::page(viewer, &state.identity, &title, &[], content))
}

/// Renders `text` with each byte range in `<mark>`; maud escapes every part. A range
/// that is not on character boundaries or overlaps an earlier one is left unmarked.
fn highlighted(text: &str, ranges: &[Range<usize>]) -> Markup {
    let mut parts: Vec<(&str, bool)> = Vec::new();
    let mut position = 0;
    for range in ranges {
        let (Some(before), Some(word)) = (text.get(position..range.start), text.get(range.clone())) else {
            continue;
        };
        parts.push((before, false));
        parts.push((word, true));
        position = range.end;
    }
    parts.push((text.get(position..).unwrap_or_default(), false));

    html! {
        @for (part, marked) in parts {
            @if marked { mark { (part) } } @else { (part) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlighted_marks_and_escapes() {
        let text = "<b>我已经转账</b>";
        let start = text.find("转账").unwrap();
        let ranges = vec![Range { start, end: start + "转账".len() }];
        let markup = highlighted(text, &ranges).into_string();
        assert_eq!(markup, "&lt;b&gt;我已经<mark>转账</mark>&lt;/b&gt;");
    }

    #[test]
    fn highlighted_skips_bad_range() {
        let text = "ເງິນ";
        let ranges = vec![Range { start: 1, end: 2 }];
        assert_eq!(highlighted(text, &ranges).into_string(), "ເງິນ");
    }

    #[test]
    fn day_starts_in_node_zone() {
        let laos = FixedOffset::east_opt(7 * 3600).unwrap();
        let start = start_of_day("2026-03-01", laos).unwrap();
        assert_eq!(start.to_rfc3339(), "2026-02-28T17:00:00+00:00");
        assert!(start_of_day("01/03/2026", laos).is_none());
    }
}
