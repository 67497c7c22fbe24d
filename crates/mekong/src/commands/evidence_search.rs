//! `mekong evidence search`: full-text search over the parsed records of one case.
//!
//! Prints each hit with the matched words marked «…», and records an `evidence.search`
//! audit event with the query, the filters and the number of hits, also when nothing
//! matched.

use std::process::ExitCode;

use anyhow::{Result, anyhow};
use chrono::{DateTime, Utc};
use mekong_auth::Action;
use mekong_core::i18n::{Arg, Locale, Messages};
use mekong_evidence::EvidenceKind;
use mekong_evidence::search::{Hit, Page, SearchError, SearchFilters, mark, search};

use crate::Context;
use crate::actor::authorize;
use crate::commands::evidence::audit;
use crate::cli::EvidenceSearchArgs;
use crate::node::DataDir;

/// Runs `evidence search`.
pub fn run(context: &Context, args: &EvidenceSearchArgs) -> Result<ExitCode> {
    let actor = authorize(context, Action::SearchEvidence)?;
    let data = DataDir::open(&context.data_dir, false, context.locale)?;
    let messages = Messages::global();
    let locale = context.locale;

    let filters = filters(args, locale)?;
    let query = args.query.join(" ");
    let page = Page { number: args.page.saturating_sub(1), size: args.page_size };

    let hits = match search(data.store.as_ref(), &actor.user.roles, &query, &filters, page) {
        Ok(hits) => hits,
        Err(SearchError::EmptyQuery) => return Err(anyhow!(messages.get(locale, "evidence-search-empty-query"))),
        Err(SearchError::PermissionDenied) => return Err(anyhow!(messages.get(locale, "evidence-search-denied"))),
        Err(error) => return Err(error.into()),
    };

    audit(
        context,
        data.store.clone(),
        &actor,
        "evidence.search",
        ("case", &args.case_ref),
        &[
            ("query", query.clone()),
            ("kind", args.kind.clone().unwrap_or_default()),
            ("sender", args.sender.clone().unwrap_or_default()),
            ("from", args.from.clone().unwrap_or_default()),
            ("to", args.to.clone().unwrap_or_default()),
            ("hits", hits.len().to_string()),
        ],
    )?;
    tracing::info!(case = %args.case_ref, hits = hits.len(), "searched evidence");

    print_hits(&hits, args, &query, locale);
    Ok(ExitCode::SUCCESS)
}

fn filters(args: &EvidenceSearchArgs, locale: Locale) -> Result<SearchFilters> {
    let messages = Messages::global();

    let kind = args
        .kind
        .as_deref()
        .map(|text| {
            text.parse::<EvidenceKind>().map_err(|_| {
                let kinds: Vec<&str> = EvidenceKind::ALL.iter().map(|kind| kind.as_str()).collect();
                anyhow!(messages.format(
                    locale,
                    "evidence-unknown-kind",
                    &[("kind", Arg::Text(text)), ("kinds", Arg::Text(&kinds.join(", ")))],
                ))
            })
        })
        .transpose()?;

    let time = |value: &Option<String>| -> Result<Option<DateTime<Utc>>> {
        value
            .as_deref()
            .map(|text| {
                DateTime::parse_from_rfc3339(text).map(|time| time.with_timezone(&Utc)).map_err(|_| {
                    anyhow!(messages.format(locale, "evidence-search-invalid-time", &[("value", Arg::Text(text))]))
                })
            })
            .transpose()
    };

    Ok(SearchFilters {
        case_ref: args.case_ref.clone(),
        kind,
        sender: args.sender.clone(),
        from: time(&args.from)?,
        to: time(&args.to)?,
    })
}

fn print_hits(hits: &[Hit], args: &EvidenceSearchArgs, query: &str, locale: Locale) {
    let messages = Messages::global();

    if hits.is_empty() {
        println!(
            "{}",
            messages.format(
                locale,
                "evidence-search-none",
                &[("query", Arg::Text(query)), ("case", Arg::Text(&args.case_ref))],
            )
        );
        return;
    }

    println!(
        "{}",
        messages.format(
            locale,
            "evidence-search-header",
            &[
                ("count", Arg::Number(hits.len() as f64)),
                ("case", Arg::Text(&args.case_ref)),
                ("page", Arg::Number(f64::from(args.page.max(1)))),
            ],
        )
    );
    for hit in hits {
        let time = hit.time.map_or_else(|| "-".to_owned(), |time| time.format("%Y-%m-%d %H:%M:%SZ").to_string());
        let marked = mark(&hit.text, &hit.highlights, "«", "»");
        let mut args = vec![
            ("item", Arg::Text(&hit.item_id)),
            ("time", Arg::Text(&time)),
            ("sender", Arg::Text(hit.sender.as_deref().unwrap_or("-"))),
            ("text", Arg::Text(&marked)),
        ];

        let key = match hit.line {
            Some(line) => {
                args.push(("line", Arg::Number(line as f64)));
                "evidence-search-hit"
            }
            None => "evidence-search-hit-no-line",
        };
        println!("{}", messages.format(locale, key, &args));
    }
}
