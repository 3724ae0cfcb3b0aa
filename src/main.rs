//! The `mixlens` command line: a thin shell over the library (reads and writes files, keeps
//! time, prints tables). Native only; the WebAssembly build has no command line.

#[cfg(not(target_arch = "wasm32"))]
mod cli;

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    std::process::exit(cli::run());
}

#[cfg(target_arch = "wasm32")]
fn main() {}
