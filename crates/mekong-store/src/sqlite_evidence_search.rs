//! The SQLite implementation of [`EvidenceSearchStore`], on an FTS5 table.
//!
//! Each query word becomes a quoted FTS5 string, so words are matched literally and
//! FTS5 operators in user input (`OR`, `NEAR`, `*`, `:`) have no effect.

use rusqlite::{Row, params};

use crate::evidence_search::{EvidenceSearchStore, NewParsedRecord, ParsedRecordRow, RecordQuery};
use crate::{SqliteStore, StoreError};

const ROW_COLUMNS: &str = "r.id, r.item_id, r.case_ref, r.kind, r.ordinal, r.record_kind, r.line, r.sender, r.time_us, \
     r.text, r.json, f.tokens";

fn record_from_row(row: &Row<'_>) -> Result<ParsedRecordRow, StoreError> {
    Ok(ParsedRecordRow {
        id: row.get(0)?,
        item_id: row.get(1)?,
        case_ref: row.get(2)?,
        kind: row.get(3)?,
        record: NewParsedRecord {
            ordinal: row.get(4)?,
            record_kind: row.get(5)?,
            line: row.get(6)?,
            sender: row.get(7)?,
            time_us: row.get(8)?,
            text: row.get(9)?,
            json: row.get(10)?,
            tokens: row.get(11)?,
        },
    })
}

/// Builds an FTS5 query that requires every word, each as a quoted string.
fn match_expression(words: &[String]) -> String {
    let quoted: Vec<String> = words.iter().map(|word| format!("\"{}\"", word.replace('"', "\"\""))).collect();
    quoted.join(" AND ")
}

impl EvidenceSearchStore for SqliteStore {
    fn replace_parsed_records(&self, item_id: &str, records: &[NewParsedRecord]) -> Result<(), StoreError> {
        let mut connection = self.write();
        let transaction = connection.transaction()?;

        let (case_ref, kind): (String, String) = transaction.query_row(
            "SELECT case_ref, kind FROM evidence_items WHERE id = ?1",
            [item_id],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )?;

        transaction.execute(
            "DELETE FROM evidence_records_fts WHERE rowid IN (SELECT id FROM evidence_records WHERE item_id = ?1)",
            [item_id],
        )?;
        transaction.execute("DELETE FROM evidence_records WHERE item_id = ?1", [item_id])?;

        {
            let mut insert_record = transaction.prepare(
                "INSERT INTO evidence_records (item_id, ordinal, case_ref, kind, record_kind, line, sender, time_us, text, json) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?;
            let mut insert_tokens = transaction.prepare("INSERT INTO evidence_records_fts (rowid, tokens) VALUES (?1, ?2)")?;

            for record in records {
                insert_record.execute(params![
                    item_id,
                    record.ordinal,
                    case_ref,
                    kind,
                    record.record_kind,
                    record.line,
                    record.sender,
                    record.time_us,
                    record.text,
                    record.json,
                ])?;
                let id = transaction.last_insert_rowid();
                insert_tokens.execute(params![id, record.tokens])?;
            }
        }

        transaction.commit()?;
        Ok(())
    }

    fn parsed_records(&self, item_id: &str) -> Result<Vec<ParsedRecordRow>, StoreError> {
        self.read(|connection| {
            let sql = format!(
                "SELECT {ROW_COLUMNS} FROM evidence_records r JOIN evidence_records_fts f ON f.rowid = r.id \
                 WHERE r.item_id = ?1 ORDER BY r.ordinal"
            );
            let mut statement = connection.prepare(&sql)?;
            let mut rows = statement.query([item_id])?;

            let mut records = Vec::new();
            while let Some(row) = rows.next()? {
                records.push(record_from_row(row)?);
            }
            Ok(records)
        })
    }

    fn search_records(&self, query: &RecordQuery) -> Result<Vec<ParsedRecordRow>, StoreError> {
        if query.words.is_empty() {
            return Ok(Vec::new());
        }

        self.read(|connection| {
            // NOTE: SQLite's lower() folds ASCII letters only, so the sender filter is
            // case-insensitive for Latin names without accents and exact otherwise.
            let sql = format!(
                "SELECT {ROW_COLUMNS} FROM evidence_records_fts f JOIN evidence_records r ON r.id = f.rowid \
                 WHERE evidence_records_fts MATCH ?1 AND r.case_ref = ?2 \
                 AND (?3 IS NULL OR r.kind = ?3) \
                 AND (?4 IS NULL OR instr(lower(r.sender), lower(?4)) > 0) \
                 AND (?5 IS NULL OR r.time_us >= ?5) \
                 AND (?6 IS NULL OR r.time_us < ?6) \
                 ORDER BY r.time_us IS NULL, r.time_us, r.id LIMIT ?7 OFFSET ?8"
            );
            let mut statement = connection.prepare(&sql)?;
            let mut rows = statement.query(params![
                match_expression(&query.words),
                query.case_ref,
                query.kind,
                query.sender,
                query.from_us,
                query.to_us,
                query.limit,
                query.offset,
            ])?;

            let mut records = Vec::new();
            while let Some(row) = rows.next()? {
                records.push(record_from_row(row)?);
            }
            Ok(records)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::match_expression;

    #[test]
    fn match_expression_quotes_words() {
        let words = vec!["a\"b".to_owned(), "or".to_owned()];
        assert_eq!(match_expression(&words), "\"a\"\"b\" AND \"or\"");
    }
}
