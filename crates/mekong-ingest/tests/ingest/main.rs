//! Integration tests of the transaction file readers, the rejects writer and the
//! labels reader, against the small fixtures in `tests/fixtures`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod amlsim;
mod canonical;
mod common;
mod encodings;
mod errors;
mod from_reader;
mod ibm_aml;
mod labels;
mod pacs008;
mod paysim;
mod rejects;
mod robustness;
mod throughput;
