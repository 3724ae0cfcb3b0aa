//! Out-of-family accuracy: placeholder while the generator is checked.
mod oof;

use oof::{Scenario, generate, CASES};

#[test]
fn generator_smoke() {
    for case in CASES {
        let g = generate(&Scenario::named(case), 1);
        let cur = g.current_spend();
        let lo: Vec<f64> = cur.iter().map(|c| 0.5 * c).collect();
        let hi: Vec<f64> = cur.iter().map(|c| 2.0 * c).collect();
        let best = oof::true_optimum(&g, &lo, &hi, cur.iter().sum(), 3000);
        let now = g.true_response(&cur);
        let media = g.true_media_contribution() / g.noiseless.iter().sum::<f64>();
        println!("{case}: media share {:.2} uplift {:.1}% oracle-noiseless {:?}", media, 100.0 * (g.true_response(&best) - now) / now,
            g.oracle_roi_on(&g.noiseless).iter().map(|v| format!("{v:.3}")).collect::<Vec<_>>());
        for (i, c) in g.channels.iter().enumerate() {
            let m = (c.response(cur[i] * 1.01) - c.response(cur[i])) / (0.01 * cur[i]);
            println!("   {} roi {:.2} mroi {:.2} cur {:.0} best {:.0} zeros {}", c.name, c.roi, m, cur[i], best[i], c.spends.iter().filter(|v| **v == 0.0).count());
        }
    }
}
