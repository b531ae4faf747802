//! Problems found in an event file, each with its key path and line.

use std::fmt;

/// A path into the event file, like `deadlines[2].at`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct KeyPath(Vec<Segment>);

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Key(String),
    Index(usize),
}

impl KeyPath {
    pub fn root() -> Self {
        Self::default()
    }

    pub fn key(&self, key: &str) -> Self {
        let mut next = self.clone();
        next.0.push(Segment::Key(key.to_string()));
        next
    }

    pub fn index(&self, i: usize) -> Self {
        let mut next = self.clone();
        next.0.push(Segment::Index(i));
        next
    }

    /// Appends a path written as `a.b[3].c` (as serde_path_to_error prints).
    pub fn dotted(&self, rest: &str) -> Self {
        let mut next = self.clone();
        for part in rest.split('.').filter(|p| !p.is_empty()) {
            let (name, indices) = match part.find('[') {
                Some(i) => (&part[..i], &part[i..]),
                None => (part, ""),
            };
            if !name.is_empty() {
                next.0.push(Segment::Key(name.to_string()));
            }
            for idx in indices.split(['[', ']']).filter(|s| !s.is_empty()) {
                match idx.parse() {
                    Ok(n) => next.0.push(Segment::Index(n)),
                    Err(_) => next.0.push(Segment::Key(idx.to_string())),
                }
            }
        }
        next
    }

    /// The line of the deepest part of this path that the document has.
    fn line_in(&self, doc: &toml_edit::ImDocument<&str>, text: &str) -> Option<usize> {
        let mut best = None;
        walk(Node::Item(doc.as_item()), &self.0, &mut best);
        best.map(|o| super::syntax::line_at(text, o))
    }
}

/// A place in a parsed document: the three shapes toml_edit gives.
#[derive(Clone, Copy)]
enum Node<'a> {
    Item(&'a toml_edit::Item),
    Table(&'a toml_edit::Table),
    Value(&'a toml_edit::Value),
}

/// Follows `segs` as far as the document goes, remembering the last span.
fn walk(node: Node<'_>, segs: &[Segment], best: &mut Option<usize>) {
    let Some((seg, rest)) = segs.split_first() else {
        return;
    };
    let table: Option<&dyn toml_edit::TableLike> = match node {
        Node::Item(i) => i.as_table_like(),
        Node::Table(t) => Some(t),
        Node::Value(v) => v.as_inline_table().map(|t| t as &dyn toml_edit::TableLike),
    };
    match seg {
        Segment::Key(k) => {
            if let Some((key, value)) = table.and_then(|t| t.get_key_value(k)) {
                if let Some(span) = key.span() {
                    *best = Some(span.start);
                }
                walk(Node::Item(value), rest, best);
            }
        }
        Segment::Index(i) => {
            if let Node::Item(item) = node {
                if let Some(t) = item.as_array_of_tables().and_then(|a| a.get(*i)) {
                    if let Some(span) = t.span() {
                        *best = Some(span.start);
                    }
                    return walk(Node::Table(t), rest, best);
                }
            }
            let array = match node {
                Node::Item(item) => item.as_array(),
                Node::Value(v) => v.as_array(),
                Node::Table(_) => None,
            };
            if let Some(v) = array.and_then(|a| a.get(*i)) {
                if let Some(span) = v.span() {
                    *best = Some(span.start);
                }
                walk(Node::Value(v), rest, best);
            }
        }
    }
}

impl fmt::Display for KeyPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("(file)");
        }
        for (i, seg) in self.0.iter().enumerate() {
            match seg {
                Segment::Key(k) if i == 0 => write!(f, "{k}")?,
                Segment::Key(k) => write!(f, ".{k}")?,
                Segment::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigProblem {
    pub path: KeyPath,
    pub line: Option<usize>,
    pub message: String,
}

impl ConfigProblem {
    pub fn new(path: KeyPath, message: String) -> Self {
        Self {
            path,
            line: None,
            message,
        }
    }
}

impl fmt::Display for ConfigProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "line {line}: {}: {}", self.path, self.message),
            None => write!(f, "{}: {}", self.path, self.message),
        }
    }
}

/// Every problem found in one event file.
#[derive(Debug, Clone, Default, thiserror::Error)]
pub struct ConfigProblems(pub Vec<ConfigProblem>);

impl ConfigProblems {
    pub fn new(problems: Vec<ConfigProblem>) -> Self {
        Self(problems)
    }

    pub fn single(p: ConfigProblem) -> Self {
        Self(vec![p])
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Fills in the line of each problem the document can place.
    pub(super) fn locate(&mut self, text: &str) {
        let Ok(doc) = toml_edit::ImDocument::parse(text) else {
            return;
        };
        for p in &mut self.0 {
            if p.line.is_none() {
                p.line = p.path.line_in(&doc, text);
            }
        }
    }
}

impl fmt::Display for ConfigProblems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for p in &self.0 {
            writeln!(f, "{p}")?;
        }
        Ok(())
    }
}
