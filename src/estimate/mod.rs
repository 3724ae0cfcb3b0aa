//! Estimation: ways to fit the model a [`crate::model::ModelSpec`] describes to a data set's
//! [`crate::model::Features`], each delivering a [`crate::model::FittedModel`].
//!
//! - [`ridge`]: the bounded ridge regression of one candidate's coefficients given its curve
//!   parameters (Robyn's estimator, with sign bounds and its λ mapping);
//! - [`search`]: the multi-objective evolutionary search over curve parameters around it, with
//!   the recommendation rule; its alternatives that fit about as well become the draws.
//!
//! - [`bayes`]: the Bayesian estimator, posterior draws by a collapsed Gibbs sampler over a
//!   grid of curve shapes, with ROI priors; it reads the same features and description and
//!   delivers the same fitted model with posterior draws.

pub mod bayes;
pub mod ridge;
pub mod search;
