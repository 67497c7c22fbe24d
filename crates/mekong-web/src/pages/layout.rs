//! The frame of every page: document head, top bar with the node's identity,
//! navigation and the language switch.
//!
//! Invariants: `<html lang>` is the viewer's locale; the page loads only the node's
//! own stylesheet and scripts, and scripts only by `src`, as the Content-Security-Policy requires.
//! Links (navigation, the brand's link) and the sign-out forms appear only once
//! sign-in is complete, so the sign-in and second-factor pages show none.

use maud::{DOCTYPE, Markup, html};
use mekong_auth::Action;
use mekong_core::NodeIdentity;
use mekong_store::auth::SessionStage;
use mekong_core::i18n::{Arg, Locale};

use crate::locale::Viewer;

/// Renders a whole page around its main content.
pub(crate) fn page(viewer: &Viewer, identity: &NodeIdentity, title: &str, scripts: &[&str], content: Markup) -> Markup {
    let app_name = viewer.text("app-name");
    let signed_in = viewer.session.as_ref().filter(|session| session.stage == SessionStage::Complete);
    html! {
        (DOCTYPE)
        html lang=(viewer.locale.tag()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · " (app_name) }
                link rel="stylesheet" href="/static/style.css";
                link rel="icon" type="image/svg+xml" href="/static/favicon.svg";
                @for script in scripts {
                    script src=(script) defer {}
                }
            }
            body {
                header.top {
                    @if signed_in.is_some() { a.brand href="/alerts" { (app_name) } } @else { span.brand { (app_name) } }
                    @if signed_in.is_some() { nav aria-label=(viewer.text("web-nav-label")) {
                        @if viewer.may(Action::ReadAlerts) {
                            a href="/alerts" { (viewer.text("web-nav-alerts")) }
                        }
                        @if viewer.may(Action::ReadFreezes) {
                            a href="/freezes" { (viewer.text("web-nav-freezes")) }
                        }
                        @if viewer.may(Action::ReadRegistry) {
                            a href="/registry" { (viewer.text("web-nav-registry")) }
                        }
                        @if viewer.may(Action::ReadReports) {
                            a href="/reports" { (viewer.text("web-nav-reports")) }
                        }
                        @if viewer.may(Action::ReadEvidence) {
                            a href="/evidence" { (viewer.text("web-nav-evidence")) }
                        }
                        @if viewer.may(Action::ManageUsers) {
                            a href="/admin/users" { (viewer.text("auth-nav-users")) }
                        }
                        @if viewer.may(Action::ManageTokens) {
                            a href="/admin/tokens" { (viewer.text("auth-nav-tokens")) }
                        }
                        @if viewer.may(Action::ReadAudit) {
                            a href="/audit" { (viewer.text("auth-nav-audit")) }
                        }
                    } }
                    span.node {
                        (viewer.text_with("web-node-identity", &[
                            ("node", Arg::Text(identity.node_id.as_str())),
                            ("agency", Arg::Text(&identity.agency)),
                            ("country", Arg::Text(identity.country.as_str())),
                        ]))
                    }
                    @if let Some(session) = signed_in {
                        span.user #signed-in-user { (session.user.username) }
                        form.signout method="post" action="/signout" {
                            (viewer.csrf_field())
                            button type="submit" #signout { (viewer.text("auth-signout")) }
                        }
                        form.signout method="post" action="/signout/everywhere" {
                            (viewer.csrf_field())
                            button type="submit" #signout-everywhere { (viewer.text("auth-signout-everywhere")) }
                        }
                    }
                    nav.langs aria-label=(viewer.text("web-language-switch")) {
                        @for locale in Locale::ALL {
                            a href=(viewer.switch_href(locale)) lang=(locale.tag()) hreflang=(locale.tag())
                                aria-current=[(locale == viewer.locale).then_some("true")] {
                                (locale.native_name())
                            }
                        }
                    }
                }
                main { (content) }
            }
        }
    }
}
