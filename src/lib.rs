//! MixLens: marketing mix modeling in pure Rust, for the browser (WebAssembly) and the command line.

pub mod data;
pub mod error;
pub mod model;
pub mod precision;
pub mod regression;
pub mod search;
pub mod simulate;
pub mod transform;

pub use error::{Error, Result};
