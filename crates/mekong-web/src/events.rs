//! Server-Sent Events at `/events`: new alerts for the open alerts lists.
//!
//! Each `alert` event carries JSON `{"id", "row", "notice"}`: the table row
//! rendered on the server in the viewer's locale, and the localised "N new alerts"
//! notice counted per connection. The query takes the alert filters of the list,
//! so that only matching alerts are sent. A client that falls more than the
//! broadcast buffer behind gets one `lagged` event asking it to reload.
//!
//! Invariant: every stream ends when the server starts to shut down, so graceful
//! shutdown does not wait for open pages.

use std::convert::Infallible;
use std::future;

use axum::extract::{Query, State};
use axum::http::{StatusCode, Uri};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt as _;
use mekong_core::i18n::{Arg, Locale, Messages};
use mekong_core::Alert;
use mekong_store::AlertFilter;
use serde::Serialize;
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::wrappers::errors::BroadcastStreamRecvError;

use crate::locale::Viewer;
use crate::pages::alerts::alert_row;
use crate::query;
use crate::state::AppState;

#[derive(Serialize)]
struct AlertEvent<'a> {
    id: &'a str,
    row: String,
    notice: String,
}

#[derive(Serialize)]
struct LaggedEvent {
    notice: String,
}

/// Streams new alerts to one alerts page.
pub(crate) async fn stream(State(state): State<AppState>, viewer: Viewer, uri: Uri) -> Response {
    let pairs = Query::<Vec<(String, String)>>::try_from_uri(&uri).map(|Query(pairs)| pairs).unwrap_or_default();
    let filter = match query::parse(&pairs, state.node_offset()).filter {
        Ok(filter) => filter,
        Err(errors) => {
            let messages: Vec<String> = errors.iter().map(|error| error.message(viewer.locale)).collect();
            return (StatusCode::BAD_REQUEST, messages.join("\n")).into_response();
        }
    };

    let mut closing = state.closing();
    let closed = async move {
        // An error means the server state is gone, which also ends the stream.
        let _ = closing.wait_for(|closing| *closing).await;
    };

    let locale = viewer.locale;
    let mut delivered: u64 = 0;
    let events = BroadcastStream::new(state.subscribe_alerts())
        .filter_map(move |item| future::ready(to_event(item, &filter, locale, &mut delivered)))
        .map(Ok::<Event, Infallible>)
        .take_until(closed);

    Sse::new(events).keep_alive(KeepAlive::default()).into_response()
}

fn to_event(
    item: Result<Alert, BroadcastStreamRecvError>,
    filter: &AlertFilter,
    locale: Locale,
    delivered: &mut u64,
) -> Option<Event> {
    match item {
        Ok(alert) => {
            if !query::matches(filter, &alert) {
                return None;
            }
            *delivered += 1;
            let data = AlertEvent {
                id: &alert.id,
                row: alert_row(locale, &alert, true).into_string(),
                notice: Messages::global().format(
                    locale,
                    "web-new-alerts",
                    &[("count", Arg::Number(*delivered as f64))],
                ),
            };
            event("alert", &data)
        }
        Err(BroadcastStreamRecvError::Lagged(missed)) => {
            tracing::warn!(missed, "event stream fell behind; alerts skipped");
            let data = LaggedEvent { notice: Messages::global().get(locale, "web-alerts-missed") };
            event("lagged", &data)
        }
    }
}

fn event(name: &str, data: &impl Serialize) -> Option<Event> {
    match Event::default().event(name).json_data(data) {
        Ok(event) => Some(event),
        Err(error) => {
            tracing::error!(%error, "event could not be encoded");
            None
        }
    }
}
