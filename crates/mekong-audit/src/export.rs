//! Exporting matching audit records as CSV or JSON Lines, oldest first.
//!
//! The plain [`export`] only reads. [`Auditor::export`] first records an
//! `audit.export` event with the criteria and format, so the export is audited.

use std::io::Write;
use std::str::FromStr;

use mekong_store::StoreError;
use mekong_store::audit::AuditStore;

use crate::{Actor, AuditEntry, AuditError, AuditEvent, AuditQuery, Auditor, FieldChange};

/// The CSV header; `roles` are joined with `;` and `changes` are a JSON array.
const CSV_HEADER: [&str; 13] = [
    "seq",
    "time",
    "user_id",
    "actor",
    "roles",
    "agency",
    "action",
    "object_type",
    "object_id",
    "changes",
    "purpose",
    "source",
    "hash",
];

/// An export file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// Comma-separated values (RFC 4180) with a header row.
    Csv,
    /// One JSON object per line.
    Jsonl,
}

impl ExportFormat {
    /// Returns the file name extension, which is also the format name.
    pub fn as_str(&self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Jsonl => "jsonl",
        }
    }

    /// Returns the HTTP content type.
    pub fn content_type(&self) -> &'static str {
        match self {
            ExportFormat::Csv => "text/csv; charset=utf-8",
            ExportFormat::Jsonl => "application/jsonl; charset=utf-8",
        }
    }
}

impl FromStr for ExportFormat {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "csv" => Ok(ExportFormat::Csv),
            "jsonl" => Ok(ExportFormat::Jsonl),
            other => Err(format!("unknown export format {other:?}: use csv or jsonl")),
        }
    }
}

/// Writes every record matching the query (ignoring its page) to `out`, oldest first,
/// and returns how many were written.
pub fn export(
    store: &dyn AuditStore,
    query: &AuditQuery,
    format: ExportFormat,
    out: &mut dyn Write,
) -> Result<u64, AuditError> {
    let mut sink = match format {
        ExportFormat::Csv => {
            let mut writer = csv::Writer::from_writer(out);
            writer.write_record(CSV_HEADER).map_err(csv_error)?;
            Sink::Csv(Box::new(writer))
        }
        ExportFormat::Jsonl => Sink::Jsonl(out),
    };

    // Errors inside the visitor are carried out through this slot, because the
    // store's visitor can only return a StoreError.
    let mut failure: Option<AuditError> = None;
    let mut count = 0u64;
    let visited = store.for_each_audit_record(&query.filter(), &mut |row| {
        let written = AuditEntry::from_row(row).and_then(|entry| match &mut sink {
            Sink::Csv(writer) => write_csv(writer, &entry),
            Sink::Jsonl(out) => write_jsonl(*out, &entry),
        });
        match written {
            Ok(()) => {
                count += 1;
                Ok(())
            }
            Err(error) => {
                failure = Some(error);
                Err(StoreError::Corrupt { what: "audit export", detail: "stopped".into() })
            }
        }
    });
    if let Some(error) = failure {
        return Err(error);
    }
    visited?;

    match sink {
        Sink::Csv(mut writer) => writer.flush()?,
        Sink::Jsonl(out) => out.flush()?,
    }
    Ok(count)
}

/// The writer of exported records in the chosen format.
enum Sink<'a> {
    Csv(Box<csv::Writer<&'a mut dyn Write>>),
    Jsonl(&'a mut dyn Write),
}

fn csv_error(error: csv::Error) -> AuditError {
    AuditError::Export(std::io::Error::other(error))
}

fn write_csv<W: Write>(writer: &mut csv::Writer<W>, entry: &AuditEntry) -> Result<(), AuditError> {
    let changes = serde_json::to_string(&entry.changes).map_err(|error| AuditError::Export(error.into()))?;
    let seq = entry.seq.to_string();
    let time = entry.time.to_rfc3339();
    let roles = entry.actor.roles.join(";");
    let fields: [&str; 13] = [
        &seq,
        &time,
        entry.actor.user_id.as_deref().unwrap_or(""),
        &entry.actor.name,
        &roles,
        &entry.actor.agency,
        &entry.action,
        entry.object_type.as_deref().unwrap_or(""),
        entry.object_id.as_deref().unwrap_or(""),
        &changes,
        entry.purpose.as_deref().unwrap_or(""),
        entry.source.as_deref().unwrap_or(""),
        &entry.hash,
    ];
    writer.write_record(fields).map_err(csv_error)
}

fn write_jsonl(out: &mut dyn Write, entry: &AuditEntry) -> Result<(), AuditError> {
    serde_json::to_writer(&mut *out, entry).map_err(|error| AuditError::Export(error.into()))?;
    out.write_all(b"\n")?;
    Ok(())
}

impl Auditor {
    /// Records an `audit.export` event by `actor` with the criteria and format, then
    /// exports; returns how many records were written.
    pub fn export(
        &self,
        actor: &Actor,
        query: &AuditQuery,
        format: ExportFormat,
        source: Option<String>,
        out: &mut dyn Write,
    ) -> Result<u64, AuditError> {
        let mut changes = query.as_changes();
        changes.push(FieldChange { field: "format".into(), old: None, new: Some(format.as_str().into()) });

        self.record(AuditEvent {
            actor: actor.clone(),
            action: "audit.export".into(),
            object_type: Some("audit_trail".into()),
            object_id: Some(self.node().as_str().to_owned()),
            changes,
            purpose: None,
            source,
        })?;

        export(self.store().as_ref(), query, format, out)
    }
}
