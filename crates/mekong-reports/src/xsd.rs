//! The goAML schema as data: content models and simple types read from the goAML
//! 5.0.1 XSD embedded in this crate.
//!
//! Only the XSD features that schema uses are understood: `element`, `sequence`,
//! `choice`, `complexType` (with `complexContent`/`extension`), `simpleType` with a
//! `restriction` and the facets `enumeration`, `minLength`, `maxLength`,
//! `minInclusive`, `maxInclusive`, `fractionDigits` and `pattern`; the schema has no
//! attributes. A pattern is compiled with the `regex` crate, anchored at both ends as XSD
//! patterns are, and a pattern that crate cannot compile is kept without a check.
//!
//! Invariant: every element name inside one content model maps to one declaration, as
//! the XSD rule "Element Declarations Consistent" requires, so a child's type can be
//! found by its name alone.

use std::collections::HashMap;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

/// The goAML 5.0.1 XSD as published by UNODC.
pub const GOAML_XSD: &str = include_str!("../schema/goAMLSchema-5.0.1.xsd");

/// The `goaml:schemaVersion` of [`GOAML_XSD`]: the version every report is validated
/// against, whatever version it declares.
///
/// NOTE: reports declaring 4.0.2, 5.0.2 or any other version are checked against
/// this one schema, because it is the only one embedded. The 5.0.1 XSD itself gives
/// no rule per version. Its optional `schema_version` element is a string of at most
/// 25 characters. Its `goaml:supportedIn` marks (5.0, 5.1, 5.2) do not follow the
/// 4.0.2 to 5.0.2 numbering, so they are not mapped to versions. The declared version
/// is recorded with the report and shown, never used to choose rules.
pub const CHECKED_SCHEMA_VERSION: &str = "5.0.1";

/// Upper bound of `maxOccurs="unbounded"`.
pub const UNBOUNDED: u32 = u32::MAX;

/// The declared type of an element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeRef {
    /// A built-in XSD type such as `xs:string`.
    Builtin(String),
    /// A named complex or simple type, resolved when used.
    Named(String),
    /// An anonymous complex type, by index into [`Schema::complex_types`].
    Complex(usize),
    /// An anonymous simple type, by index into [`Schema::simple_types`].
    Simple(usize),
}

/// One part of a content model.
#[derive(Debug, Clone)]
pub enum Particle {
    /// A child element.
    Element {
        /// The element name.
        name: String,
        /// Its type.
        type_ref: TypeRef,
        /// Minimum occurrences.
        min: u32,
        /// Maximum occurrences, [`UNBOUNDED`] for `unbounded`.
        max: u32,
    },
    /// Children in this order.
    Sequence {
        /// Minimum repetitions.
        min: u32,
        /// Maximum repetitions.
        max: u32,
        /// The parts, in order.
        items: Vec<Particle>,
    },
    /// Exactly one of the parts per repetition.
    Choice {
        /// Minimum repetitions.
        min: u32,
        /// Maximum repetitions.
        max: u32,
        /// The alternatives.
        items: Vec<Particle>,
    },
}

/// A complex type: the content model of its children.
#[derive(Debug, Clone)]
pub struct ComplexType {
    /// The type name, or `None` for an anonymous type.
    pub name: Option<String>,
    /// The children, as one sequence; an extension's own children follow its base's.
    pub content: Particle,
    /// The base type of a `complexContent` extension.
    pub extends: Option<String>,
}

/// A simple type restricting a base type.
#[derive(Debug, Clone, Default)]
pub struct SimpleType {
    /// The type name, or `None` for an anonymous type.
    pub name: Option<String>,
    /// The restricted base type.
    pub base: Option<TypeRef>,
    /// Allowed values; empty means any value of the base type.
    pub enumeration: Vec<String>,
    /// Minimum length in characters.
    pub min_length: Option<usize>,
    /// Maximum length in characters.
    pub max_length: Option<usize>,
    /// Lower bound, kept as text because it may be a date or a number.
    pub min_inclusive: Option<String>,
    /// Upper bound, kept as text because it may be a date or a number.
    pub max_inclusive: Option<String>,
    /// Maximum digits after the decimal point.
    pub fraction_digits: Option<u32>,
    /// The `pattern` facets of this step; a value must match at least one of them.
    pub patterns: Vec<Pattern>,
}

/// A `pattern` facet.
#[derive(Debug, Clone)]
pub struct Pattern {
    /// The pattern as the schema writes it.
    pub source: String,
    /// The compiled pattern, anchored at both ends, or `None` when the `regex` crate
    /// cannot compile it.
    pub regex: Option<regex::Regex>,
}

