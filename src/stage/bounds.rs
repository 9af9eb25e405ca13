//! Bounds of whole-number fields, each stated once beside the field it bounds: the JSON
//! Schema (`#[schemars(range(...))]`) and validation (`validate::structure::range`) both
//! read the same constant, so an editor and `validate` never disagree.

/// An inclusive range a whole-number field must lie in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bounds {
    /// The least value.
    pub min: u64,
    /// The greatest value.
    pub max: u64,
}

impl Bounds {
    /// `min..=max`.
    pub const fn new(min: u64, max: u64) -> Self {
        Bounds { min, max }
    }

    /// True when `value` lies within.
    pub fn contains(self, value: u64) -> bool {
        (self.min..=self.max).contains(&value)
    }
}
