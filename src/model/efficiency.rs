//! How a KPI's efficiency is read: a return per unit of spend (ROI, ROAS) for revenue, or a cost
//! per conversion (CPA) for conversions.
//!
//! Every `roi`/`roas` field of the results, plans and scenarios is KPI per unit of spend and is
//! always present. Its `cpa` twin is the inverse, spend per unit of KPI, computed here and
//! nowhere else: present for conversion KPIs only, and only where the KPI side is positive (a
//! channel without a positive effect has no finite cost per conversion, and JSON has no
//! infinity). [`Efficiency`] names the measure a reader should show; it is written beside the
//! KPI type so a page picks fields by it instead of converting numbers.

use serde::{Deserialize, Serialize};

use crate::data::KpiType;

/// The measure of efficiency of a KPI (serialized `"roi"` or `"cpa"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Efficiency {
    /// KPI per unit of spend (revenue KPIs): the `roi`/`roas` fields.
    #[default]
    Roi,
    /// Spend per unit of KPI (conversion KPIs): the `cpa` fields.
    Cpa,
}

impl Efficiency {
    /// The measure of a KPI type: CPA for conversions, ROI for revenue.
    pub fn of(kpi: KpiType) -> Efficiency {
        match kpi {
            KpiType::Revenue => Efficiency::Roi,
            KpiType::Conversions => Efficiency::Cpa,
        }
    }

    /// The stable name (as in JSON).
    pub fn as_str(self) -> &'static str {
        match self {
            Efficiency::Roi => "roi",
            Efficiency::Cpa => "cpa",
        }
    }

    /// The cost per unit of KPI, `spend / kpi`, under a CPA measure; `None` under an ROI measure
    /// or when `kpi` is not positive. A marginal CPA is `cpa(1, marginal ROI)`.
    pub fn cpa(self, spend: f64, kpi: f64) -> Option<f64> {
        match self {
            Efficiency::Cpa => cost_per(spend, kpi),
            Efficiency::Roi => None,
        }
    }

    /// The CPA range of an ROI range `[low, high]`: `[1 / high, 1 / low]` under a CPA measure,
    /// an end `None` where its ROI is not positive (no finite CPA: the range is open upwards);
    /// `None` under an ROI measure.
    pub fn cpa_range(self, [low, high]: [f64; 2]) -> Option<[Option<f64>; 2]> {
        (self == Efficiency::Cpa).then(|| [cost_per(1.0, high), cost_per(1.0, low)])
    }
}

/// Spend per unit of KPI, `spend / kpi`, when `kpi` is positive (whatever the KPI type: the
/// planner's CPA targets and the simulator's truth use it directly).
pub fn cost_per(spend: f64, kpi: f64) -> Option<f64> {
    (kpi > 0.0).then(|| spend / kpi)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::precision::assert_close;

    #[test]
    fn conversions_are_measured_by_cpa_and_revenue_by_roi() {
        assert_eq!(Efficiency::of(KpiType::Conversions), Efficiency::Cpa);
        assert_eq!(Efficiency::of(KpiType::Revenue), Efficiency::Roi);
        assert_eq!(serde_json::to_string(&Efficiency::Cpa).unwrap(), "\"cpa\"");
        assert_eq!(Efficiency::Roi.as_str(), "roi");
    }

    #[test]
    fn a_cpa_is_spend_over_kpi_and_absent_without_a_positive_kpi() {
        assert_close(Efficiency::Cpa.cpa(300.0, 12.0).unwrap(), 25.0, 1e-15);
        assert_close(Efficiency::Cpa.cpa(1.0, 0.04).unwrap(), 25.0, 1e-12);
        assert_eq!(Efficiency::Cpa.cpa(300.0, 0.0), None);
        assert_eq!(Efficiency::Cpa.cpa(300.0, -2.0), None);
        assert_eq!(Efficiency::Roi.cpa(300.0, 12.0), None);
    }

    #[test]
    fn a_cpa_range_inverts_and_swaps_the_roi_range() {
        let r = Efficiency::Cpa.cpa_range([0.02, 0.05]).unwrap();
        assert_close(r[0].unwrap(), 20.0, 1e-12);
        assert_close(r[1].unwrap(), 50.0, 1e-12);
        // A range reaching an ROI of 0: no upper CPA.
        let open = Efficiency::Cpa.cpa_range([0.0, 0.05]).unwrap();
        assert_close(open[0].unwrap(), 20.0, 1e-12);
        assert_eq!(open[1], None);
        assert_eq!(Efficiency::Roi.cpa_range([0.02, 0.05]), None);
    }
}
