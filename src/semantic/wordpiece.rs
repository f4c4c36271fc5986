//! The model's own tokenizer: BERT's uncased WordPiece, as all-MiniLM-L6-v2 was trained with it.
//!
//! Two steps, as in the reference implementation: a *basic* split (drop control characters,
//! lowercase, strip accents, cut on whitespace and punctuation, one token per CJK character),
//! then *WordPiece*: each word becomes the longest vocabulary entries that spell it, left to
//! right, continuation pieces prefixed `##`; a word that cannot be spelled becomes `[UNK]`.
//! `tests/fixtures/semantic/wordpiece.tsv` pins the ids against the reference tokenizer.

use std::collections::HashMap;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Longest word WordPiece tries to spell, in characters; longer ones are `[UNK]`.
const MAX_WORD_CHARS: usize = 100;

/// A WordPiece vocabulary.
#[derive(Debug, Clone)]
pub struct WordPiece {
    ids: HashMap<String, u32>,
    entries: Vec<String>,
    unk: u32,
    cls: u32,
    sep: u32,
}

impl WordPiece {
    /// Reads `vocab.txt`: one piece per line, the line number (from 0) is its id. `None` when
    /// the special tokens `[UNK]`, `[CLS]` and `[SEP]` are missing: not a BERT vocabulary.
    pub fn from_vocab(text: &str) -> Option<WordPiece> {
        let entries: Vec<String> = text
            .lines()
            .map(|piece| piece.trim_end_matches('\r').to_string())
            .collect();
        let ids: HashMap<String, u32> = entries
            .iter()
            .enumerate()
            .map(|(i, piece)| (piece.clone(), i as u32))
            .collect();
        Some(WordPiece {
            unk: *ids.get("[UNK]")?,
            cls: *ids.get("[CLS]")?,
            sep: *ids.get("[SEP]")?,
            ids,
            entries,
        })
    }

    /// Reads the vocabulary of a Hugging Face `tokenizer.json` (its `model.vocab` object,
    /// piece → id). `None` when it has none, or ids with gaps, or lacks the special tokens.
    pub fn from_tokenizer_json(json: &str) -> Option<WordPiece> {
        let value: serde_json::Value = serde_json::from_str(json).ok()?;
        let vocab = value.get("model")?.get("vocab")?.as_object()?;
        let mut entries = vec![String::new(); vocab.len()];
        for (piece, id) in vocab {
            *entries.get_mut(usize::try_from(id.as_u64()?).ok()?)? = piece.clone();
        }
        WordPiece::from_vocab(&entries.join("\n"))
    }

    /// The pieces in id order, as `vocab.txt` lists them.
    pub fn entries(&self) -> Vec<&str> {
        self.entries.iter().map(String::as_str).collect()
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether the vocabulary is empty (never, for a loaded one).
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The ids of `[CLS]` and `[SEP]`, which open and close every input.
    pub fn specials(&self) -> (u32, u32) {
        (self.cls, self.sep)
    }

    /// The id of the unknown-word token.
    pub fn unk(&self) -> u32 {
        self.unk
    }

    /// `text` as the model reads it: `[CLS]`, the pieces (at most `max_len - 2` of them), `[SEP]`.
    pub fn encode(&self, text: &str, max_len: usize) -> Vec<u32> {
        let mut ids = vec![self.cls];
        for word in basic_split(text) {
            self.pieces_into(&word, &mut ids);
            if ids.len() >= max_len - 1 {
                ids.truncate(max_len - 1);
                break;
            }
        }
        ids.push(self.sep);
        ids
    }

    /// The pieces of one word already split by [`basic_split`], appended to `out`: the
    /// longest vocabulary entries that spell it, or `[UNK]` if it cannot be spelled.
    pub fn pieces_into(&self, word: &str, out: &mut Vec<u32>) {
        let chars: Vec<char> = word.chars().collect();
        if chars.len() > MAX_WORD_CHARS {
            out.push(self.unk);
            return;
        }
        let mark = out.len();
        let mut start = 0;
        let mut candidate = String::new();
        while start < chars.len() {
            let mut end = chars.len();
            let mut found = None;
            while start < end {
                candidate.clear();
                if start > 0 {
                    candidate.push_str("##");
                }
                candidate.extend(&chars[start..end]);
                if let Some(&id) = self.ids.get(candidate.as_str()) {
                    found = Some(id);
                    break;
                }
                end -= 1;
            }
            match found {
                Some(id) => {
                    out.push(id);
                    start = end;
                }
                None => {
                    out.truncate(mark);
                    out.push(self.unk);
                    return;
                }
            }
        }
    }
}

/// BERT's basic tokenizer for an uncased model: the words and punctuation marks of `text`,
/// lowercased and without accents.
pub fn basic_split(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let flush = |word: &mut String, words: &mut Vec<String>| {
        if !word.is_empty() {
            words.push(std::mem::take(word));
        }
    };
    for c in text.chars() {
        if c == '\0' || c == '\u{FFFD}' || is_format(c) || (c.is_control() && !c.is_whitespace()) {
            continue;
        }
        if c.is_whitespace() {
            flush(&mut word, &mut words);
        } else if is_cjk(c) {
            flush(&mut word, &mut words);
            words.push(c.to_string());
        } else {
            for lower in c.to_lowercase() {
                for d in std::iter::once(lower)
                    .nfd()
                    .filter(|d| !is_combining_mark(*d))
                {
                    if is_punctuation(d) {
                        flush(&mut word, &mut words);
                        words.push(d.to_string());
                    } else {
                        word.push(d);
                    }
                }
            }
        }
    }
    flush(&mut word, &mut words);
    words
}

/// The invisible format characters (Unicode category Cf) text pasted from the web carries:
/// BERT drops them like control characters.
fn is_format(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{0600}'..='\u{0605}' | '\u{061C}' | '\u{06DD}' | '\u{070F}'
        | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206F}' | '\u{FEFF}'
        | '\u{FFF9}'..='\u{FFFB}')
}

