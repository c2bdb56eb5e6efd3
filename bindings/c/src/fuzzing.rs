//! For the fuzz targets (`fuzz/`, feature `fuzzing`), which call the C entry points
//! from Rust: the one that lives in a private module. Not part of the API.

pub use crate::ffi::flex_string_free;
