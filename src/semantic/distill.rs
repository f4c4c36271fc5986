//! How the shipped static model is made from the transformer (feature `transformer`).
//!
//! Two steps, after model2vec and its "tokenlearn" training:
//! 1. **Distil.** Every word of the corpus seen at least [`DistillOptions::min_count`] times,
//!    every word of the pages and synonym tables, and every WordPiece piece gets the
//!    transformer's vector of that word alone. A word's row is scaled by its smooth inverse
//!    frequency `a / (a + p(word))` (Arora et al., 2017), so "the" weighs little and
//!    "tingling" much.
//! 2. **Learn.** The rows are then trained so that the normalized sum of a sentence's rows
//!    points where the transformer's vector of the whole sentence points (cosine loss, Adam,
//!    on sentences of the corpus; a slice is held out to report the loss).
//!
//! The corpus is public consumer-health text (see `models/README.md`); no labeled query is
//! used, so the model knows nothing of which page answers what.

use std::collections::{HashMap, HashSet};

use super::static_model::{StaticModel, Vocabulary};
use super::transformer::Transformer;
use crate::analysis::analyzer;
use crate::error::Result;

/// Knobs of [`distill`], with the values the shipped model was made with as defaults.
#[derive(Debug, Clone)]
pub struct DistillOptions {
    /// Fewest corpus occurrences for a word to get a row of its own.
    pub min_count: u32,
    /// Most corpus sentences to train on.
    pub sentences: usize,
    /// Passes over the training sentences.
    pub epochs: usize,
    /// Adam's step size.
    pub learning_rate: f32,
    /// The `a` of the smooth inverse frequency weight.
    pub sif: f32,
    /// Sentences held out to report the loss.
    pub validation: usize,
    /// Sentences per training step.
    pub batch: usize,
    /// Seed of the shuffle.
    pub seed: u64,
    /// Dimensions kept: the rows are finally rotated onto the principal axes of the training
    /// sentences' vectors and the weakest axes dropped, which shrinks the model file and the
    /// work per query with little loss.
    pub dims: usize,
}

impl Default for DistillOptions {
    fn default() -> DistillOptions {
        DistillOptions {
            min_count: 2,
            sentences: 60_000,
            epochs: 6,
            learning_rate: 0.01,
            sif: 1e-3,
            validation: 2_000,
            batch: 256,
            seed: 7,
            dims: 256,
        }
    }
}

/// What a distillation did, for the log and `models/README.md`.
#[derive(Debug, Clone, Default)]
pub struct DistillReport {
    /// Words with a row of their own.
    pub words: usize,
    /// Training sentences (validation excluded).
    pub sentences: usize,
    /// Mean cosine loss on the held-out sentences before training and after each epoch.
    pub validation_loss: Vec<f32>,
    /// The same after the rotation onto the kept principal axes (both sides projected).
    pub projected_loss: f32,
}

/// Sentences of a document: split after `.`, `!` or `?` and at line ends, kept when they have
/// 3 to 40 words (shorter ones say little, longer ones are run-ons).
pub fn sentences(document: &str) -> impl Iterator<Item = &str> {
    document
        .split_inclusive(['.', '!', '?', '\n'])
        .map(str::trim)
        .filter(|s| (3..=40).contains(&s.split_whitespace().count()))
}

/// Splitmix64: a seeded shuffle needs no more.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

