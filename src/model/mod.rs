//! The model: its description ([`spec`]), its regression design ([`design`]), and what a fitted
//! model reports ([`results`]).

pub mod design;
pub mod options;
pub mod results;
pub mod spec;

pub use design::{BaseGroup, CandidateFit, Design, Scratch};
pub use options::ModelOptions;
pub use results::{ChannelResult, ModelResults};
pub use spec::{BaselineSpec, ControlSpec, HyperParams, MediaSpec, ModelSpec, Range, Sign};
