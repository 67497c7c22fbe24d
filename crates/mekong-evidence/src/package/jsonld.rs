//! The CASE/UCO 1.4 JSON-LD graph of a package.
//!
//! One `uco-observable:File` per distinct content with its hashes on a
//! `uco-observable:ContentDataFacet`, one `case-investigation:ProvenanceRecord` per
//! exhibit, and one `case-investigation:InvestigativeAction` per custody event, all
//! under one `case-investigation:Investigation` named by the case reference. SHA-256
//! uses the UCO `HashNameVocab` value `SHA256`; SM3 (GB/T 32905-2016), which that
//! vocabulary lacks, is the value `SM3` of our own `mekong:HashNameVocab`, whose IRI
//! [`MEKONG_VOCABULARY_IRI`] docs/case-uco.md documents.

use std::collections::BTreeMap;

use chrono::DateTime;
use serde_json::{Value, json};

use super::canonical::{EventRecord, ItemRecord};

/// The IRI of our extension vocabulary, the `mekong:` prefix of the graph.
pub const MEKONG_VOCABULARY_IRI: &str = "urn:mekong-bridge:vocabulary:";

/// The prefix of the graph's own node ids.
const KB_IRI: &str = "urn:mekong-bridge:package:";

fn hash(method_type: &str, method: &str, value: &str) -> Value {
    json!({
        "@type": "uco-types:Hash",
        "uco-types:hashMethod": { "@type": method_type, "@value": method },
        "uco-types:hashValue": { "@type": "xsd:hexBinary", "@value": value },
    })
}

fn file_node(item: &ItemRecord) -> Value {
    json!({
        "@id": format!("kb:file-{}", item.sha256),
        "@type": "uco-observable:File",
        "uco-core:hasFacet": [
            {
                "@type": "uco-observable:FileFacet",
                "uco-observable:fileName": item.file,
                "uco-observable:sizeInBytes": { "@type": "xsd:integer", "@value": item.size.to_string() },
            },
            {
                "@type": "uco-observable:ContentDataFacet",
                "uco-observable:sizeInBytes": { "@type": "xsd:integer", "@value": item.size.to_string() },
                "uco-observable:hash": [
                    hash("uco-vocabulary:HashNameVocab", "SHA256", &item.sha256),
                    hash("mekong:HashNameVocab", "SM3", &item.sm3),
                ],
            },
        ],
    })
}

fn provenance_node(item: &ItemRecord) -> Value {
    let mut node = json!({
        "@id": format!("kb:provenance-{}", item.item_id),
        "@type": "case-investigation:ProvenanceRecord",
        "uco-core:name": item.item_id,
        "uco-core:description": format!("{} ({})", item.file_name, item.kind),
        "uco-core:object": [ { "@id": format!("kb:file-{}", item.sha256) } ],
    });
    if let (Some(exhibit), Some(map)) = (&item.exhibit_number, node.as_object_mut()) {
        map.insert("case-investigation:exhibitNumber".into(), json!(exhibit));
    }
    node
}

fn action_node(event: &EventRecord, sha256_by_item: &BTreeMap<&str, &str>) -> Value {
    let time = DateTime::from_timestamp_micros(event.time_us).map(|time| time.to_rfc3339()).unwrap_or_default();
    let file = sha256_by_item.get(event.item_id.as_str()).map(|sha256| format!("kb:file-{sha256}")).unwrap_or_default();
    json!({
        "@id": format!("kb:action-{}", event.seq),
        "@type": "case-investigation:InvestigativeAction",
        "uco-core:name": event.kind,
        "uco-core:description": event.details,
        "uco-action:startTime": { "@type": "xsd:dateTime", "@value": time },
        "uco-action:endTime": { "@type": "xsd:dateTime", "@value": time },
        "uco-action:performer": { "@id": format!("kb:actor-{}", event.actor) },
        "uco-action:object": [ { "@id": file } ],
        "uco-action:result": [ { "@id": format!("kb:provenance-{}", event.item_id) } ],
        "mekong:custodySeq": { "@type": "xsd:integer", "@value": event.seq.to_string() },
    })
}

/// Builds the graph of a case's items and their custody events.
pub(crate) fn case_graph(case_ref: &str, items: &[ItemRecord], events: &[EventRecord]) -> Value {
    let sha256_by_item: BTreeMap<&str, &str> = items.iter().map(|item| (item.item_id.as_str(), item.sha256.as_str())).collect();

    let mut graph = vec![json!({
        "@id": "kb:investigation",
        "@type": "case-investigation:Investigation",
        "uco-core:name": case_ref,
        "uco-core:object": items.iter().map(|item| json!({ "@id": format!("kb:provenance-{}", item.item_id) })).collect::<Vec<_>>(),
    })];

    let mut files_seen = std::collections::BTreeSet::new();
    for item in items {
        if files_seen.insert(item.sha256.as_str()) {
            graph.push(file_node(item));
        }
        graph.push(provenance_node(item));
    }
    graph.extend(events.iter().map(|event| action_node(event, &sha256_by_item)));

    json!({
        "@context": {
            "kb": KB_IRI,
            "case-investigation": "https://ontology.caseontology.org/case/investigation/",
            "uco-action": "https://ontology.unifiedcyberontology.org/uco/action/",
            "uco-core": "https://ontology.unifiedcyberontology.org/uco/core/",
            "uco-observable": "https://ontology.unifiedcyberontology.org/uco/observable/",
            "uco-types": "https://ontology.unifiedcyberontology.org/uco/types/",
            "uco-vocabulary": "https://ontology.unifiedcyberontology.org/uco/vocabulary/",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
            "mekong": MEKONG_VOCABULARY_IRI,
        },
        "@graph": graph,
    })
}
