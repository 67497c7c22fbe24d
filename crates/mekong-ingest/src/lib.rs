//! Getting transactions into a node: file formats, encoding detection, reject
//! reporting, the synthetic generator, and the pipeline that deduplicates, scores
//! and stores every transaction, whether it comes from a file or the HTTP API.

pub mod encoding;
pub mod formats;
pub mod generate;
pub mod labels;
pub mod pipeline;
pub mod rejects;