/// Distils `teacher` into a static model over `corpus` (documents); `always` are texts whose
/// words always get a row (the pages and synonym tables). `progress` hears each stage.
pub fn distill(
    teacher: &Transformer,
    corpus: &[String],
    always: &[String],
    options: &DistillOptions,
    mut progress: impl FnMut(&str),
) -> Result<(StaticModel, DistillReport)> {
    let normalize = |t: &str| analyzer().normalize(t);
    let mut counts: HashMap<String, u32> = HashMap::new();
    for doc in corpus {
        for w in normalize(doc).split(' ').filter(|w| !w.is_empty()) {
            *counts.entry(w.to_string()).or_default() += 1;
        }
    }
    let total: u32 = counts.values().sum();
    let mut keep: HashSet<String> = counts
        .iter()
        .filter(|(_, c)| **c >= options.min_count)
        .map(|(w, _)| w.clone())
        .collect();
    for text in always {
        keep.extend(
            normalize(text)
                .split(' ')
                .filter(|w| !w.is_empty())
                .map(str::to_string),
        );
    }
    let mut words: Vec<String> = keep.into_iter().collect();
    words.sort_by(|a, b| {
        let (ca, cb) = (counts.get(a).unwrap_or(&0), counts.get(b).unwrap_or(&0));
        cb.cmp(ca).then_with(|| a.cmp(b))
    });
    progress(&format!("{} words get a row of their own", words.len()));

    // Step 1: the transformer's vector of each word alone, and of each piece alone.
    let sif = |w: &str| {
        let p = f64::from(*counts.get(w).unwrap_or(&0)) / f64::from(total.max(1));
        (f64::from(options.sif) / (f64::from(options.sif) + p)) as f32
    };
    let word_refs: Vec<&str> = words.iter().map(String::as_str).collect();
    let mut rows = teacher.embed_many(&word_refs)?;
    for (row, word) in rows.iter_mut().zip(&words) {
        let weight = sif(word);
        row.iter_mut().for_each(|x| *x *= weight);
    }
    let pieces = teacher.tokenizer().clone();
    rows.extend(teacher.embed_pieces()?);
    progress(&format!("{} rows distilled", rows.len()));
    let vocabulary = Vocabulary::new(&words, pieces);

    // Step 2: learn the rows from whole sentences.
    let mut seen = HashSet::new();
    let mut all: Vec<&str> = corpus
        .iter()
        .flat_map(|d| sentences(d))
        .filter(|s| seen.insert(*s))
        .collect();
    let mut rng = Rng(options.seed);
    rng.shuffle(&mut all);
    all.truncate(options.sentences + options.validation);
    progress(&format!(
        "the teacher embeds {} sentences (this is the slow part)",
        all.len()
    ));
    let targets = teacher.embed_many(&all)?;
    let inputs: Vec<Vec<(u32, f32)>> = all.iter().map(|s| vocabulary.text_rows(s)).collect();
    let split = options.validation.min(all.len());
    let mut report = DistillReport {
        words: words.len(),
        sentences: all.len() - split,
        validation_loss: Vec::new(),
        projected_loss: 0.0,
    };
    let dims = super::Embedder::dims(teacher);
    let mut trainer = Adam::new(rows, dims, options.learning_rate);
    let validation: Vec<usize> = (0..split).collect();
    report
        .validation_loss
        .push(trainer.loss(&inputs, &targets, &validation));
    let mut order: Vec<usize> = (split..all.len()).collect();
    for epoch in 0..options.epochs {
        rng.shuffle(&mut order);
        for batch in order.chunks(options.batch) {
            trainer.step(&inputs, &targets, batch);
        }
        let loss = trainer.loss(&inputs, &targets, &validation);
        report.validation_loss.push(loss);
        progress(&format!("epoch {}: held-out loss {loss:.4}", epoch + 1));
    }
    // Rotate onto the principal axes of the training sentences' vectors; keep the strongest.
    let sample: Vec<usize> = order.iter().copied().take(PCA_SENTENCES).collect();
    let mut moments = vec![vec![0.0f64; dims]; dims];
    for &i in &sample {
        let (sum, norm, _) = trainer.forward(&inputs[i], &targets[i]);
        let unit: Vec<f64> = sum.iter().map(|x| f64::from(x / norm)).collect();
        for (row, &a) in moments.iter_mut().zip(&unit) {
            row.iter_mut().zip(&unit).for_each(|(m, &b)| *m += a * b);
        }
    }
    let axes = principal_axes(moments, options.dims.min(dims));
    let project = |v: &[f32]| -> Vec<f32> {
        axes.iter()
            .map(|axis| axis.iter().zip(v).map(|(a, x)| *a as f32 * x).sum())
            .collect()
    };
    let projected = Adam::new(
        trainer.rows.iter().map(|r| project(r)).collect(),
        axes.len(),
        0.0,
    );
    let projected_targets: Vec<Vec<f32>> = targets.iter().map(|t| project(t)).collect();
    report.projected_loss = projected.loss(&inputs, &projected_targets, &validation);
    progress(&format!(
        "kept {} of {dims} dimensions: held-out loss {:.4}",
        axes.len(),
        report.projected_loss
    ));
    let model = StaticModel::from_rows("minilm-static", vocabulary, &projected.rows);
    Ok((model, report))
}

