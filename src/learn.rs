//! The two linear models the engine learns from labeled queries, both fitted by Newton's
//! method with an L2 penalty: a dozen features and a few thousand rows converge in a dozen
//! steps, deterministically, with no learning rate to tune.
//!
//! - [`ConditionalLogit`] ranks: among one query's candidate pages, the probability that each
//!   is the answer is the softmax of `weights · features` (McFadden's conditional logit). It
//!   learns only from differences between candidates of the same query, which is what a
//!   ranking needs, so how hard a query is does not leak into the weights.
//! - [`Logistic`] estimates a probability from features of a single case.

use serde::{Deserialize, Serialize};

/// Penalty on the squared weights: enough to keep collinear features finite.
pub const L2: f64 = 1.0;

/// Most Newton steps; the fit stops earlier once the largest change is below [`TOLERANCE`].
pub const MAX_STEPS: usize = 50;

/// Largest change of a coefficient at which the fit has converged.
pub const TOLERANCE: f64 = 1e-6;

/// A fitted model: `P(y = 1 | x) = sigmoid(bias + weights · x)`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Logistic {
    /// The intercept.
    pub bias: f64,
    /// One weight per feature.
    pub weights: Vec<f64>,
}

/// The logistic function.
pub fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

impl Logistic {
    /// The log-odds of `x`.
    pub fn logit(&self, x: &[f64]) -> f64 {
        self.bias + self.weights.iter().zip(x).map(|(w, v)| w * v).sum::<f64>()
    }

    /// The probability of `x`.
    pub fn probability(&self, x: &[f64]) -> f64 {
        sigmoid(self.logit(x))
    }

    /// Fits the model to rows `x` with outcomes `y` (true = 1). Rows must all have the same
    /// length; an empty set gives the zero model.
    pub fn fit(x: &[Vec<f64>], y: &[bool]) -> Logistic {
        let d = x.first().map_or(0, Vec::len) + 1;
        let mut beta = vec![0.0; d];
        for _ in 0..MAX_STEPS {
            let mut gradient = vec![0.0; d];
            let mut hessian = vec![vec![0.0; d]; d];
            for (row, &outcome) in x.iter().zip(y) {
                let xs: Vec<f64> = std::iter::once(1.0).chain(row.iter().copied()).collect();
                let p = sigmoid(dot(&beta, &xs));
                let r = p - f64::from(u8::from(outcome));
                axpy(&mut gradient, r, &xs);
                add_outer(&mut hessian, (p * (1.0 - p)).max(1e-9), &xs, &xs);
            }
            // The penalty spares the bias (index 0).
            penalize(&mut gradient, &mut hessian, &beta, 1);
            let Some(step) = solve(hessian, gradient) else {
                break;
            };
            let change = step.iter().fold(0.0f64, |m, s| m.max(s.abs()));
            beta.iter_mut().zip(&step).for_each(|(b, s)| *b -= s);
            if change < TOLERANCE {
                break;
            }
        }
        Logistic {
            bias: beta[0],
            weights: beta[1..].to_vec(),
        }
    }
}

/// One query's candidates for [`ConditionalLogit::fit`]: their features, and which are the
/// answer.
#[derive(Debug, Clone)]
pub struct Choice {
    /// One feature row per candidate.
    pub candidates: Vec<Vec<f64>>,
    /// Whether each candidate is an answer; a choice with none teaches nothing and is skipped.
    pub chosen: Vec<bool>,
}

/// A fitted ranking model: a candidate's score is `weights · features`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConditionalLogit {
    /// One weight per feature.
    pub weights: Vec<f64>,
}

impl ConditionalLogit {
    /// The score of a candidate; only differences between candidates of a query mean anything.
    pub fn score(&self, x: &[f64]) -> f64 {
        self.weights.iter().zip(x).map(|(w, v)| w * v).sum()
    }

