//! Entry points for the fuzz targets (`fuzz/`, feature `fuzzing`): the request
//! parsers, not part of the public API.

pub use crate::expr::{matches, Expr, Op, Operand, Scope, MAX_EXPRESSION_BYTES, MAX_EXPRESSION_DEPTH};
pub use crate::params::Params;