/// Training sentences whose vectors decide the principal axes.
const PCA_SENTENCES: usize = 20_000;

/// The `k` eigenvectors of the symmetric matrix `m` with the largest eigenvalues, largest first
/// (cyclic Jacobi rotations: slow for big matrices, exact and simple for a few hundred rows).
fn principal_axes(mut m: Vec<Vec<f64>>, k: usize) -> Vec<Vec<f64>> {
    let n = m.len();
    let mut v: Vec<Vec<f64>> = (0..n)
        .map(|i| (0..n).map(|j| f64::from(u8::from(i == j))).collect())
        .collect();
    for _sweep in 0..JACOBI_SWEEPS {
        let off: f64 = (0..n)
            .flat_map(|i| (0..n).filter(move |&j| j != i).map(move |j| (i, j)))
            .map(|(i, j)| m[i][j] * m[i][j])
            .sum();
        if off < 1e-18 {
            break;
        }
        for p in 0..n {
            for q in p + 1..n {
                if m[p][q].abs() < 1e-15 {
                    continue;
                }
                let theta = (m[q][q] - m[p][p]) / (2.0 * m[p][q]);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let t = if theta == 0.0 { 1.0 } else { t };
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                rotate(&mut m, &mut v, p, q, c, s);
            }
        }
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| m[b][b].total_cmp(&m[a][a]));
    order
        .into_iter()
        .take(k)
        .map(|i| v.iter().map(|row| row[i]).collect())
        .collect()
}

/// Most Jacobi sweeps; a few hundred dimensions converge in under ten.
const JACOBI_SWEEPS: usize = 20;

/// Applies the rotation zeroing `m[p][q]` to `m` (both sides) and accumulates it into `v`.
fn rotate(m: &mut [Vec<f64>], v: &mut [Vec<f64>], p: usize, q: usize, c: f64, s: f64) {
    for row in m.iter_mut() {
        let (a, b) = (row[p], row[q]);
        row[p] = c * a - s * b;
        row[q] = s * a + c * b;
    }
    let (low, high) = m.split_at_mut(q);
    let (row_p, row_q) = (&mut low[p], &mut high[0]);
    for (a, b) in row_p.iter_mut().zip(row_q.iter_mut()) {
        let (x, y) = (*a, *b);
        *a = c * x - s * y;
        *b = s * x + c * y;
    }
    for row in v.iter_mut() {
        let (a, b) = (row[p], row[q]);
        row[p] = c * a - s * b;
        row[q] = s * a + c * b;
    }
}

/// Adam over the rows a batch touches (the rest keep their moments).
struct Adam {
    rows: Vec<Vec<f32>>,
    first: Vec<Vec<f32>>,
    second: Vec<Vec<f32>>,
    dims: usize,
    rate: f32,
    steps: i32,
}

const BETA1: f32 = 0.9;
const BETA2: f32 = 0.999;
const EPSILON: f32 = 1e-8;

impl Adam {
    fn new(rows: Vec<Vec<f32>>, dims: usize, rate: f32) -> Adam {
        let zeros = vec![vec![0.0; dims]; rows.len()];
        Adam {
            first: zeros.clone(),
            second: zeros,
            rows,
            dims,
            rate,
            steps: 0,
        }
    }

