//! Streaming validation of one goAML report with a pull parser.
//!
//! The parser keeps one frame per open element, so memory grows with the depth of the
//! document and with the report's own content (kept as a [`Node`] tree for entity
//! extraction), never with the size of the file beyond that. Every error is collected;
//! a report with any error is rejected as a whole.

use std::collections::HashMap;
use std::io::BufRead;

use quick_xml::Reader;
use quick_xml::events::Event;
use rust_decimal::Decimal;

use crate::content::{ContentError, check_children, declaration};
use crate::error::{Rule, ValidationError};
use crate::report::{Node, Report};
use crate::simple::{builtin_of, check_value};
use crate::xsd::{Particle, Resolved, Schema, TypeRef};

/// Validates one goAML report and returns it, or every error it has.
pub fn validate(xml: &[u8]) -> Result<Report, Vec<ValidationError>> {
    validate_reader(xml)
}

/// Validates one goAML report read from a buffered reader.
pub fn validate_reader<R: BufRead>(input: R) -> Result<Report, Vec<ValidationError>> {
    let schema = Schema::goaml().map_err(|error| {
        vec![ValidationError {
            path: "/".into(),
            value: String::new(),
            rule: Rule::Malformed {
                detail: error.to_string(),
            },
        }]
    })?;

    let mut validator = Validator {
        schema,
        stack: Vec::new(),
        errors: Vec::new(),
        root: None,
    };
    let mut reader = Reader::from_reader(input);
    let mut buffer = Vec::new();

    loop {
        let event = match reader.read_event_into(&mut buffer) {
            Ok(event) => event,
            Err(error) => {
                validator.malformed(error.to_string());
                break;
            }
        };
        match event {
            Event::Start(start) => {
                let name = String::from_utf8_lossy(start.local_name().as_ref()).into_owned();
                validator.open(name);
            }
            Event::Empty(start) => {
                let name = String::from_utf8_lossy(start.local_name().as_ref()).into_owned();
                validator.open(name);
                validator.close();
            }
            Event::End(_) => validator.close(),
            Event::Text(text) => match text.decode() {
                Ok(text) => validator.text(&text),
                Err(error) => validator.malformed(error.to_string()),
            },
            Event::CData(data) => validator.text(&String::from_utf8_lossy(&data)),
            Event::GeneralRef(reference) => match resolve_reference(&reference) {
                Some(text) => validator.text(&text),
                None => validator.malformed(format!(
                    "unknown entity &{};",
                    String::from_utf8_lossy(&reference)
                )),
            },
            Event::Eof => break,
            _ => {}
        }
        buffer.clear();
    }

    if !validator.stack.is_empty() && validator.errors.is_empty() {
        validator.malformed("unexpected end of file".to_owned());
    }
    match validator.root {
        Some(root) if validator.errors.is_empty() => Ok(Report::from_node(root)),
        None if validator.errors.is_empty() => Err(vec![ValidationError {
            path: "/".into(),
            value: String::new(),
            rule: Rule::UnexpectedRoot,
        }]),
        _ => Err(validator.errors),
    }
}

fn resolve_reference(reference: &quick_xml::events::BytesRef<'_>) -> Option<String> {
    if let Ok(Some(character)) = reference.resolve_char_ref() {
        return Some(character.to_string());
    }
    let text = match reference.as_ref() {
        b"amp" => "&",
        b"lt" => "<",
        b"gt" => ">",
        b"quot" => "\"",
        b"apos" => "'",
        _ => return None,
    };
    Some(text.to_owned())
}

/// The content model or simple type an open element is checked against.
enum Kind<'s> {
    Complex(Vec<&'s Particle>),
    Text(&'s TypeRef),
    /// An element the schema does not declare here; its content is not checked.
    Unknown,
}

struct Frame<'s> {
    path: String,
    kind: Kind<'s>,
    children: Vec<(String, String)>,
    counts: HashMap<String, usize>,
    node: Node,
}

struct Validator<'s> {
    schema: &'s Schema,
    stack: Vec<Frame<'s>>,
    errors: Vec<ValidationError>,
    root: Option<Node>,
}

impl<'s> Validator<'s> {
    fn malformed(&mut self, detail: String) {
        let path = self
            .stack
            .last()
            .map_or_else(|| "/".to_owned(), |frame| frame.path.clone());
        self.errors.push(ValidationError {
            path,
            value: String::new(),
            rule: Rule::Malformed { detail },
        });
    }

