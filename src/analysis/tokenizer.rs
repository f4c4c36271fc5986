//! Splits normalized text into words and the parts of compound words.
//!
//! A word is a run of letters and digits. Inside a word an apostrophe is dropped (`Horton's` →
//! `hortons`), a hyphen splits the word into parts that are also indexed joined
//! (`post-traumatic` → `post`, `traumatic`, `posttraumatic`), and a full stop after a digit is
//! dropped so codes read as one word (`G90.5` → `g905`). Everything else separates words.

use super::rules::{CharClass, Rules};

/// Longest part kept, in characters; longer runs are noise (pasted hashes, URLs) and are dropped.
pub(crate) const MAX_PART_CHARS: usize = 40;

/// One part of a word, with the bytes of the source text it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Part {
    pub(crate) text: String,
    pub(crate) from: usize,
    pub(crate) to: usize,
    /// The source letters were all capitals (at least two of them): an acronym as typed.
    pub(crate) upper: bool,
}

#[derive(Debug, Default)]
struct PartBuilder {
    text: String,
    chars: usize,
    from: usize,
    to: usize,
    uppers: usize,
    lowers: usize,
    has_digit: bool,
}

impl PartBuilder {
    /// Starts a part at byte `from`, writing into `buffer` (emptied; reused to spare allocations).
    fn start(from: usize, mut buffer: String) -> PartBuilder {
        buffer.clear();
        PartBuilder {
            text: buffer,
            from,
            to: from,
            ..PartBuilder::default()
        }
    }

    /// The finished part, or its buffer back when the part is dropped (empty or overlong).
    fn finish(self) -> Result<Part, String> {
        if self.chars <= MAX_PART_CHARS && !self.text.is_empty() {
            Ok(Part {
                text: self.text,
                from: self.from,
                to: self.to,
                upper: self.uppers >= 2 && self.lowers == 0,
            })
        } else {
            Err(self.text)
        }
    }
}

/// Walks `text`, calling `emit` with the parts of each word (one part for a plain word).
pub(crate) fn split_words(rules: &Rules, text: &str, mut emit: impl FnMut(&[Part])) {
    let mut parts: Vec<Part> = Vec::new();
    let mut current: Option<PartBuilder> = None;
    let mut pending: Option<CharClass> = None;
    let mut normalized: Vec<char> = Vec::with_capacity(4);
    // Buffers of emitted parts, reused for the next ones.
    let mut spare: Vec<String> = Vec::new();

    let close_part =
        |parts: &mut Vec<Part>, spare: &mut Vec<String>, builder: PartBuilder| match builder
            .finish()
        {
            Ok(part) => parts.push(part),
            Err(buffer) => spare.push(buffer),
        };
    let mut finish_word =
        |parts: &mut Vec<Part>, spare: &mut Vec<String>, current: &mut Option<PartBuilder>| {
            if let Some(builder) = current.take() {
                close_part(parts, spare, builder);
            }
            if !parts.is_empty() {
                emit(parts);
                spare.extend(parts.drain(..).map(|p| p.text));
            }
        };

    for (start, c) in text.char_indices() {
        let end = start + c.len_utf8();
        normalized.clear();
        rules.normalize_char(c, &mut |n| normalized.push(n));
        for &n in &normalized {
            match rules.classify(n) {
                CharClass::Word => {
                    match (&mut current, pending.take()) {
                        (Some(_), Some(CharClass::Hyphen)) => {
                            if let Some(builder) = current.take() {
                                close_part(&mut parts, &mut spare, builder);
                            }
                            let buffer = spare.pop().unwrap_or_default();
                            current = Some(PartBuilder::start(start, buffer));
                        }
                        (Some(_), _) => {}
                        (None, _) => {
                            let buffer = spare.pop().unwrap_or_default();
                            current = Some(PartBuilder::start(start, buffer));
                        }
                    }
                    let part = current.as_mut().expect("a part is open");
                    part.text.push(n);
                    part.chars += 1;
                    part.to = end;
                    part.has_digit |= n.is_ascii_digit();
                    if c.is_uppercase() {
                        part.uppers += 1;
                    } else if c.is_lowercase() {
                        part.lowers += 1;
                    }
                }
                class @ (CharClass::Apostrophe | CharClass::Hyphen | CharClass::Dot) => {
                    let joins = match (&current, pending) {
                        (Some(part), None) => class != CharClass::Dot || part.has_digit,
                        _ => false,
                    };
                    if joins {
                        pending = Some(class);
                    } else {
                        pending = None;
                        finish_word(&mut parts, &mut spare, &mut current);
                    }
                }
                CharClass::Separator => {
                    pending = None;
                    finish_word(&mut parts, &mut spare, &mut current);
                }
            }
        }
    }
    finish_word(&mut parts, &mut spare, &mut current);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<Vec<String>> {
        let rules = Rules::embedded();
        let mut out = Vec::new();
        split_words(&rules, text, |parts| {
            out.push(parts.iter().map(|p| p.text.clone()).collect())
        });
        out
    }

    #[test]
    fn apostrophes_join() {
        assert_eq!(words("Horton’s won't"), vec![vec!["hortons"], vec!["wont"]]);
    }

    #[test]
    fn hyphens_split_into_parts() {
        assert_eq!(
            words("post‐traumatic stress"),
            vec![vec!["post", "traumatic"], vec!["stress"]]
        );
    }

    #[test]
    fn trailing_and_leading_punctuation_separates() {
        assert_eq!(words("'ptsd?' -- ok-"), vec![vec!["ptsd"], vec!["ok"]]);
    }

    #[test]
    fn dots_join_codes_but_not_sentences() {
        assert_eq!(
            words("G90.5 end. e.g."),
            vec![vec!["g905"], vec!["end"], vec!["e"], vec!["g"]]
        );
    }

    #[test]
    fn offsets_point_at_source_bytes() {
        let rules = Rules::embedded();
        let text = "Ｆ43 dé";
        let mut got = Vec::new();
        split_words(&rules, text, |parts| got.extend(parts.iter().cloned()));
        assert_eq!(&text[got[0].from..got[0].to], "Ｆ43");
        assert_eq!(&text[got[1].from..got[1].to], "dé");
    }

    #[test]
    fn capitals_mark_acronyms() {
        let rules = Rules::embedded();
        let mut got = Vec::new();
        split_words(&rules, "PTSD Ocd OCD I", |parts| {
            got.extend(parts.iter().cloned())
        });
        let upper: Vec<bool> = got.iter().map(|p| p.upper).collect();
        assert_eq!(upper, vec![true, false, true, false]);
    }

    #[test]
    fn overlong_runs_are_dropped() {
        let long = "a".repeat(MAX_PART_CHARS + 1);
        assert_eq!(words(&format!("{long} pain")), vec![vec!["pain"]]);
    }
}
