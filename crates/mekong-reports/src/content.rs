//! Checks the order and number of an element's children against its XSD content model.
//!
//! The goAML content models are deterministic (XSD "Unique Particle Attribution"), so a
//! greedy walk decides membership. To list every misplaced child, not only the first,
//! a child that does not fit is reported and removed, and the walk restarts. A required
//! element reported as misplaced is not also reported as missing.

use std::collections::HashSet;

use crate::xsd::{Particle, TypeRef};

/// A structural error among an element's children.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContentError {
    /// A required element, or one of a choice of elements joined by `|`, is absent.
    Missing(String),
    /// The child at this index is allowed in the parent but not here.
    Misplaced(usize),
    /// The child at this index repeats an element beyond its maximum.
    TooMany(usize),
    /// The child at this index is not allowed in the parent at all.
    Unknown(usize),
}

/// Checks the children's names, in document order, against the content model parts.
pub fn check_children(parts: &[&Particle], names: &[&str]) -> Vec<ContentError> {
    let mut active: Vec<usize> = (0..names.len()).collect();
    let mut removed_names: HashSet<&str> = HashSet::new();
    let mut errors = Vec::new();

    loop {
        let current: Vec<&str> = active.iter().map(|index| names[*index]).collect();
        let mut walk = Walk {
            names: &current,
            pos: 0,
            missing: Vec::new(),
        };
        for part in parts {
            walk.particle(part, true);
        }

        if walk.pos >= current.len() {
            for missing in walk.missing {
                let reported = missing.split('|').any(|name| removed_names.contains(name));
                if !reported {
                    errors.push(ContentError::Missing(missing));
                }
            }
            break;
        }

        let index = active[walk.pos];
        let name = names[index];
        let known = parts.iter().any(|part| declaration(part, name).is_some());
        let repeated = walk.pos > 0 && current[walk.pos - 1] == name;
        errors.push(match (known, repeated) {
            (false, _) => ContentError::Unknown(index),
            (true, true) => ContentError::TooMany(index),
            (true, false) => ContentError::Misplaced(index),
        });
        removed_names.insert(name);
        active.remove(walk.pos);
    }

    errors.sort_by_key(|error| match error {
        ContentError::Misplaced(index)
        | ContentError::TooMany(index)
        | ContentError::Unknown(index) => *index,
        ContentError::Missing(_) => usize::MAX,
    });
    errors
}

/// Finds the declaration of a child element by name: its type and whether it may repeat.
pub fn declaration<'a>(particle: &'a Particle, name: &str) -> Option<(&'a TypeRef, bool)> {
    match particle {
        Particle::Element {
            name: declared,
            type_ref,
            max,
            ..
        } => (declared == name).then_some((type_ref, *max > 1)),
        Particle::Sequence { items, max, .. } | Particle::Choice { items, max, .. } => items
            .iter()
            .find_map(|item| declaration(item, name))
            .map(|(type_ref, repeats)| (type_ref, repeats || *max > 1)),
    }
}

fn first<'a>(particle: &'a Particle, out: &mut Vec<&'a str>) {
    match particle {
        Particle::Element { name, .. } => out.push(name),
        Particle::Choice { items, .. } => items.iter().for_each(|item| first(item, out)),
        Particle::Sequence { items, .. } => {
            for item in items {
                first(item, out);
                if !nullable(item) {
                    break;
                }
            }
        }
    }
}

fn nullable(particle: &Particle) -> bool {
    match particle {
        Particle::Element { min, .. } => *min == 0,
        Particle::Sequence { min, items, .. } => *min == 0 || items.iter().all(nullable),
        Particle::Choice { min, items, .. } => *min == 0 || items.iter().any(nullable),
    }
}

struct Walk<'n> {
    names: &'n [&'n str],
    pos: usize,
    missing: Vec<String>,
}

impl Walk<'_> {
    fn next_in(&self, particle: &Particle) -> bool {
        let Some(next) = self.names.get(self.pos) else {
            return false;
        };
        let mut names = Vec::new();
        first(particle, &mut names);
        names.contains(next)
    }

    fn particle(&mut self, particle: &Particle, report: bool) {
        match particle {
            Particle::Element { name, min, max, .. } => {
                let mut count = 0;
                while count < *max && self.names.get(self.pos) == Some(&name.as_str()) {
                    self.pos += 1;
                    count += 1;
                }
                if count < *min && report {
                    self.missing.push(name.clone());
                }
            }
            Particle::Sequence { min, max, items } => {
                let mut repetitions = 0;
                while repetitions < *max {
                    let required = repetitions < *min && !nullable(particle);
                    if !required && !self.next_in(particle) {
                        break;
                    }
                    let before = self.pos;
                    for item in items {
                        self.particle(item, report);
                    }
                    repetitions += 1;
                    if self.pos == before {
                        break;
                    }
                }
            }
            Particle::Choice { min, max, items } => {
                let mut repetitions = 0;
                while repetitions < *max {
                    let Some(item) = items.iter().find(|item| self.next_in(item)) else {
                        if repetitions < *min && report && !nullable(particle) {
                            let mut names = Vec::new();
                            first(particle, &mut names);
                            self.missing.push(names.join("|"));
                        }
                        break;
                    };
                    let before = self.pos;
                    self.particle(item, report);
                    repetitions += 1;
                    if self.pos == before {
                        break;
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn element(name: &str, min: u32) -> Particle {
        Particle::Element {
            name: name.into(),
            type_ref: TypeRef::Builtin("string".into()),
            min,
            max: 1,
        }
    }

    fn sequence(items: Vec<Particle>) -> Particle {
        Particle::Sequence {
            min: 1,
            max: 1,
            items,
        }
    }

    #[test]
    fn swapped_pair_reported_once() {
        let model = sequence(vec![
            element("a", 1),
            element("b", 1),
            element("c", 1),
            element("d", 1),
        ]);
        let errors = check_children(&[&model], &["a", "c", "b", "d"]);
        assert_eq!(errors, vec![ContentError::Misplaced(2)]);
    }

    #[test]
    fn missing_and_unknown_listed() {
        let model = sequence(vec![element("a", 1), element("b", 1), element("c", 0)]);
        let errors = check_children(&[&model], &["a", "x"]);
        assert_eq!(
            errors,
            vec![ContentError::Unknown(1), ContentError::Missing("b".into())]
        );
    }

    #[test]
    fn duplicate_single_element_too_many() {
        let model = sequence(vec![element("a", 1), element("b", 1)]);
        assert_eq!(
            check_children(&[&model], &["a", "a", "b"]),
            vec![ContentError::TooMany(1)]
        );
    }
}