    /// Fits the weights to `choices`, maximizing the penalized likelihood of the answers
    /// (several answers of one query share the choice equally).
    pub fn fit(choices: &[Choice]) -> ConditionalLogit {
        let choices: Vec<&Choice> = choices
            .iter()
            .filter(|c| c.chosen.iter().any(|&a| a) && !c.candidates.is_empty())
            .collect();
        let d = choices.first().map_or(0, |c| c.candidates[0].len());
        let mut w = vec![0.0; d];
        let objective = |w: &[f64]| -> f64 {
            let mut total = 0.5 * L2 * w.iter().map(|v| v * v).sum::<f64>();
            for c in &choices {
                let scores: Vec<f64> = c.candidates.iter().map(|x| dot(w, x)).collect();
                let max = scores.iter().fold(f64::NEG_INFINITY, |m, &s| m.max(s));
                let log_sum = max + scores.iter().map(|s| (s - max).exp()).sum::<f64>().ln();
                let answers = c.chosen.iter().filter(|&&a| a).count() as f64;
                for (s, &a) in scores.iter().zip(&c.chosen) {
                    if a {
                        total -= (s - log_sum) / answers;
                    }
                }
            }
            total
        };
        for _ in 0..MAX_STEPS {
            let mut gradient = vec![0.0; d];
            let mut hessian = vec![vec![0.0; d]; d];
            for c in &choices {
                let p = softmax(c.candidates.iter().map(|x| dot(&w, x)));
                let answers = c.chosen.iter().filter(|&&a| a).count() as f64;
                let mut mean = vec![0.0; d];
                for ((x, &pi), &a) in c.candidates.iter().zip(&p).zip(&c.chosen) {
                    let target = if a { 1.0 / answers } else { 0.0 };
                    axpy(&mut gradient, pi - target, x);
                    axpy(&mut mean, pi, x);
                    add_outer(&mut hessian, pi, x, x);
                }
                add_outer(&mut hessian, -1.0, &mean, &mean);
            }
            penalize(&mut gradient, &mut hessian, &w, 0);
            let Some(step) = solve(hessian, gradient) else {
                break;
            };
            // Damped: halve the step until the objective does not get worse.
            let current = objective(&w);
            let mut rate = 1.0;
            let mut next: Vec<f64> = w.iter().zip(&step).map(|(v, s)| v - s).collect();
            while objective(&next) > current && rate > 1e-4 {
                rate /= 2.0;
                next = w.iter().zip(&step).map(|(v, s)| v - rate * s).collect();
            }
            let change = step.iter().fold(0.0f64, |m, s| m.max((rate * s).abs()));
            w = next;
            if change < TOLERANCE {
                break;
            }
        }
        ConditionalLogit { weights: w }
    }
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// `y += a · x`.
fn axpy(y: &mut [f64], a: f64, x: &[f64]) {
    y.iter_mut().zip(x).for_each(|(y, x)| *y += a * x);
}

/// `m += a · x yᵀ`.
fn add_outer(m: &mut [Vec<f64>], a: f64, x: &[f64], y: &[f64]) {
    for (row, &xi) in m.iter_mut().zip(x) {
        axpy(row, a * xi, y);
    }
}

/// Adds the L2 penalty's gradient and curvature for coefficients `from..`.
fn penalize(gradient: &mut [f64], hessian: &mut [Vec<f64>], beta: &[f64], from: usize) {
    for (i, ((g, row), b)) in gradient
        .iter_mut()
        .zip(hessian.iter_mut())
        .zip(beta)
        .enumerate()
    {
        if i >= from {
            *g += L2 * b;
            row[i] += L2;
        }
    }
}

/// The softmax of `scores`.
fn softmax(scores: impl Iterator<Item = f64>) -> Vec<f64> {
    let scores: Vec<f64> = scores.collect();
    let max = scores.iter().fold(f64::NEG_INFINITY, |m, &s| m.max(s));
    let exp: Vec<f64> = scores.iter().map(|s| (s - max).exp()).collect();
    let sum: f64 = exp.iter().sum();
    exp.into_iter().map(|e| e / sum).collect()
}

/// Solves `a · x = b` by Gaussian elimination with partial pivoting; `None` if singular.
fn solve(mut a: Vec<Vec<f64>>, mut b: Vec<f64>) -> Option<Vec<f64>> {
    let n = b.len();
    for col in 0..n {
        let pivot = (col..n).max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))?;
        if a[pivot][col].abs() < 1e-12 {
            return None;
        }
        a.swap(col, pivot);
        b.swap(col, pivot);
        let (done, rest) = a.split_at_mut(col + 1);
        let (b_done, b_rest) = b.split_at_mut(col + 1);
        let (pivot_row, pivot_b) = (&done[col], b_done[col]);
        for (row, target) in rest.iter_mut().zip(b_rest) {
            let factor = row[col] / pivot_row[col];
            axpy(&mut row[col..], -factor, &pivot_row[col..]);
            *target -= factor * pivot_b;
        }
    }
    // Back substitution, last unknown first.
    let mut x = vec![0.0; n];
    for row in (0..n).rev() {
        let tail = dot(&a[row][row + 1..], &x[row + 1..]);
        x[row] = (b[row] - tail) / a[row][row];
    }
    Some(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_a_separating_direction() {
        // y = 1 when the first feature is large, whatever the second.
        let x: Vec<Vec<f64>> = (0..200)
            .map(|i| vec![f64::from(i % 20) / 10.0, f64::from(i % 7)])
            .collect();
        let y: Vec<bool> = x.iter().map(|r| r[0] > 1.0).collect();
        let model = Logistic::fit(&x, &y);
        assert!(model.weights[0] > 2.0, "{model:?}");
        assert!(
            model.weights[0].abs() > 10.0 * model.weights[1].abs(),
            "{model:?}"
        );
        assert!(model.probability(&[1.9, 3.0]) > 0.9);
        assert!(model.probability(&[0.1, 3.0]) < 0.1);
    }

    #[test]
    fn recovers_known_coefficients() {
        // Outcomes drawn with P = sigmoid(-1 + 2x) on a fine grid: every x repeated with the
        // share of positives the model predicts, so the fit should find (-1, 2) closely.
        let mut x = Vec::new();
        let mut y = Vec::new();
        for i in 0..=40 {
            let v = f64::from(i) / 10.0 - 2.0;
            let positives = (sigmoid(-1.0 + 2.0 * v) * 100.0).round() as usize;
            for k in 0..100 {
                x.push(vec![v]);
                y.push(k < positives);
            }
        }
        let model = Logistic::fit(&x, &y);
        assert!((model.bias + 1.0).abs() < 0.05, "{model:?}");
        assert!((model.weights[0] - 2.0).abs() < 0.05, "{model:?}");
    }

    #[test]
    fn conditional_logit_learns_what_tells_candidates_apart() {
        // In every query the answer has the largest first feature; the second feature is the
        // same for all candidates of a query (a query-level level), which must not matter.
        let choices: Vec<Choice> = (0..60)
            .map(|q| {
                let level = f64::from(q % 5);
                let answer = (q % 3) as usize;
                let candidates = (0..3)
                    .map(|i| vec![if i == answer { 1.0 } else { 0.2 * i as f64 }, level])
                    .collect();
                let chosen = (0..3).map(|i| i == answer).collect();
                Choice { candidates, chosen }
            })
            .collect();
        let model = ConditionalLogit::fit(&choices);
        assert!(model.weights[0] > 1.0, "{model:?}");
        assert!(model.weights[1].abs() < 1e-6, "{model:?}");
        for c in &choices {
            let best = (0..3)
                .max_by(|&a, &b| {
                    model
                        .score(&c.candidates[a])
                        .total_cmp(&model.score(&c.candidates[b]))
                })
                .unwrap();
            assert!(c.chosen[best]);
        }
    }

    #[test]
    fn an_empty_set_gives_the_zero_model() {
        let model = Logistic::fit(&[], &[]);
        assert_eq!(model.bias, 0.0);
        assert!(model.weights.is_empty());
    }
}
