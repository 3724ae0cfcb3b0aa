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

/// The mean of several curves of one channel: with one curve per posterior draw, the posterior
/// mean response `r̄(x) = (1/n) Σ_d r_d(x)`, whose best split of a budget is the Bayes decision
/// (it maximizes the expected total response).
///
/// Value and marginal are the means of the components'. Beyond the largest component
/// inflection every component is concave, so the mean is too: that is its [`Response::inflection`]
/// (a bound, not always the exact point where the mean turns concave, which is all the allocator
/// needs).
#[derive(Debug, Clone, PartialEq)]
pub struct MeanCurve<R = ResponseCurve> {
    components: Vec<R>,
}

impl<R: Response> MeanCurve<R> {
    /// The mean of `components`; `None` without any.
    pub fn new(components: Vec<R>) -> Option<MeanCurve<R>> {
        (!components.is_empty()).then_some(MeanCurve { components })
    }

    /// The curves averaged (at least one).
    pub fn components(&self) -> &[R] {
        &self.components
    }
}

impl<R: Response> Response for MeanCurve<R> {
    fn value(&self, x: f64) -> f64 {
        self.components.iter().map(|c| c.value(x)).sum::<f64>() / self.components.len() as f64
    }
    fn marginal(&self, x: f64) -> f64 {
        self.components.iter().map(|c| c.marginal(x)).sum::<f64>() / self.components.len() as f64
    }
    fn inflection(&self) -> f64 {
        self.components
            .iter()
            .map(Response::inflection)
            .fold(0.0, f64::max)
    }
}

#[cfg(test)]
// Exact comparisons are intended: zero is exact by construction.
#[allow(clippy::float_cmp)]
mod tests {
    use super::*;
    use crate::precision::assert_close;
    use crate::transform::{Adstock, ChannelTransform, Saturation};

    /// `β · x² / (x² + I²)` with no carryover (Hill α = 2, inflexion I in spend units).
    fn hill2(coefficient: f64, inflexion: f64) -> ResponseCurve {
        let t = ChannelTransform {
            adstock: Adstock::geometric(0.0).unwrap(),
            saturation: Saturation::hill(2.0, 0.5, 2.0 * inflexion).unwrap(),
            series_len: 10,
        };
        ResponseCurve::new(coefficient, 1.0, t)
    }

    #[test]
    fn the_components_are_the_curves_by_hand() {
        // Hill(α = 2, γ = 0.5) of a series with max 2I has its inflexion at I.
        assert_close(hill2(100.0, 10.0).value(10.0), 50.0, 1e-12);
        assert_close(hill2(100.0, 10.0).value(20.0), 80.0, 1e-12);
    }

    #[test]
    fn value_and_marginal_are_the_means_by_hand() {
        let m = MeanCurve::new(vec![hill2(100.0, 10.0), hill2(300.0, 20.0)]).unwrap();
        // At x = 10: 100 · 1/2 = 50 and 300 · 100/500 = 60 -> 55.
        assert_close(m.value(10.0), 55.0, 1e-12);
        // At x = 20: 100 · 400/500 = 80 and 300 · 1/2 = 150 -> 115.
        assert_close(m.value(20.0), 115.0, 1e-12);
        // Slope of β x²/(x² + I²) is 2 β x I² / (x² + I²)²:
        // at 10: 2·100·10·100/200² = 5 and 2·300·10·400/500² = 9.6 -> 7.3.
        assert_close(m.marginal(10.0), 7.3, 1e-12);
        assert_eq!(m.value(0.0), 0.0);
    }

    #[test]
    fn inflection_is_the_largest_components() {
        // α = 2: inflection at I · (1/3)^{1/2}.
        let (a, b) = (hill2(100.0, 10.0), hill2(300.0, 20.0));
        let m = MeanCurve::new(vec![a, b]).unwrap();
        assert_close(m.inflection(), 20.0 / 3f64.sqrt(), 1e-12);
        assert_close(m.inflection(), a.inflection().max(b.inflection()), 1e-15);
        // Beyond it the mean is concave.
        let second = |x: f64| (m.marginal(x + 1e-3) - m.marginal(x - 1e-3)) / 2e-3;
        for x in [12.0, 15.0, 30.0, 60.0] {
            assert!(second(x) < 0.0, "x = {x}: {}", second(x));
        }
    }

    #[test]
    fn a_mean_of_nothing_is_refused() {
        assert!(MeanCurve::<ResponseCurve>::new(vec![]).is_none());
    }
}
