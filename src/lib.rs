//! MixLens: marketing mix modeling in pure Rust, for the browser (WebAssembly) and the command line.

pub mod data;
pub mod error;

pub use error::{Error, Result};