    /// The sum of a sentence's rows, its norm, and its cosine with the target.
    fn forward(&self, input: &[(u32, f32)], target: &[f32]) -> (Vec<f32>, f32, f32) {
        let mut sum = vec![0.0; self.dims];
        for &(row, weight) in input {
            for (s, x) in sum.iter_mut().zip(&self.rows[row as usize]) {
                *s += weight * x;
            }
        }
        let norm = sum.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-9);
        let cosine = sum.iter().zip(target).map(|(a, b)| a * b).sum::<f32>() / norm;
        (sum, norm, cosine)
    }

    fn loss(&self, inputs: &[Vec<(u32, f32)>], targets: &[Vec<f32>], which: &[usize]) -> f32 {
        let total: f32 = which
            .iter()
            .map(|&i| 1.0 - self.forward(&inputs[i], &targets[i]).2)
            .sum();
        total / which.len().max(1) as f32
    }

    fn step(&mut self, inputs: &[Vec<(u32, f32)>], targets: &[Vec<f32>], batch: &[usize]) {
        let mut gradients: HashMap<u32, Vec<f32>> = HashMap::new();
        let scale = 1.0 / batch.len() as f32;
        for &i in batch {
            let (sum, norm, cosine) = self.forward(&inputs[i], &targets[i]);
            // d(1 - cos)/d(sum) = -(target - cos · unit) / norm
            let g: Vec<f32> = sum
                .iter()
                .zip(&targets[i])
                .map(|(s, t)| -(t - cosine * s / norm) / norm * scale)
                .collect();
            for &(row, weight) in &inputs[i] {
                let acc = gradients.entry(row).or_insert_with(|| vec![0.0; self.dims]);
                for (a, x) in acc.iter_mut().zip(&g) {
                    *a += weight * x;
                }
            }
        }
        self.steps += 1;
        let c1 = 1.0 - BETA1.powi(self.steps);
        let c2 = 1.0 - BETA2.powi(self.steps);
        for (row, g) in gradients {
            let r = row as usize;
            let moments = self.first[r].iter_mut().zip(self.second[r].iter_mut());
            for ((value, (m, v)), g) in self.rows[r].iter_mut().zip(moments).zip(&g) {
                *m = BETA1 * *m + (1.0 - BETA1) * g;
                *v = BETA2 * *v + (1.0 - BETA2) * g * g;
                *value -= self.rate * (*m / c1) / ((*v / c2).sqrt() + EPSILON);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn principal_axes_of_a_diagonal_matrix_are_the_axes_by_size() {
        let m = vec![
            vec![1.0, 0.0, 0.0],
            vec![0.0, 3.0, 0.0],
            vec![0.0, 0.0, 2.0],
        ];
        let axes = principal_axes(m, 2);
        assert!((axes[0][1].abs() - 1.0).abs() < 1e-9, "{axes:?}");
        assert!((axes[1][2].abs() - 1.0).abs() < 1e-9, "{axes:?}");
    }

    #[test]
    fn principal_axes_find_a_rotated_direction() {
        // Variance 5 along (1, 1)/√2 and 1 along (1, -1)/√2.
        let m = vec![vec![3.0, 2.0], vec![2.0, 3.0]];
        let axes = principal_axes(m, 1);
        let r = std::f64::consts::FRAC_1_SQRT_2;
        assert!((axes[0][0].abs() - r).abs() < 1e-9 && (axes[0][1].abs() - r).abs() < 1e-9);
        assert!(axes[0][0] * axes[0][1] > 0.0, "{axes:?}");
    }

    #[test]
    fn sentences_are_cut_at_stops_and_filtered_by_length() {
        let doc = "Hi. I have had pain in my back for years. Why? It never stops hurting at night!";
        let got: Vec<&str> = sentences(doc).collect();
        assert_eq!(
            got,
            [
                "I have had pain in my back for years.",
                "It never stops hurting at night!"
            ]
        );
    }
}
