//! Multi-objective differential evolution over the unit cube, with an ask/tell interface.
//!
//! The algorithm is DEMO (Robič & Filipič, 2005): DE/rand/1/bin trial vectors; a trial replaces
//! its parent when it dominates it, is dropped when the parent dominates it, and otherwise joins
//! the population; the population is cut back to its size by non-dominated sorting and crowding
//! distance (NSGA-II). The initial population is a Latin hypercube.
//!
//! Each generation's trial vectors are all drawn when the generation starts, so the random stream
//! does not depend on how a caller splits the work into chunks: the same seed gives the same
//! sequence of candidates however often the caller pauses.
//!
//! Written by hand: the argmin crate has single-objective solvers only, and no maintained Rust
//! crate offers a seeded, pausable multi-objective DE.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Settings of one DE run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DeSettings {
    /// Population size (≥ 5).
    pub population: usize,
    /// Crossover probability.
    pub crossover: f64,
    /// Differential weight is drawn per trial vector from [low, high] (classic mode).
    pub weight: (f64, f64),
    /// Use JADE's current-to-pbest/1 mutation with self-adapting F and CR.
    pub adaptive: bool,
    /// Share of the population that counts as "best" for current-to-pbest.
    pub pbest: f64,
}

impl Default for DeSettings {
    fn default() -> Self {
        DeSettings {
            population: 40,
            crossover: 0.9,
            weight: (0.5, 0.9),
            adaptive: true,
            pbest: 0.2,
        }
    }
}

#[derive(Debug, Clone)]
struct Member {
    x: Vec<f64>,
    f: Vec<f64>,
}

/// One DE run in progress.
#[derive(Debug, Clone)]
pub struct MoDe {
    dim: usize,
    settings: DeSettings,
    rng: ChaCha8Rng,
    population: Vec<Member>,
    /// Candidates of the current batch, and their scores as they come in.
    batch: Vec<Vec<f64>>,
    scores: Vec<Option<Vec<f64>>>,
    next: usize,
    initialized: bool,
    /// JADE's running means of F and CR, and the F/CR used by each trial vector of the batch.
    mu_f: f64,
    mu_cr: f64,
    batch_fcr: Vec<(f64, f64)>,
    /// Parents replaced recently (JADE's archive), for the second difference vector.
    archive: Vec<Vec<f64>>,
}

/// `a` dominates `b`: no worse in every objective, better in one.
pub fn dominates(a: &[f64], b: &[f64]) -> bool {
    let mut better = false;
    for (x, y) in a.iter().zip(b) {
        if x > y {
            return false;
        }
        if x < y {
            better = true;
        }
    }
    better
}

/// Indices of the points in non-dominated fronts: `fronts[0]` is the Pareto front.
pub fn nondominated_fronts(points: &[&[f64]]) -> Vec<Vec<usize>> {
    let n = points.len();
    let mut dominated_by = vec![0usize; n];
    let mut dominates_list: Vec<Vec<usize>> = vec![Vec::new(); n];
    for i in 0..n {
        for j in (i + 1)..n {
            if dominates(points[i], points[j]) {
                dominates_list[i].push(j);
                dominated_by[j] += 1;
            } else if dominates(points[j], points[i]) {
                dominates_list[j].push(i);
                dominated_by[i] += 1;
            }
        }
    }
    let mut fronts = Vec::new();
    let mut current: Vec<usize> = (0..n).filter(|&i| dominated_by[i] == 0).collect();
    while !current.is_empty() {
        let mut next = Vec::new();
        for &i in &current {
            for &j in &dominates_list[i] {
                dominated_by[j] -= 1;
                if dominated_by[j] == 0 {
                    next.push(j);
                }
            }
        }
        next.sort_unstable();
        fronts.push(std::mem::take(&mut current));
        current = next;
    }
    fronts
}

/// NSGA-II crowding distance of each member of a front.
fn crowding(points: &[&[f64]], front: &[usize]) -> Vec<f64> {
    let m = points.first().map_or(0, |p| p.len());
    let mut d = vec![0.0; front.len()];
    for k in 0..m {
        let mut order: Vec<usize> = (0..front.len()).collect();
        order.sort_by(|&a, &b| {
            points[front[a]][k]
                .total_cmp(&points[front[b]][k])
                .then(a.cmp(&b))
        });
        let lo = points[front[order[0]]][k];
        let hi = points[front[order[order.len() - 1]]][k];
        d[order[0]] = f64::INFINITY;
        d[order[order.len() - 1]] = f64::INFINITY;
        if hi > lo {
            for w in 1..order.len().saturating_sub(1) {
                d[order[w]] +=
                    (points[front[order[w + 1]]][k] - points[front[order[w - 1]]][k]) / (hi - lo);
            }
        }
    }
    d
}

