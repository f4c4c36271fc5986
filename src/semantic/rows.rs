//! Vectors stored as `i8` with one `f32` scale per row: a quarter of the memory of `f32` rows,
//! and cosines that differ from the `f32` ones in the third decimal. The shipped model's rows
//! and the page sentences an explanation quotes are kept this way.

/// Rows of `dims` components, each `scale × i8`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct QuantizedRows {
    dims: usize,
    scales: Vec<f32>,
    components: Vec<i8>,
}

impl QuantizedRows {
    /// Quantizes `rows` (all of length `dims`), each with its own scale.
    pub fn quantize<'a>(dims: usize, rows: impl IntoIterator<Item = &'a [f32]>) -> QuantizedRows {
        let mut out = QuantizedRows::empty(dims);
        rows.into_iter().for_each(|row| out.push(row));
        out
    }

    /// No rows yet, of length `dims`.
    pub fn empty(dims: usize) -> QuantizedRows {
        QuantizedRows {
            dims,
            ..QuantizedRows::default()
        }
    }

    /// Quantizes one more row (of length `dims`) with its own scale.
    pub fn push(&mut self, row: &[f32]) {
        let max = row.iter().fold(0.0f32, |m, x| m.max(x.abs()));
        let scale = if max > 0.0 { max / 127.0 } else { 1.0 };
        self.scales.push(scale);
        self.components.extend(
            row.iter()
                .map(|x| (x / scale).round().clamp(-127.0, 127.0) as i8),
        );
    }

    /// Rows already quantized, as a model file stores them; `None` if the lengths disagree.
    pub fn from_parts(dims: usize, scales: Vec<f32>, components: Vec<i8>) -> Option<QuantizedRows> {
        (components.len() == scales.len() * dims).then_some(QuantizedRows {
            dims,
            scales,
            components,
        })
    }

    /// The scales, one per row.
    pub fn scales(&self) -> &[f32] {
        &self.scales
    }

    /// The components, row after row.
    pub fn components(&self) -> &[i8] {
        &self.components
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.scales.len()
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.scales.is_empty()
    }

    /// Length of a row.
    pub fn dims(&self) -> usize {
        self.dims
    }

    fn row(&self, i: usize) -> &[i8] {
        &self.components[i * self.dims..(i + 1) * self.dims]
    }

    /// `into += weight × row i`.
    pub fn add_to(&self, i: usize, weight: f32, into: &mut [f32]) {
        let scale = self.scales[i] * weight;
        for (acc, &c) in into.iter_mut().zip(self.row(i)) {
            *acc += scale * f32::from(c);
        }
    }

    /// The dot product of row `i` with `v`.
    pub fn dot(&self, i: usize, v: &[f32]) -> f32 {
        dot_with(self.row(i), v, f32::from) * self.scales[i]
    }
}

/// Dot product; the cosine of two unit vectors.
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    dot_with(a, b, |x| x)
}

/// `Σ value(a[i]) · b[i]`, with eight running sums so that the compiler can keep them in one
/// vector register (a single sum is a dependency chain it may not reorder).
fn dot_with<T: Copy>(a: &[T], b: &[f32], value: impl Fn(T) -> f32) -> f32 {
    const LANES: usize = 8;
    let mut sums = [0.0f32; LANES];
    let (a_chunks, b_chunks) = (a.chunks_exact(LANES), b.chunks_exact(LANES));
    let tail: f32 = a_chunks
        .remainder()
        .iter()
        .zip(b_chunks.remainder())
        .map(|(&x, y)| value(x) * y)
        .sum();
    for (x, y) in a_chunks.zip(b_chunks) {
        for (sum, (&x, y)) in sums.iter_mut().zip(x.iter().zip(y)) {
            *sum += value(x) * y;
        }
    }
    sums.iter().sum::<f32>() + tail
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantized_rows_keep_dot_products_close() {
        let a = [0.3f32, -0.7, 0.1, 0.64];
        let b = [0.5f32, 0.5, -0.5, 0.5];
        let rows = QuantizedRows::quantize(4, [&a[..]]);
        let exact: f32 = a.iter().zip(&b).map(|(x, y)| x * y).sum();
        assert!((rows.dot(0, &b) - exact).abs() < 0.01);
        let mut sum = vec![0.0; 4];
        rows.add_to(0, 2.0, &mut sum);
        assert!(sum.iter().zip(&a).all(|(s, x)| (s - 2.0 * x).abs() < 0.02));
    }

    #[test]
    fn a_zero_row_stays_zero() {
        let rows = QuantizedRows::quantize(3, [&[0.0f32, 0.0, 0.0][..]]);
        assert_eq!(rows.dot(0, &[1.0, 1.0, 1.0]), 0.0);
    }
}
