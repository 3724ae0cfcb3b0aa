//! Budget allocation and scenario planning on a fitted model's response curves, and on its
//! draws ([`draws`]: the mean response, intervals and probabilities).

pub mod curve;
pub mod draws;
pub mod plan;
pub mod solver;

pub use curve::{MeanCurve, Response, ResponseCurve};
pub use draws::{PlanBasis, PlannerSet};
pub use plan::{
    Bounds, ChannelBounds, ChannelPlan, DefaultTargets, Goal, Plan, PlanBounds, PlanRequest,
    Planner, Scenario,
};