/// Punctuation as BERT defines it: every non-alphanumeric printable ASCII character, and every
/// character of a Unicode punctuation category.
fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation() || (!c.is_ascii() && is_unicode_punct(c))
}

/// Unicode general categories Pc, Pd, Ps, Pe, Pi, Pf and Po, by the blocks that hold them.
fn is_unicode_punct(c: char) -> bool {
    matches!(c,
        '\u{00A1}' | '\u{00A7}' | '\u{00AB}' | '\u{00B6}' | '\u{00B7}' | '\u{00BB}' | '\u{00BF}'
        | '\u{037E}' | '\u{0387}'
        | '\u{055A}'..='\u{055F}' | '\u{0589}' | '\u{058A}'
        | '\u{05BE}' | '\u{05C0}' | '\u{05C3}' | '\u{05C6}' | '\u{05F3}' | '\u{05F4}'
        | '\u{0609}' | '\u{060A}' | '\u{060C}' | '\u{060D}' | '\u{061B}' | '\u{061D}'..='\u{061F}'
        | '\u{066A}'..='\u{066D}' | '\u{06D4}'
        | '\u{0964}' | '\u{0965}' | '\u{0970}'
        | '\u{0E4F}' | '\u{0E5A}' | '\u{0E5B}'
        | '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{2043}' | '\u{2045}'..='\u{2051}'
        | '\u{2053}'..='\u{205E}' | '\u{207D}' | '\u{207E}' | '\u{208D}' | '\u{208E}'
        | '\u{2308}'..='\u{230B}' | '\u{2329}' | '\u{232A}' | '\u{2768}'..='\u{2775}'
        | '\u{27C5}' | '\u{27C6}' | '\u{27E6}'..='\u{27EF}' | '\u{2983}'..='\u{2998}'
        | '\u{29D8}'..='\u{29DB}' | '\u{29FC}' | '\u{29FD}'
        | '\u{2CF9}'..='\u{2CFC}' | '\u{2CFE}' | '\u{2CFF}' | '\u{2E00}'..='\u{2E2E}'
        | '\u{2E30}'..='\u{2E4F}' | '\u{3001}'..='\u{3003}' | '\u{3008}'..='\u{3011}'
        | '\u{3014}'..='\u{301F}' | '\u{3030}' | '\u{303D}' | '\u{30A0}' | '\u{30FB}'
        | '\u{FE10}'..='\u{FE19}' | '\u{FE30}'..='\u{FE52}' | '\u{FE54}'..='\u{FE61}'
        | '\u{FE63}' | '\u{FE68}' | '\u{FE6A}' | '\u{FE6B}'
        | '\u{FF01}'..='\u{FF03}' | '\u{FF05}'..='\u{FF0A}' | '\u{FF0C}'..='\u{FF0F}'
        | '\u{FF1A}' | '\u{FF1B}' | '\u{FF1F}' | '\u{FF20}' | '\u{FF3B}'..='\u{FF3D}'
        | '\u{FF3F}' | '\u{FF5B}' | '\u{FF5D}' | '\u{FF5F}'..='\u{FF65}'
    )
}

/// The CJK ideograph blocks BERT splits character by character.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0x20000..=0x2A6DF | 0x2A700..=0x2B73F
        | 0x2B740..=0x2B81F | 0x2B820..=0x2CEAF | 0xF900..=0xFAFF | 0x2F800..=0x2FA1F)
}