impl Pattern {
    /// Compiles an XSD pattern, which must match the whole value.
    pub fn new(source: &str) -> Pattern {
        let regex = match regex::Regex::new(&format!("^(?:{source})$")) {
            Ok(regex) => Some(regex),
            Err(error) => {
                tracing::debug!(pattern = source, %error, "goAML pattern facet not compiled, so it is not checked");
                None
            }
        };
        Pattern {
            source: source.to_owned(),
            regex,
        }
    }

    /// Returns whether the value matches, or `None` when the pattern is not checked.
    pub fn matches(&self, value: &str) -> Option<bool> {
        self.regex.as_ref().map(|regex| regex.is_match(value))
    }
}

/// The whole schema.
#[derive(Debug, Clone)]
pub struct Schema {
    /// The root element `report`.
    pub root: Particle,
    /// Every complex type, named and anonymous.
    pub complex_types: Vec<ComplexType>,
    /// Every simple type, named and anonymous.
    pub simple_types: Vec<SimpleType>,
    named_complex: HashMap<String, usize>,
    named_simple: HashMap<String, usize>,
}

/// A resolved element type.
#[derive(Debug, Clone, Copy)]
pub enum Resolved<'a> {
    /// Element content.
    Complex(&'a ComplexType),
    /// Text content of a derived simple type.
    Simple(&'a SimpleType),
    /// Text content of a built-in type such as `xs:int`.
    Builtin(&'a str),
    /// The type name is not defined in the schema.
    Unknown,
}

/// A schema that could not be read.
#[derive(Debug, thiserror::Error)]
pub enum SchemaError {
    /// The XSD is not well-formed XML.
    #[error("the goAML XSD is not well-formed: {0}")]
    Xml(#[from] quick_xml::Error),
    /// The XSD has a structure this reader does not understand.
    #[error("unsupported goAML XSD structure: {0}")]
    Unsupported(String),
}

impl Schema {
    /// Returns the embedded goAML 5.0.1 schema, read once.
    pub fn goaml() -> Result<&'static Schema, &'static SchemaError> {
        static SCHEMA: std::sync::OnceLock<Result<Schema, SchemaError>> =
            std::sync::OnceLock::new();
        SCHEMA.get_or_init(|| Schema::parse(GOAML_XSD)).as_ref()
    }

    /// Reads a schema from XSD text.
    pub fn parse(xsd: &str) -> Result<Schema, SchemaError> {
        let mut builder = Builder::default();
        let mut reader = Reader::from_str(xsd);
        reader.config_mut().trim_text(true);

        let mut root = None;
        loop {
            match reader.read_event()? {
                Event::Start(start) => {
                    let tag = local(&start);
                    if tag == "schema" {
                        continue;
                    }
                    if tag == "element" {
                        root = Some(builder.element(&mut reader, &start, false)?);
                    } else if tag == "complexType" {
                        builder.complex_type(&mut reader, &start)?;
                    } else if tag == "simpleType" {
                        builder.simple_type(&mut reader, &start)?;
                    } else {
                        skip(&mut reader)?;
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }

        let root = root.ok_or_else(|| SchemaError::Unsupported("no root element".to_owned()))?;
        Ok(Schema {
            root,
            complex_types: builder.complex,
            simple_types: builder.simple,
            named_complex: builder.named_complex,
            named_simple: builder.named_simple,
        })
    }

    /// Resolves a type reference.
    pub fn resolve<'a>(&'a self, type_ref: &'a TypeRef) -> Resolved<'a> {
        match type_ref {
            TypeRef::Builtin(name) => Resolved::Builtin(name),
            TypeRef::Complex(index) => self
                .complex_types
                .get(*index)
                .map_or(Resolved::Unknown, Resolved::Complex),
            TypeRef::Simple(index) => self
                .simple_types
                .get(*index)
                .map_or(Resolved::Unknown, Resolved::Simple),
            TypeRef::Named(name) => {
                if let Some(index) = self.named_complex.get(name) {
                    return self
                        .complex_types
                        .get(*index)
                        .map_or(Resolved::Unknown, Resolved::Complex);
                }
                if let Some(index) = self.named_simple.get(name) {
                    return self
                        .simple_types
                        .get(*index)
                        .map_or(Resolved::Unknown, Resolved::Simple);
                }
                Resolved::Unknown
            }
        }
    }

    /// Returns the content model of a complex type, with an extension's base content first.
    pub fn content<'a>(&'a self, complex: &'a ComplexType) -> Vec<&'a Particle> {
        let mut parts = Vec::new();
        if let Some(base) = &complex.extends
            && let Some(index) = self.named_complex.get(base)
            && let Some(base) = self.complex_types.get(*index)
        {
            parts.extend(self.content(base));
        }
        parts.push(&complex.content);
        parts
    }
}

/// Returns the local name of a tag, without the `xs:` prefix.
fn local(start: &BytesStart<'_>) -> String {
    String::from_utf8_lossy(start.local_name().as_ref()).into_owned()
}

fn attribute(start: &BytesStart<'_>, name: &str) -> Result<Option<String>, SchemaError> {
    let attribute = start
        .try_get_attribute(name)
        .map_err(quick_xml::Error::from)?;
    // The goAML XSD's attribute values contain no entity references, so no unescaping is needed.
    Ok(attribute.map(|attribute| String::from_utf8_lossy(&attribute.value).into_owned()))
}

fn occurs(start: &BytesStart<'_>, name: &str) -> Result<u32, SchemaError> {
    match attribute(start, name)?.as_deref() {
        None => Ok(1),
        Some("unbounded") => Ok(UNBOUNDED),
        Some(text) => text
            .parse()
            .map_err(|_| SchemaError::Unsupported(format!("{name}={text:?}"))),
    }
}

fn type_ref(name: &str) -> TypeRef {
    match name.strip_prefix("xs:") {
        Some(builtin) => TypeRef::Builtin(builtin.to_owned()),
        None => TypeRef::Named(name.to_owned()),
    }
}

/// Skips to the end of the element whose start was just read.
fn skip(reader: &mut Reader<&[u8]>) -> Result<(), SchemaError> {
    let mut depth = 1usize;
    while depth > 0 {
        match reader.read_event()? {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth -= 1,
            Event::Eof => {
                return Err(SchemaError::Unsupported(
                    "unexpected end of file".to_owned(),
                ));
            }
            _ => {}
        }
    }
    Ok(())
}

#[derive(Default)]
struct Builder {
    complex: Vec<ComplexType>,
    simple: Vec<SimpleType>,
    named_complex: HashMap<String, usize>,
    named_simple: HashMap<String, usize>,
}

impl Builder {
    /// Reads an `xs:element`. `empty` is true when the tag was self-closing.
    fn element(
        &mut self,
        reader: &mut Reader<&[u8]>,
        start: &BytesStart<'_>,
        empty: bool,
    ) -> Result<Particle, SchemaError> {
        let name = attribute(start, "name")?
            .ok_or_else(|| SchemaError::Unsupported("element without name".into()))?;
        let min = occurs(start, "minOccurs")?;
        let max = occurs(start, "maxOccurs")?;
        let mut type_ref = attribute(start, "type")?.map(|name| type_ref(&name));

        if !empty {
            loop {
                match reader.read_event()? {
                    Event::Start(child) => match local(&child).as_str() {
                        "complexType" => {
                            type_ref = Some(TypeRef::Complex(self.complex_type(reader, &child)?))
                        }
                        "simpleType" => {
                            type_ref = Some(TypeRef::Simple(self.simple_type(reader, &child)?))
                        }
                        _ => skip(reader)?,
                    },
                    Event::End(_) => break,
                    Event::Eof => {
                        return Err(SchemaError::Unsupported("unexpected end of file".into()));
                    }
                    _ => {}
                }
            }
        }

        let type_ref = type_ref.unwrap_or_else(|| TypeRef::Builtin("string".to_owned()));
        Ok(Particle::Element {
            name,
            type_ref,
            min,
            max,
        })
    }

    /// Reads an `xs:sequence` or `xs:choice` whose start was just read.
    fn group(
        &mut self,
        reader: &mut Reader<&[u8]>,
        start: &BytesStart<'_>,
        empty: bool,
    ) -> Result<Particle, SchemaError> {
        let min = occurs(start, "minOccurs")?;
        let max = occurs(start, "maxOccurs")?;
        let is_choice = local(start) == "choice";
        let mut items = Vec::new();

        if !empty {
            loop {
                match reader.read_event()? {
                    Event::Start(child) => items.push(self.particle(reader, &child, false)?),
                    Event::Empty(child) => items.push(self.particle(reader, &child, true)?),
                    Event::End(_) => break,
                    Event::Eof => {
                        return Err(SchemaError::Unsupported("unexpected end of file".into()));
                    }
                    _ => {}
                }
            }
        }
        items.retain(|item| !matches!(item, Particle::Sequence { items, .. } if items.is_empty()));

        Ok(if is_choice {
            Particle::Choice { min, max, items }
        } else {
            Particle::Sequence { min, max, items }
        })
    }

    fn particle(
        &mut self,
        reader: &mut Reader<&[u8]>,
        start: &BytesStart<'_>,
        empty: bool,
    ) -> Result<Particle, SchemaError> {
        match local(start).as_str() {
            "element" => self.element(reader, start, empty),
            "sequence" | "choice" => self.group(reader, start, empty),
            _ => {
                if !empty {
                    skip(reader)?;
                }
                // An annotation: an empty sequence is dropped by the caller.
                Ok(Particle::Sequence {
                    min: 0,
                    max: 1,
                    items: Vec::new(),
                })
            }
        }
    }

    /// Reads an `xs:complexType` and returns its index.
    fn complex_type(
        &mut self,
        reader: &mut Reader<&[u8]>,
        start: &BytesStart<'_>,
    ) -> Result<usize, SchemaError> {
        let name = attribute(start, "name")?;
        let mut content = Particle::Sequence {
            min: 1,
            max: 1,
            items: Vec::new(),
        };
        let mut extends = None;
        let mut depth = 0usize;

        loop {
            match reader.read_event()? {
                Event::Start(child) => match local(&child).as_str() {
                    "sequence" | "choice" => content = self.group(reader, &child, false)?,
                    "complexContent" => depth += 1,
                    "extension" => {
                        extends = attribute(&child, "base")?;
                        depth += 1;
                    }
                    _ => skip(reader)?,
                },
                Event::Empty(child) if local(&child) == "extension" => {
                    extends = attribute(&child, "base")?
                }
                Event::End(_) if depth > 0 => depth -= 1,
                Event::End(_) => break,
                Event::Eof => {
                    return Err(SchemaError::Unsupported("unexpected end of file".into()));
                }
                _ => {}
            }
        }

        let index = self.complex.len();
        if let Some(name) = &name {
            self.named_complex.insert(name.clone(), index);
        }
        self.complex.push(ComplexType {
            name,
            content,
            extends,
        });
        Ok(index)
    }

    /// Reads an `xs:simpleType` and returns its index.
    fn simple_type(
        &mut self,
        reader: &mut Reader<&[u8]>,
        start: &BytesStart<'_>,
    ) -> Result<usize, SchemaError> {
        let mut simple = SimpleType {
            name: attribute(start, "name")?,
            ..SimpleType::default()
        };
        let mut depth = 0usize;

        loop {
            match reader.read_event()? {
                Event::Start(child) if local(&child) == "restriction" => {
                    simple.base = attribute(&child, "base")?.map(|name| type_ref(&name));
                    depth += 1;
                }
                Event::Empty(child) if local(&child) == "restriction" => {
                    simple.base = attribute(&child, "base")?.map(|name| type_ref(&name));
                }
                Event::Empty(facet) => {
                    let value = attribute(&facet, "value")?.unwrap_or_default();
                    let number = |value: &str| {
                        value
                            .parse()
                            .map_err(|_| SchemaError::Unsupported(value.to_owned()))
                    };
                    match local(&facet).as_str() {
                        "enumeration" => simple.enumeration.push(value),
                        "minLength" => simple.min_length = Some(number(&value)?),
                        "maxLength" => simple.max_length = Some(number(&value)?),
                        "minInclusive" => simple.min_inclusive = Some(value),
                        "maxInclusive" => simple.max_inclusive = Some(value),
                        "fractionDigits" => simple.fraction_digits = Some(number(&value)? as u32),
                        // NOTE: the 5.0.1 password pattern uses look-ahead, which the
                        // `regex` crate does not support, so that one is not checked.
                        "pattern" => simple.patterns.push(Pattern::new(&value)),
                        _ => {}
                    }
                }
                Event::Start(_) => skip(reader)?,
                Event::End(_) if depth > 0 => depth -= 1,
                Event::End(_) => break,
                Event::Eof => {
                    return Err(SchemaError::Unsupported("unexpected end of file".into()));
                }
                _ => {}
            }
        }

        let index = self.simple.len();
        if let Some(name) = &simple.name {
            self.named_simple.insert(name.clone(), index);
        }
        self.simple.push(simple);
        Ok(index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn goaml_schema_parses() {
        let schema = Schema::goaml().map_err(|error| error.to_string());
        assert!(schema.is_ok(), "{schema:?}");
    }

    #[test]
    fn checked_version_matches_xsd() {
        let declared = format!("goaml:schemaVersion=\"{CHECKED_SCHEMA_VERSION}\"");
        assert!(
            GOAML_XSD.contains(&declared),
            "{declared} not in the embedded XSD"
        );
    }

    #[test]
    fn currency_enumeration_read() {
        let Ok(schema) = Schema::goaml() else {
            panic!("schema")
        };
        let currency_type = TypeRef::Named("currency_type".into());
        let Resolved::Simple(currency) = schema.resolve(&currency_type) else {
            panic!("currency_type missing")
        };
        assert!(currency.enumeration.iter().any(|code| code == "LAK"));
        assert!(currency.enumeration.iter().any(|code| code == "CNY"));
    }
}
