//! Logical IDs: alphanumeric, at most 255 characters, derived from user names.

use std::fmt;

use super::limits::MAX_LOGICAL_ID;

/// A logical ID made only of ASCII letters and digits.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LogicalId(String);

impl LogicalId {
    /// Build a logical ID from parts: each part is split on non-alphanumeric characters and
    /// its words are capitalised, so `("Queue", "order-events")` becomes `QueueOrderEvents`.
    pub fn new<I, S>(parts: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut out = String::new();
        for part in parts {
            for word in part.as_ref().split(|c: char| !c.is_ascii_alphanumeric()) {
                let mut chars = word.chars();
                if let Some(first) = chars.next() {
                    out.push(first.to_ascii_uppercase());
                    out.extend(chars);
                }
            }
        }
        if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
            out.insert(0, 'R');
        }
        out.truncate(MAX_LOGICAL_ID);
        LogicalId(out)
    }

    /// The ID as a string slice.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for LogicalId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for LogicalId {
    fn from(s: &str) -> Self {
        LogicalId::new([s])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_alphanumeric_pascal_case() {
        assert_eq!(
            LogicalId::new(["Queue", "order-events"]).as_str(),
            "QueueOrderEvents"
        );
        assert_eq!(LogicalId::new(["shard", "0"]).as_str(), "Shard0");
        assert_eq!(LogicalId::new(["us-east-1a"]).as_str(), "UsEast1a");
        assert_eq!(LogicalId::new(["--"]).as_str(), "R");
        assert_eq!(LogicalId::new(["1a"]).as_str(), "R1a");
        assert_eq!(LogicalId::new(["x".repeat(300)]).as_str().len(), 255);
    }
}
