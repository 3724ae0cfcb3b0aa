//! Budget allocation and scenario planning on a fitted model's response curves.

pub mod curve;
pub mod plan;
pub mod solver;

pub use curve::{Response, ResponseCurve};
pub use plan::{
    Bounds, ChannelBounds, ChannelPlan, DefaultTargets, Goal, Plan, PlanRequest, Planner, Scenario,
};
