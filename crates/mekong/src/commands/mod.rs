//! One module per subcommand.

pub mod audit;
pub mod bench;
pub mod evaluate;
pub mod flag;
pub mod generate;
pub mod import;
pub mod init;
pub mod rules;
pub mod serve;
pub mod user;
