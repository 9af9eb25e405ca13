//! Typed resource property structs.
