//! CSV exports (channel results, decomposition, plans), all through one number formatter.

use crate::allocate::Plan;
use crate::transform::{Adstock, Saturation};

use super::ModelReport;

/// Numbers in CSV exports: full precision to 1e-9, no exponent surprises for spreadsheet users,
/// empty for a number that is not finite.
pub fn num(v: f64) -> String {
    if v.is_finite() {
        format!("{}", (v * 1e9).round() / 1e9)
    } else {
        String::new()
    }
}

fn describe_adstock(a: &Adstock) -> String {
    match *a {
        Adstock::Geometric { theta } => format!("geometric theta={}", num(theta)),
        Adstock::WeibullCdf { shape, scale } => {
            format!("weibull_cdf shape={} scale={}", num(shape), num(scale))
        }
        Adstock::WeibullPdf { shape, scale } => {
            format!("weibull_pdf shape={} scale={}", num(shape), num(scale))
        }
    }
}

fn describe_saturation(s: &Saturation) -> String {
    match *s {
        Saturation::Hill {
            alpha,
            gamma,
            inflexion,
        } => format!(
            "hill alpha={} gamma={} inflexion={}",
            num(alpha),
            num(gamma),
            num(inflexion)
        ),
        Saturation::Logistic { lambda, reference } => format!(
            "logistic lambda={} reference={}",
            num(lambda),
            num(reference)
        ),
    }
}

