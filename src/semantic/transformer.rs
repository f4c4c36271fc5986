//! The full sentence-transformer (all-MiniLM-L6-v2: a 6-layer BERT, mean pooling), run with
//! candle on the CPU. Feature `transformer`.
//!
//! It is too slow for the search box (10–20 ms a query on one core, against a 2 ms budget for
//! the whole search), so it is not what `serve` uses: it is the teacher the shipped static
//! model is distilled from, and the ablation row that shows what distillation costs. Weights
//! come from a folder holding `model.safetensors`, `config.json` and `tokenizer.json` (see
//! `models/README.md` for where they come from and how `scripts/fetch-model` verifies them).

use std::fs;
use std::path::Path;

use candle_core::{DType, Device, Module, Tensor};
use candle_nn::{Embedding, LayerNorm, Linear, VarBuilder};

use super::wordpiece::WordPiece;
use super::{Embedder, normalize_in_place};
use crate::error::{Error, Result};

/// Longest input, in pieces with `[CLS]` and `[SEP]`; sentence-transformers truncates
/// all-MiniLM-L6-v2 at 256.
const MAX_PIECES: usize = 256;

/// The hyper-parameters `config.json` gives (only those this model family uses).
#[derive(Debug, serde::Deserialize)]
struct Config {
    vocab_size: usize,
    hidden_size: usize,
    num_hidden_layers: usize,
    num_attention_heads: usize,
    intermediate_size: usize,
    max_position_embeddings: usize,
    type_vocab_size: usize,
    layer_norm_eps: f64,
}

struct Layer {
    query: Linear,
    key: Linear,
    value: Linear,
    attention_out: Linear,
    attention_norm: LayerNorm,
    intermediate: Linear,
    output: Linear,
    output_norm: LayerNorm,
}

/// all-MiniLM-L6-v2 with its tokenizer.
pub struct Transformer {
    tokenizer: WordPiece,
    words: Embedding,
    positions: Embedding,
    token_types: Embedding,
    embedding_norm: LayerNorm,
    layers: Vec<Layer>,
    heads: usize,
    hidden: usize,
    device: Device,
}

impl std::fmt::Debug for Transformer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Transformer")
            .field("layers", &self.layers.len())
            .field("hidden", &self.hidden)
            .finish()
    }
}

fn model_error(dir: &Path, message: impl std::fmt::Display) -> Error {
    Error::Model {
        path: dir.to_path_buf(),
        message: message.to_string(),
    }
}

fn read(dir: &Path, name: &str) -> Result<Vec<u8>> {
    let path = dir.join(name);
    fs::read(&path).map_err(|source| Error::Io { path, source })
}

impl Transformer {
    /// Loads the model from `dir`.
    pub fn load(dir: &Path) -> Result<Transformer> {
        let config: Config = serde_json::from_slice(&read(dir, "config.json")?)
            .map_err(|e| model_error(dir, format!("config.json: {e}")))?;
        let tokenizer = String::from_utf8(read(dir, "tokenizer.json")?)
            .ok()
            .and_then(|json| WordPiece::from_tokenizer_json(&json))
            .ok_or_else(|| {
                model_error(
                    dir,
                    "tokenizer.json holds no WordPiece vocabulary with [UNK], [CLS] and [SEP]",
                )
            })?;
        let device = Device::Cpu;
        let vb = VarBuilder::from_buffered_safetensors(
            read(dir, "model.safetensors")?,
            DType::F32,
            &device,
        )
        .map_err(|e| model_error(dir, format!("model.safetensors: {e}")))?;
        Transformer::build(config, tokenizer, vb, device)
            .map_err(|e| model_error(dir, format!("model.safetensors: {e}")))
    }

    fn build(
        c: Config,
        tokenizer: WordPiece,
        vb: VarBuilder<'_>,
        device: Device,
    ) -> candle_core::Result<Transformer> {
        let h = c.hidden_size;
        let norm = |vb: VarBuilder<'_>| candle_nn::layer_norm(h, c.layer_norm_eps, vb);
        let e = vb.pp("embeddings");
        let layers = (0..c.num_hidden_layers)
            .map(|i| {
                let l = vb.pp(format!("encoder.layer.{i}"));
                let a = l.pp("attention");
                Ok(Layer {
                    query: candle_nn::linear(h, h, a.pp("self.query"))?,
                    key: candle_nn::linear(h, h, a.pp("self.key"))?,
                    value: candle_nn::linear(h, h, a.pp("self.value"))?,
                    attention_out: candle_nn::linear(h, h, a.pp("output.dense"))?,
                    attention_norm: norm(a.pp("output.LayerNorm"))?,
                    intermediate: candle_nn::linear(
                        h,
                        c.intermediate_size,
                        l.pp("intermediate.dense"),
                    )?,
                    output: candle_nn::linear(c.intermediate_size, h, l.pp("output.dense"))?,
                    output_norm: norm(l.pp("output.LayerNorm"))?,
                })
            })
            .collect::<candle_core::Result<Vec<_>>>()?;
        Ok(Transformer {
            tokenizer,
            words: candle_nn::embedding(c.vocab_size, h, e.pp("word_embeddings"))?,
            positions: candle_nn::embedding(
                c.max_position_embeddings,
                h,
                e.pp("position_embeddings"),
            )?,
            token_types: candle_nn::embedding(c.type_vocab_size, h, e.pp("token_type_embeddings"))?,
            embedding_norm: norm(e.pp("LayerNorm"))?,
            layers,
            heads: c.num_attention_heads,
            hidden: h,
            device,
        })
    }

