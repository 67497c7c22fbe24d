//! One module per subcommand.

pub mod audit;
pub mod bench;
pub mod custody;
mod bench_risk;
pub mod evaluate;
pub mod evidence;
pub mod flag;
pub mod freeze;
pub mod generate;
pub mod import;
pub mod init;
pub mod registry;
pub mod rules;
pub mod serve;
pub mod user;
