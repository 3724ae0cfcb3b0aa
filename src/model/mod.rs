//! The model: its description ([`spec`]), the columns it is built on ([`features`]), a fitted
//! model ([`fitted`], what every estimator delivers), its one steady-state response function
//! ([`response`]), what a fitted model reports ([`results`]), and how its efficiency is read
//! ([`efficiency`]: ROI or CPA), and intervals and weighted quantiles from its draws
//! ([`uncertainty`]).

pub mod efficiency;
pub mod features;
pub mod fitted;
pub mod lift;
pub mod options;
pub mod response;
pub mod results;
pub mod spec;
pub mod uncertainty;

pub use efficiency::{Efficiency, cost_per};
pub use features::{BaseColumn, BaseGroup, Features};
pub use fitted::{
    ChannelIdentity, EstimatorKind, FittedModel, MediaParameters, Parameters, channel_index,
};
pub use options::ModelOptions;
pub use response::ResponseCurve;
pub use results::{ChannelResult, ComponentKind, ModelResults};
pub use spec::{BaselineSpec, ControlSpec, HyperParams, MediaSpec, ModelSpec, Range, Sign};