    /// The tokenizer, for callers that count or inspect pieces.
    pub fn tokenizer(&self) -> &WordPiece {
        &self.tokenizer
    }

    /// Mean-pooled last hidden states of several texts of the same piece count, one row each.
    /// Texts of one length need no padding and no attention mask.
    pub fn forward(&self, pieces: &[Vec<u32>]) -> candle_core::Result<Vec<Vec<f32>>> {
        let batch = pieces.len();
        let n = pieces.first().map_or(0, Vec::len);
        let flat: Vec<u32> = pieces.iter().flatten().copied().collect();
        let ids = Tensor::from_vec(flat, (batch, n), &self.device)?;
        let positions = Tensor::arange(0u32, n as u32, &self.device)?;
        let types = Tensor::zeros((batch, n), DType::U32, &self.device)?;
        let mut x = self
            .words
            .forward(&ids)?
            .broadcast_add(&self.positions.forward(&positions)?)?
            .add(&self.token_types.forward(&types)?)?;
        x = self.embedding_norm.forward(&x)?;
        let head = self.hidden / self.heads;
        let scale = 1.0 / (head as f64).sqrt();
        for l in &self.layers {
            let split = |t: Tensor| {
                t.reshape((batch, n, self.heads, head))?
                    .transpose(1, 2)?
                    .contiguous()
            };
            let q = split(l.query.forward(&x)?)?;
            let k = split(l.key.forward(&x)?)?;
            let v = split(l.value.forward(&x)?)?;
            let scores = (q.matmul(&k.t()?)? * scale)?;
            let weights = candle_nn::ops::softmax_last_dim(&scores)?;
            let context = weights
                .matmul(&v)?
                .transpose(1, 2)?
                .reshape((batch, n, self.hidden))?;
            x = l
                .attention_norm
                .forward(&(l.attention_out.forward(&context)? + &x)?)?;
            let h = l.intermediate.forward(&x)?.gelu_erf()?;
            x = l.output_norm.forward(&(l.output.forward(&h)? + &x)?)?;
        }
        x.mean(1)?.to_vec2::<f32>()
    }

    /// Embeds many texts at once, batching texts of equal piece count; returns unit vectors in
    /// input order.
    pub fn embed_many(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>> {
        let encoded: Vec<Vec<u32>> = texts
            .iter()
            .map(|t| self.tokenizer.encode(t, MAX_PIECES))
            .collect();
        let mut order: Vec<usize> = (0..texts.len()).collect();
        order.sort_by_key(|&i| encoded[i].len());
        let mut out = vec![Vec::new(); texts.len()];
        for group in order.chunk_by(|&a, &b| encoded[a].len() == encoded[b].len()) {
            for chunk in group.chunks(BATCH) {
                let batch: Vec<Vec<u32>> = chunk.iter().map(|&i| encoded[i].clone()).collect();
                let vectors = self.forward(&batch).map_err(inference_failed)?;
                for (&i, mut v) in chunk.iter().zip(vectors) {
                    normalize_in_place(&mut v);
                    out[i] = v;
                }
            }
        }
        Ok(out)
    }
}

impl Transformer {
    /// The unit vector of every vocabulary piece alone (`[CLS] piece [SEP]`), in id order:
    /// what the static model's piece rows start from.
    pub fn embed_pieces(&self) -> Result<Vec<Vec<f32>>> {
        let (cls, sep) = self.tokenizer.specials();
        let ids: Vec<Vec<u32>> = (0..self.tokenizer.len() as u32)
            .map(|id| vec![cls, id, sep])
            .collect();
        let mut out = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(BATCH * 8) {
            let vectors = self.forward(chunk).map_err(inference_failed)?;
            out.extend(vectors.into_iter().map(|mut v| {
                normalize_in_place(&mut v);
                v
            }));
        }
        Ok(out)
    }
}

/// A forward pass that failed: a bug or exhausted memory, not bad input.
fn inference_failed(e: candle_core::Error) -> Error {
    Error::Model {
        path: Default::default(),
        message: format!("inference failed: {e}"),
    }
}

/// Texts run through the model together.
const BATCH: usize = 64;

impl Embedder for Transformer {
    fn embed(&self, text: &str) -> Vec<f32> {
        self.embed_many(&[text])
            .ok()
            .and_then(|mut v| v.pop())
            .unwrap_or_else(|| vec![0.0; self.hidden])
    }

    fn dims(&self) -> usize {
        self.hidden
    }

    fn name(&self) -> &str {
        "all-MiniLM-L6-v2 (transformer)"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The similarities the sentence-transformers documentation prints for this model and
    /// these sentences (0.6660, 0.1046, 0.1411). `scripts/test` fetches the weights first.
    #[test]
    fn matches_the_reference_similarities() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("models/all-minilm-l6-v2");
        let model = Transformer::load(&dir)
            .unwrap_or_else(|e| panic!("{e}; run scripts/fetch-model to fetch the weights"));
        let v = model
            .embed_many(&[
                "The weather is lovely today.",
                "It's so sunny outside!",
                "He drove to the stadium.",
            ])
            .unwrap();
        let cos = |a: &[f32], b: &[f32]| a.iter().zip(b).map(|(x, y)| x * y).sum::<f32>();
        assert!((cos(&v[0], &v[1]) - 0.6660).abs() < 1e-3);
        assert!((cos(&v[0], &v[2]) - 0.1046).abs() < 1e-3);
        assert!((cos(&v[1], &v[2]) - 0.1411).abs() < 1e-3);
    }
}