impl MoDe {
    /// A new run over `[0, 1]^dim` using stream `stream` of the generator seeded with `seed`
    /// (ChaCha streams are independent, so runs of one seed never share random numbers).
    pub fn new(dim: usize, settings: DeSettings, seed: u64, stream: u64) -> Self {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        rng.set_stream(stream);
        let settings = DeSettings {
            population: settings.population.max(5),
            ..settings
        };
        let mut de = MoDe {
            dim,
            settings,
            rng,
            population: Vec::new(),
            batch: Vec::new(),
            scores: Vec::new(),
            next: 0,
            initialized: false,
            mu_f: 0.5,
            mu_cr: 0.5,
            batch_fcr: Vec::new(),
            archive: Vec::new(),
        };
        de.latin_hypercube();
        de
    }

    fn latin_hypercube(&mut self) {
        let p = self.settings.population;
        let mut pts = vec![vec![0.0; self.dim]; p];
        for j in 0..self.dim {
            let mut perm: Vec<usize> = (0..p).collect();
            for i in (1..p).rev() {
                let k = self.rng.random_range(0..=i);
                perm.swap(i, k);
            }
            for i in 0..p {
                pts[i][j] = (perm[i] as f64 + self.rng.random::<f64>()) / p as f64;
            }
        }
        self.set_batch(pts);
    }

    fn set_batch(&mut self, batch: Vec<Vec<f64>>) {
        self.scores = vec![None; batch.len()];
        self.batch = batch;
        self.next = 0;
    }

    /// The next candidate to evaluate.
    pub fn ask(&mut self) -> Vec<f64> {
        if self.next >= self.batch.len() {
            self.finish_batch();
        }
        let x = self.batch[self.next].clone();
        self.next += 1;
        x
    }

    /// The score of the candidate last returned by [`MoDe::ask`] (lower is better in every
    /// objective; a failed candidate should be told `f64::INFINITY`s).
    pub fn tell(&mut self, objectives: Vec<f64>) {
        if self.next > 0 {
            self.scores[self.next - 1] = Some(objectives);
        }
    }

    fn finish_batch(&mut self) {
        let batch = std::mem::take(&mut self.batch);
        let scores = std::mem::take(&mut self.scores);
        let inf = vec![f64::INFINITY; 2];
        if !self.initialized {
            self.population = batch
                .into_iter()
                .zip(scores)
                .map(|(x, f)| Member {
                    x,
                    f: f.unwrap_or_else(|| inf.clone()),
                })
                .collect();
            self.initialized = true;
        } else {
            let parents = self.population.len().min(batch.len());
            let fcr = std::mem::take(&mut self.batch_fcr);
            let mut extra = Vec::new();
            let (mut sf, mut sf2, mut scr, mut count) = (0.0, 0.0, 0.0, 0usize);
            for (i, (x, f)) in batch.into_iter().zip(scores).enumerate() {
                let f = f.unwrap_or_else(|| inf.clone());
                let trial = Member { x, f };
                let success = if i >= parents {
                    extra.push(trial);
                    false
                } else if dominates(&trial.f, &self.population[i].f) {
                    let old = std::mem::replace(&mut self.population[i], trial);
                    self.archive.push(old.x);
                    true
                } else if !dominates(&self.population[i].f, &trial.f) {
                    extra.push(trial);
                    true
                } else {
                    false
                };
                if success && let Some(&(fi, cri)) = fcr.get(i) {
                    sf += fi;
                    sf2 += fi * fi;
                    scr += cri;
                    count += 1;
                }
            }
            if count > 0 {
                // JADE: arithmetic mean for CR, Lehmer mean for F, learning rate 0.1.
                self.mu_cr = 0.9 * self.mu_cr + 0.1 * (scr / count as f64);
                self.mu_f = 0.9 * self.mu_f + 0.1 * (sf2 / sf);
            }
            let cap = self.settings.population;
            while self.archive.len() > cap {
                let k = self.rng.random_range(0..self.archive.len());
                self.archive.swap_remove(k);
            }
            self.population.extend(extra);
            self.truncate();
        }
        let trials = self.trial_vectors();
        self.set_batch(trials);
    }