/// Rows to CSV text (the writer only fails on I/O, and this writes to memory).
fn to_csv<I, R>(rows: I) -> String
where
    I: IntoIterator<Item = R>,
    R: IntoIterator,
    R::Item: AsRef<[u8]>,
{
    let mut w = csv::Writer::from_writer(Vec::new());
    for r in rows {
        let _ = w.write_record(r);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

impl ModelReport {
    /// One row per paid channel (and organic variable): the results table as CSV.
    pub fn channels_csv(&self) -> String {
        let header = [
            "channel",
            "kind",
            "spend",
            "mean_spend",
            "contribution",
            "roi",
            "roi_range_low",
            "roi_range_high",
            "cpa",
            "spend_share",
            "effect_share",
            "marginal_roi",
            "carryover_share",
            "adstock",
            "saturation",
        ]
        .map(String::from)
        .to_vec();
        let mut rows = vec![header];
        for (k, c) in self.channels.iter().enumerate() {
            let range = self.selected.roi_range.get(k);
            rows.push(vec![
                c.name.clone(),
                "paid".into(),
                num(c.spend),
                num(c.mean_spend),
                num(c.contribution),
                num(c.roi),
                range.map(|r| num(r[0])).unwrap_or_default(),
                range.map(|r| num(r[1])).unwrap_or_default(),
                c.cpa.map(num).unwrap_or_default(),
                num(c.spend_share),
                num(c.effect_share),
                num(c.marginal_roi),
                num(c.carryover_share),
                describe_adstock(&c.adstock),
                describe_saturation(&c.saturation),
            ]);
        }
        for o in &self.organic {
            let mut row = vec![String::new(); 15];
            row[0] = o.name.clone();
            row[1] = "organic".into();
            row[4] = num(o.contribution);
            row[12] = num(o.carryover_share);
            row[13] = describe_adstock(&o.adstock);
            row[14] = describe_saturation(&o.saturation);
            rows.push(row);
        }
        to_csv(rows)
    }

    /// The decomposition as CSV: one row per period, one column per component.
    pub fn decomposition_csv(&self) -> String {
        let d = &self.decomposition;
        let mut header = vec![
            "date".to_string(),
            "actual".into(),
            "fitted".into(),
            "holdout".into(),
        ];
        header.extend(d.components.iter().map(|c| c.name.clone()));
        let rows = (0..d.dates.len()).map(|t| {
            let mut row = vec![
                crate::data::dates::iso(d.dates[t]),
                num(d.actual[t]),
                num(d.fitted[t]),
                u8::from(t >= d.holdout_start).to_string(),
            ];
            row.extend(d.components.iter().map(|c| num(c.values[t])));
            row
        });
        to_csv(std::iter::once(header).chain(rows))
    }
}

impl Plan {
    /// The plan table as CSV (one row per channel, then the total). The last column, `notes`, is
    /// empty on the channels' rows and holds the plan's notes and cautions on the total's (an
    /// outside check: a spreadsheet of a plan that moves a channel whose spend follows sales
    /// lost the sentence that said so).
    pub fn to_csv(&self) -> String {
        let header = [
            "channel",
            "current_spend",
            "optimal_spend",
            "lower",
            "upper",
            "locked",
            "current_response",
            "optimal_response",
            "current_roas",
            "optimal_roas",
            "current_marginal_roi",
            "optimal_marginal_roi",
            "notes",
        ]
        .map(String::from)
        .to_vec();
        let rows = self.channels.iter().map(|c| {
            vec![
                c.name.clone(),
                num(c.current_spend),
                num(c.optimal_spend),
                num(c.lower),
                num(c.upper),
                c.locked.to_string(),
                num(c.current_response),
                num(c.optimal_response),
                num(c.current_roas),
                num(c.optimal_roas),
                num(c.current_marginal_roi),
                num(c.optimal_marginal_roi),
                String::new(),
            ]
        });
        let total = vec![
            "total".to_string(),
            num(self.total_budget_current),
            num(self.total_budget),
            String::new(),
            String::new(),
            String::new(),
            num(self.total_response_current),
            num(self.total_response_optimal),
            num(self.roas_current),
            num(self.roas_optimal),
            String::new(),
            String::new(),
            self.notes
                .iter()
                .chain(&self.cautions)
                .map(String::as_str)
                .collect::<Vec<_>>()
                .join(" "),
        ];
        to_csv(
            std::iter::once(header)
                .chain(rows)
                .chain(std::iter::once(total)),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_rounded_to_nine_decimals_and_never_in_exponent_form() {
        assert_eq!(num(1.0 / 3.0), "0.333333333");
        assert_eq!(num(1e-12), "0");
        assert_eq!(num(2_500_000.0), "2500000");
        assert_eq!(num(f64::NAN), "");
    }

    /// The plan's notes and cautions reach its spreadsheet: on the total's row, in the last
    /// column, which every row has (a quoted cell keeps the sentences' commas).
    #[test]
    fn a_plans_csv_carries_its_notes_and_cautions_on_the_total_row() {
        use crate::allocate::{PlanRequest, Planner};
        let curve = |coef: f64| {
            crate::allocate::ResponseCurve::new(
                coef,
                1.0,
                crate::transform::ChannelTransform {
                    adstock: Adstock::geometric(0.0).unwrap(),
                    saturation: Saturation::hill(1.5, 0.1, 1000.0).unwrap(),
                    series_len: 52,
                },
            )
        };
        let planner = Planner::from_curves(
            vec!["tv".into(), "social".into()],
            vec![curve(500.0), curve(300.0)],
            vec![100.0, 50.0],
            1000.0,
        );
        let mut plan = planner.plan(&PlanRequest::default()).unwrap();
        plan.notes = vec!["tv's bounds (0.5 to 2) are spend per period.".into()];
        plan.cautions = vec!["social: its spend follows sales, so its move is a guess.".into()];
        let text = plan.to_csv();
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        assert_eq!(reader.headers().unwrap().iter().next_back(), Some("notes"));
        let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
        assert_eq!(rows.len(), 3);
        assert_eq!(&rows[0][12], "");
        assert_eq!(&rows[1][12], "");
        assert_eq!(&rows[2][0], "total");
        assert_eq!(
            &rows[2][12],
            "tv's bounds (0.5 to 2) are spend per period. social: its spend follows sales, so its move is a guess."
        );
    }
}