    fn open(&mut self, name: String) {
        let schema = self.schema;
        let (path, type_ref) = match self.stack.last_mut() {
            None => {
                let root = match &schema.root {
                    Particle::Element {
                        name: root,
                        type_ref,
                        ..
                    } if *root == name => Some(type_ref),
                    _ => None,
                };
                if root.is_none() {
                    let path = format!("/{name}");
                    self.errors.push(ValidationError {
                        path,
                        value: String::new(),
                        rule: Rule::UnexpectedRoot,
                    });
                }
                (format!("/{name}"), root)
            }
            Some(parent) => {
                let found = match &parent.kind {
                    Kind::Complex(parts) => parts.iter().find_map(|part| declaration(part, &name)),
                    _ => None,
                };
                let count = parent.counts.entry(name.clone()).or_insert(0);
                *count += 1;
                let repeats = found.is_some_and(|(_, repeats)| repeats);
                let path = if repeats || *count > 1 {
                    format!("{}/{name}[{count}]", parent.path)
                } else {
                    format!("{}/{name}", parent.path)
                };
                parent.children.push((name.clone(), path.clone()));

                // A text-only element has no content model to report the child against.
                if matches!(parent.kind, Kind::Text(_)) {
                    let error = ValidationError {
                        path: path.clone(),
                        value: String::new(),
                        rule: Rule::UnknownElement,
                    };
                    self.errors.push(error);
                }
                (path, found.map(|(type_ref, _)| type_ref))
            }
        };

        let (kind, type_name) = match type_ref {
            None => (Kind::Unknown, None),
            Some(type_ref) => {
                let type_name = match type_ref {
                    TypeRef::Named(name) => Some(name.clone()),
                    _ => None,
                };
                match schema.resolve(type_ref) {
                    Resolved::Complex(complex) => {
                        (Kind::Complex(schema.content(complex)), type_name)
                    }
                    Resolved::Unknown => (Kind::Unknown, type_name),
                    _ => (Kind::Text(type_ref), type_name),
                }
            }
        };

        let node = Node {
            name,
            type_name,
            text: String::new(),
            children: Vec::new(),
        };
        self.stack.push(Frame {
            path,
            kind,
            children: Vec::new(),
            counts: HashMap::new(),
            node,
        });
    }

    fn text(&mut self, text: &str) {
        if let Some(frame) = self.stack.last_mut() {
            frame.node.text.push_str(text);
        }
    }

    fn close(&mut self) {
        let Some(frame) = self.stack.pop() else {
            return;
        };

        match &frame.kind {
            Kind::Complex(parts) => self.check_structure(&frame, parts),
            Kind::Text(type_ref) => self.check_text(&frame, type_ref),
            Kind::Unknown => {}
        }

        let mut node = frame.node;
        if matches!(frame.kind, Kind::Complex(_)) {
            node.text.clear();
        }
        match self.stack.last_mut() {
            Some(parent) if !matches!(parent.kind, Kind::Unknown) => {
                parent.node.children.push(node)
            }
            Some(_) => {}
            None => self.root = Some(node),
        }
    }

    fn check_structure(&mut self, frame: &Frame<'s>, parts: &[&Particle]) {
        let names: Vec<&str> = frame
            .children
            .iter()
            .map(|(name, _)| name.as_str())
            .collect();
        for error in check_children(parts, &names) {
            let (path, rule) = match error {
                ContentError::Missing(name) => {
                    (format!("{}/{name}", frame.path), Rule::MissingElement)
                }
                ContentError::Misplaced(index) => {
                    (frame.children[index].1.clone(), Rule::ElementOrder)
                }
                ContentError::TooMany(index) => {
                    (frame.children[index].1.clone(), Rule::TooManyElements)
                }
                ContentError::Unknown(index) => {
                    (frame.children[index].1.clone(), Rule::UnknownElement)
                }
            };
            self.errors.push(ValidationError {
                path,
                value: String::new(),
                rule,
            });
        }
    }

    fn check_text(&mut self, frame: &Frame<'s>, type_ref: &TypeRef) {
        let value = &frame.node.text;
        if let Some(rule) = check_value(self.schema, type_ref, value) {
            self.errors.push(ValidationError {
                path: frame.path.clone(),
                value: value.clone(),
                rule,
            });
            return;
        }

        // Mekong Bridge policy, stricter than the XSD's sql_decimal: amounts are never negative.
        let numeric = matches!(builtin_of(self.schema, type_ref), Some("decimal" | "int"));
        let negative = value
            .trim()
            .parse::<Decimal>()
            .is_ok_and(|amount| amount.is_sign_negative() && !amount.is_zero());
        if numeric && frame.node.name.contains("amount") && negative {
            self.errors.push(ValidationError {
                path: frame.path.clone(),
                value: value.clone(),
                rule: Rule::NegativeAmount,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrong_root_rejected() {
        let errors = validate(b"<transaction/>").err().unwrap_or_default();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].path, "/transaction");
        assert_eq!(errors[0].rule, Rule::UnexpectedRoot);
    }

    #[test]
    fn unclosed_element_malformed() {
        let errors = validate(b"<report><rentity_id>1</rentity_id>")
            .err()
            .unwrap_or_default();
        assert_eq!(errors.len(), 1);
        assert!(
            matches!(errors[0].rule, Rule::Malformed { .. }),
            "{errors:?}"
        );
    }

    #[test]
    fn child_of_text_element_rejected() {
        let xml = b"<report><rentity_id>1<inner/></rentity_id></report>";
        let errors = validate(xml).err().unwrap_or_default();
        assert!(
            errors
                .iter()
                .any(|error| error.path == "/report/rentity_id/inner"
                    && error.rule == Rule::UnknownElement)
        );
    }

    #[test]
    fn unknown_element_named() {
        let xml = b"<report><rentity_id>1</rentity_id><bogus>x</bogus></report>";
        let errors = validate(xml).err().unwrap_or_default();
        assert!(
            errors
                .iter()
                .any(|error| error.path == "/report/bogus" && error.rule == Rule::UnknownElement)
        );
    }
}