    fn truncate(&mut self) {
        let p = self.settings.population;
        if self.population.len() <= p {
            return;
        }
        let points: Vec<&[f64]> = self.population.iter().map(|m| m.f.as_slice()).collect();
        let fronts = nondominated_fronts(&points);
        let mut keep: Vec<usize> = Vec::with_capacity(p);
        for front in fronts {
            if keep.len() + front.len() <= p {
                keep.extend(front);
            } else {
                let d = crowding(&points, &front);
                let mut order: Vec<usize> = (0..front.len()).collect();
                order.sort_by(|&a, &b| d[b].total_cmp(&d[a]).then(front[a].cmp(&front[b])));
                keep.extend(order.into_iter().take(p - keep.len()).map(|k| front[k]));
                break;
            }
        }
        keep.sort_unstable();
        let old = std::mem::take(&mut self.population);
        let mut keep_iter = keep.into_iter().peekable();
        for (i, m) in old.into_iter().enumerate() {
            if keep_iter.peek() == Some(&i) {
                keep_iter.next();
                self.population.push(m);
            }
        }
    }

    fn trial_vectors(&mut self) -> Vec<Vec<f64>> {
        if self.settings.adaptive {
            return self.trial_vectors_jade();
        }
        let np = self.population.len();
        let mut out = Vec::with_capacity(np);
        for i in 0..np {
            let pick = |rng: &mut ChaCha8Rng, avoid: &[usize]| loop {
                let r = rng.random_range(0..np);
                if !avoid.contains(&r) || np <= avoid.len() {
                    break r;
                }
            };
            let r1 = pick(&mut self.rng, &[i]);
            let r2 = pick(&mut self.rng, &[i, r1]);
            let r3 = pick(&mut self.rng, &[i, r1, r2]);
            let f = self.settings.weight.0
                + (self.settings.weight.1 - self.settings.weight.0) * self.rng.random::<f64>();
            let forced = self.rng.random_range(0..self.dim);
            let parent = &self.population[i].x;
            let mut u = parent.clone();
            for j in 0..self.dim {
                if j == forced || self.rng.random::<f64>() < self.settings.crossover {
                    let v = self.population[r1].x[j]
                        + f * (self.population[r2].x[j] - self.population[r3].x[j]);
                    // Out of bounds: halfway between the parent and the bound.
                    u[j] = if v < 0.0 {
                        parent[j] / 2.0
                    } else if v > 1.0 {
                        (parent[j] + 1.0) / 2.0
                    } else {
                        v
                    };
                }
            }
            out.push(u);
        }
        out
    }
}

impl MoDe {
    /// Order of the population from best to worst: front rank, then the first objective.
    fn ranking(&self) -> Vec<usize> {
        let points: Vec<&[f64]> = self.population.iter().map(|m| m.f.as_slice()).collect();
        let fronts = nondominated_fronts(&points);
        let mut rank = vec![0usize; points.len()];
        for (r, front) in fronts.iter().enumerate() {
            for &i in front {
                rank[i] = r;
            }
        }
        let mut order: Vec<usize> = (0..points.len()).collect();
        order.sort_by(|&a, &b| {
            rank[a]
                .cmp(&rank[b])
                .then(points[a][0].total_cmp(&points[b][0]))
                .then(a.cmp(&b))
        });
        order
    }

    fn trial_vectors_jade(&mut self) -> Vec<Vec<f64>> {
        let np = self.population.len();
        let order = self.ranking();
        let top = ((self.settings.pbest * np as f64).ceil() as usize).clamp(1, np);
        let mut out = Vec::with_capacity(np);
        let mut fcr = Vec::with_capacity(np);
        for i in 0..np {
            let cr = (self.mu_cr + 0.1 * self.gaussian()).clamp(0.0, 1.0);
            let f = loop {
                // Cauchy(mu_f, 0.1), redrawn while not positive, capped at 1.
                let c = self.mu_f
                    + 0.1 * libm::tan(std::f64::consts::PI * (self.rng.random::<f64>() - 0.5));
                if c > 0.0 {
                    break c.min(1.0);
                }
            };
            let pbest = order[self.rng.random_range(0..top)];
            let r1 = loop {
                let r = self.rng.random_range(0..np);
                if r != i || np == 1 {
                    break r;
                }
            };
            let pool = np + self.archive.len();
            let r2 = loop {
                let r = self.rng.random_range(0..pool);
                if (r != i && r != r1) || pool <= 2 {
                    break r;
                }
            };
            let x2: &[f64] = if r2 < np {
                &self.population[r2].x
            } else {
                &self.archive[r2 - np]
            };
            let forced = self.rng.random_range(0..self.dim);
            let parent = &self.population[i].x;
            let mut u = parent.clone();
            for j in 0..self.dim {
                if j == forced || self.rng.random::<f64>() < cr {
                    let v = parent[j]
                        + f * (self.population[pbest].x[j] - parent[j])
                        + f * (self.population[r1].x[j] - x2[j]);
                    u[j] = if v < 0.0 {
                        parent[j] / 2.0
                    } else if v > 1.0 {
                        (parent[j] + 1.0) / 2.0
                    } else {
                        v
                    };
                }
            }
            out.push(u);
            fcr.push((f, cr));
        }
        self.batch_fcr = fcr;
        out
    }

