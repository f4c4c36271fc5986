//! The shipped sentence model: one vector per word, distilled from all-MiniLM-L6-v2.
//!
//! A text's vector is the sum of its words' vectors, normalized. The vectors were trained so
//! that this sum points where the full transformer's sentence vector points (see
//! `models/README.md`); what the sum loses is word order, what it gains is speed — a query costs
//! a few microseconds instead of milliseconds. Words are the analyzer's normalized words
//! ([`crate::analysis::Analyzer::normalize`]), so Unicode folding, accents and full-width letters
//! behave exactly as in the lexical index. A word outside the model's vocabulary is spelled
//! with the transformer's WordPiece pieces, which have vectors of their own.
//!
//! # File format (`model.csm`, little-endian)
//! `b"CSMODEL1"`, then `u32` dims, `u32` word count, `u32` piece count; each word and then each
//! piece as a `u8` byte length and UTF-8 bytes; one `f32` scale per row (words, then pieces);
//! then every row's `dims` components as `i8`. A row is `scale × components`.

use std::collections::HashMap;

use super::rows::QuantizedRows;
use super::wordpiece::WordPiece;
use super::{Embedder, normalize_in_place};
use crate::analysis::analyzer;

/// What identifies the format.
const MAGIC: &[u8; 8] = b"CSMODEL1";

/// A model file that cannot be read: what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct FormatError(String);

/// Which rows of a static model a text reads: one row per known word, WordPiece rows for the
/// others. Shared by the model and by its training, so both cut text the same way.
#[derive(Debug, Clone)]
pub struct Vocabulary {
    words: HashMap<String, u32>,
    pieces: WordPiece,
}

impl Vocabulary {
    /// Known words (rows `0..words.len()`, in order) and the pieces after them.
    pub fn new(words: &[String], pieces: WordPiece) -> Vocabulary {
        let words = words
            .iter()
            .enumerate()
            .map(|(i, w)| (w.clone(), i as u32))
            .collect();
        Vocabulary { words, pieces }
    }

    /// Number of rows: words and pieces.
    pub fn rows(&self) -> usize {
        self.words.len() + self.pieces.len()
    }

    /// Number of known words.
    pub fn words(&self) -> usize {
        self.words.len()
    }

    /// The pieces.
    pub fn pieces(&self) -> &WordPiece {
        &self.pieces
    }

    /// The rows a normalized word contributes, with their weights: its own row, or its
    /// pieces' rows sharing one word's weight.
    pub fn word_rows(&self, word: &str, out: &mut Vec<(u32, f32)>) {
        if let Some(&row) = self.words.get(word) {
            out.push((row, 1.0));
            return;
        }
        let mut ids = Vec::new();
        self.pieces.pieces_into(word, &mut ids);
        ids.retain(|&id| id != self.pieces.unk());
        let share = 1.0 / ids.len().max(1) as f32;
        let base = self.words.len() as u32;
        out.extend(ids.into_iter().map(|id| (base + id, share)));
    }

    /// The weighted rows of a text: its analyzer-normalized words, in order.
    pub fn text_rows(&self, text: &str) -> Vec<(u32, f32)> {
        let mut rows = Vec::new();
        for word in analyzer()
            .normalize(text)
            .split(' ')
            .filter(|w| !w.is_empty())
        {
            self.word_rows(word, &mut rows);
        }
        rows
    }
}

/// Word vectors with WordPiece vectors for words outside the vocabulary.
#[derive(Clone)]
pub struct StaticModel {
    dims: usize,
    vocabulary: Vocabulary,
    /// The words' rows, then the pieces'.
    rows: QuantizedRows,
    name: String,
}

impl std::fmt::Debug for StaticModel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StaticModel")
            .field("name", &self.name)
            .field("dims", &self.dims)
            .field("words", &self.vocabulary.words())
            .field("pieces", &self.vocabulary.pieces().len())
            .finish()
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize, what: &str) -> Result<&'a [u8], FormatError> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len());
        let Some(end) = end else {
            return Err(FormatError(format!(
                "the file ends at byte {} while reading {what}; it is truncated",
                self.bytes.len()
            )));
        };
        let slice = &self.bytes[self.at..end];
        self.at = end;
        Ok(slice)
    }

    fn u32(&mut self, what: &str) -> Result<u32, FormatError> {
        let b = self.take(4, what)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn string(&mut self, what: &str) -> Result<&'a str, FormatError> {
        let len = self.take(1, what)?[0] as usize;
        std::str::from_utf8(self.take(len, what)?)
            .map_err(|_| FormatError(format!("{what} at byte {} is not UTF-8", self.at - len)))
    }
}

