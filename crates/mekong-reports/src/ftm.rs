//! FtM JSON lines: one entity per line, `{"id":…,"schema":…,"properties":{…}}`, with
//! keys and values sorted so that the same entities always give the same bytes.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, Write};

use mekong_store::reports::EntityRecord;

use crate::ReportsError;
use crate::entity::Entity;

/// Converts a stored entity.
pub fn from_record(record: EntityRecord) -> Entity {
    let properties: BTreeMap<String, BTreeSet<String>> = record
        .properties
        .into_iter()
        .map(|(name, values)| (name, values.into_iter().collect()))
        .collect();
    Entity {
        id: record.id,
        schema: record.schema,
        properties,
    }
}

/// Converts an entity for storage.
pub fn to_record(entity: &Entity) -> EntityRecord {
    let properties = entity
        .properties
        .iter()
        .map(|(name, values)| (name.clone(), values.iter().cloned().collect()))
        .collect();
    EntityRecord {
        id: entity.id.clone(),
        schema: entity.schema.clone(),
        properties,
    }
}

/// Writes entities as JSON lines in the order given.
pub fn write_lines<'a>(
    out: &mut dyn Write,
    entities: impl IntoIterator<Item = &'a Entity>,
) -> Result<(), ReportsError> {
    for entity in entities {
        serde_json::to_writer(&mut *out, entity)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// Reads JSON lines; blank lines are skipped, and a bad line fails with its number.
pub fn read_lines(input: impl BufRead) -> Result<Vec<Entity>, ReportsError> {
    let mut entities = Vec::new();
    for (index, line) in input.lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let entity: Entity =
            serde_json::from_str(&line).map_err(|source| ReportsError::FtmLine {
                line: index + 1,
                source,
            })?;
        if entity.id.trim().is_empty() || entity.schema.trim().is_empty() {
            return Err(ReportsError::FtmMissingId { line: index + 1 });
        }
        entities.push(entity);
    }
    Ok(entities)
}
