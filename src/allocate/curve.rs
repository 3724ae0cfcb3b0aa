//! What the allocator needs of a channel's response curve.

pub use crate::model::response::ResponseCurve;

/// What the allocator needs of a channel's response: its value and slope at a spend, and where
/// it stops being convex (below that point a local maximum of `r(x) − μx` cannot lie). The
/// seam for planning on other curves later (for example averages over posterior draws).
pub trait Response {
    /// KPI per period at spend `x` per period.
    fn value(&self, x: f64) -> f64;
    /// Slope dr/dx at `x` (finite).
    fn marginal(&self, x: f64) -> f64;
    /// Spend beyond which the curve is concave (0 when concave everywhere).
    fn inflection(&self) -> f64;
}

impl Response for ResponseCurve {
    fn value(&self, x: f64) -> f64 {
        ResponseCurve::value(self, x)
    }
    fn marginal(&self, x: f64) -> f64 {
        ResponseCurve::marginal(self, x)
    }
    fn inflection(&self) -> f64 {
        ResponseCurve::inflection(self)
    }
}