impl StaticModel {
    /// Reads a model file (format in the module doc).
    pub fn from_bytes(name: &str, bytes: &[u8]) -> Result<StaticModel, FormatError> {
        let mut r = Reader { bytes, at: 0 };
        if r.take(8, "the header")? != MAGIC {
            return Err(FormatError(
                "not a condsearch model file (it does not start with CSMODEL1)".into(),
            ));
        }
        let dims = r.u32("the dimension count")? as usize;
        let word_count = r.u32("the word count")? as usize;
        let piece_count = r.u32("the piece count")? as usize;
        if dims == 0 || dims > 4096 {
            return Err(FormatError(format!(
                "{dims} dimensions is not a sentence model"
            )));
        }
        let words = (0..word_count)
            .map(|_| r.string("a word").map(str::to_string))
            .collect::<Result<Vec<_>, _>>()?;
        let mut vocab = String::new();
        for _ in 0..piece_count {
            vocab.push_str(r.string("a piece")?);
            vocab.push('\n');
        }
        let pieces = WordPiece::from_vocab(&vocab).ok_or_else(|| {
            FormatError("the piece vocabulary lacks [UNK], [CLS] or [SEP]".into())
        })?;
        let rows = word_count + piece_count;
        let scales = r
            .take(rows * 4, "the row scales")?
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect();
        let components = r
            .take(rows * dims, "the vectors")?
            .iter()
            .map(|&b| b as i8)
            .collect();
        if r.at != bytes.len() {
            return Err(FormatError(format!(
                "{} bytes follow the vectors; the file is not what its header says",
                bytes.len() - r.at
            )));
        }
        let rows = QuantizedRows::from_parts(dims, scales, components)
            .expect("the lengths were read from the same header");
        Ok(StaticModel {
            dims,
            vocabulary: Vocabulary::new(&words, pieces),
            rows,
            name: name.to_string(),
        })
    }

    /// Writes the model in the format [`StaticModel::from_bytes`] reads.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        let mut words: Vec<(&String, &u32)> = self.vocabulary.words.iter().collect();
        words.sort_by_key(|(_, row)| **row);
        let pieces = self.vocabulary.pieces.entries();
        for n in [self.dims, words.len(), pieces.len()] {
            out.extend_from_slice(&(n as u32).to_le_bytes());
        }
        for s in words
            .iter()
            .map(|(w, _)| w.as_str())
            .chain(pieces.iter().copied())
        {
            out.push(s.len() as u8);
            out.extend_from_slice(s.as_bytes());
        }
        for s in self.rows.scales() {
            out.extend_from_slice(&s.to_le_bytes());
        }
        out.extend(self.rows.components().iter().map(|&c| c as u8));
        out
    }

    /// Builds a model from float rows (one per row of `vocabulary`), quantizing each row to
    /// `i8` with its own scale.
    pub fn from_rows(name: &str, vocabulary: Vocabulary, rows: &[Vec<f32>]) -> StaticModel {
        let dims = rows.first().map_or(0, Vec::len);
        StaticModel {
            dims,
            vocabulary,
            rows: QuantizedRows::quantize(dims, rows.iter().map(Vec::as_slice)),
            name: name.to_string(),
        }
    }

    /// How the model cuts text into rows.
    pub fn vocabulary(&self) -> &Vocabulary {
        &self.vocabulary
    }
}

impl Embedder for StaticModel {
    fn embed(&self, text: &str) -> Vec<f32> {
        let mut v = vec![0.0; self.dims];
        for (row, weight) in self.vocabulary.text_rows(text) {
            self.rows.add_to(row as usize, weight, &mut v);
        }
        normalize_in_place(&mut v);
        v
    }

    fn dims(&self) -> usize {
        self.dims
    }

    fn name(&self) -> &str {
        &self.name
    }
}
