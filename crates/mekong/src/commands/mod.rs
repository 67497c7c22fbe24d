//! One module per subcommand.

pub mod audit;
pub mod bench;
mod bench_freeze;
pub mod custody;
mod bench_risk;
pub mod bench_trace;
pub mod evaluate;
pub mod evidence;
pub mod evidence_custody;
pub mod evidence_search;
pub mod evidence_export;
pub mod flag;
pub mod freeze;
pub mod ftm;
pub mod generate;
pub mod goaml;
pub mod import;
pub mod init;
pub mod pacs008;
pub mod registry;
pub mod rules;
pub mod serve;
pub mod trace;
pub mod user;