    /// A standard normal draw (Box–Muller over libm, portable across platforms).
    fn gaussian(&mut self) -> f64 {
        let u1: f64 = 1.0 - self.rng.random::<f64>();
        let u2: f64 = self.rng.random::<f64>();
        libm::sqrt(-2.0 * libm::log(u1)) * libm::cos(2.0 * std::f64::consts::PI * u2)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(
        de: &mut MoDe,
        evals: usize,
        f: impl Fn(&[f64]) -> Vec<f64>,
    ) -> Vec<(Vec<f64>, Vec<f64>)> {
        (0..evals)
            .map(|_| {
                let x = de.ask();
                let y = f(&x);
                de.tell(y.clone());
                (x, y)
            })
            .collect()
    }

    #[test]
    fn dominance_by_hand() {
        assert!(dominates(&[1.0, 1.0], &[1.0, 2.0]));
        assert!(!dominates(&[1.0, 2.0], &[1.0, 2.0]));
        assert!(!dominates(&[0.0, 3.0], &[1.0, 2.0]));
    }

    #[test]
    fn fronts_by_hand() {
        let pts: Vec<Vec<f64>> = vec![
            vec![1.0, 4.0],
            vec![2.0, 2.0],
            vec![3.0, 3.0],
            vec![4.0, 1.0],
            vec![5.0, 5.0],
        ];
        let refs: Vec<&[f64]> = pts.iter().map(|p| p.as_slice()).collect();
        assert_eq!(
            nondominated_fronts(&refs),
            vec![vec![0, 1, 3], vec![2], vec![4]]
        );
    }

    #[test]
    fn candidates_stay_in_the_unit_cube() {
        let mut de = MoDe::new(4, DeSettings::default(), 7, 0);
        for (x, _) in run(&mut de, 500, |x| vec![x[0], 1.0 - x[0] + x[1]]) {
            assert!(x.iter().all(|v| (0.0..=1.0).contains(v)));
        }
    }

    #[test]
    fn finds_the_minimum_of_a_single_objective_bowl() {
        let mut de = MoDe::new(6, DeSettings::default(), 3, 0);
        let f = |x: &[f64]| x.iter().map(|v| (v - 0.3) * (v - 0.3)).sum::<f64>();
        let best = run(&mut de, 4000, |x| vec![f(x), 0.0])
            .into_iter()
            .map(|(_, y)| y[0])
            .fold(f64::INFINITY, f64::min);
        assert!(best < 1e-4, "best {best}");
    }

    #[test]
    fn spreads_along_a_known_pareto_front() {
        // Objectives x0 and 1 - sqrt(x0) + penalty on the other coordinates: front g = 0.
        let mut de = MoDe::new(3, DeSettings::default(), 11, 0);
        let f = |x: &[f64]| {
            let g = 1.0 + 9.0 * (x[1] + x[2]) / 2.0;
            vec![x[0], g * (1.0 - (x[0] / g).sqrt())]
        };
        let res = run(&mut de, 3000, f);
        let pts: Vec<&[f64]> = res.iter().map(|(_, y)| y.as_slice()).collect();
        let front = &nondominated_fronts(&pts)[0];
        assert!(front.len() >= 20, "front of {}", front.len());
        let near = front
            .iter()
            .filter(|&&i| res[i].0[1] + res[i].0[2] < 0.02)
            .count();
        assert!(
            near * 10 >= front.len() * 8,
            "{near} of {} near the true front",
            front.len()
        );
        let spread = front.iter().map(|&i| res[i].1[0]).fold(0.0f64, f64::max)
            - front.iter().map(|&i| res[i].1[0]).fold(1.0f64, f64::min);
        assert!(spread > 0.8, "spread {spread}");
    }
}
