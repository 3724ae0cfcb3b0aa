//! MixLens: marketing mix modeling in pure Rust, for the browser (WebAssembly) and the command line.

#![deny(clippy::float_cmp)]
// Numeric loops index several arrays in lockstep; iterator zips would obscure them.
#![allow(clippy::needless_range_loop)]
// `!(x <= limit)` is true for NaN as well as for a large x: the checks of user numbers rely on it.
#![allow(clippy::neg_cmp_op_on_partial_ord)]

pub mod allocate;
pub mod data;
pub mod design;
pub mod error;
pub mod estimate;
pub mod fit;
pub mod model;
pub mod numbers;
pub mod precision;
pub mod regression;
pub mod report;
pub mod simulate;
pub mod transform;
#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use error::{Error, Result};
/// The search estimator, by its former path.
pub use estimate::search;
