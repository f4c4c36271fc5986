//! ICD-10 and ICD-11 codes: what a well-formed code looks like, and how codes are compared.
//!
//! Patients and clinicians type codes with or without the dot and in any case (`G90.5`, `g905`),
//! and often a more or less specific code than the page lists: `F43.10` should find the page
//! coded `F43.1`, and `8D8A` the page coded `8D8A.0`. Codes are therefore compared in a
//! normalized form (lowercase, no dot), and every code is also indexed under its ancestors.

/// Which classification a code belongs to; they have different shapes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeSystem {
    /// ICD-10 / ICD-10-CM: a letter, two characters, then an optional `.` and up to four more.
    Icd10,
    /// ICD-11 MMS: a four-character stem such as `6A70` or `MG30`, then an optional extension.
    Icd11,
}

impl CodeSystem {
    /// How the system is named in messages.
    pub fn name(self) -> &'static str {
        match self {
            CodeSystem::Icd10 => "ICD-10",
            CodeSystem::Icd11 => "ICD-11",
        }
    }

    /// An example of a well-formed code, for error messages.
    pub fn example(self) -> &'static str {
        match self {
            CodeSystem::Icd10 => "'G90.5' or 'F32'",
            CodeSystem::Icd11 => "'6A70' or 'MG30.04'",
        }
    }

    /// Shortest ancestor a code is indexed under: the three-character ICD-10 category or the
    /// four-character ICD-11 stem.
    fn category_len(self) -> usize {
        match self {
            CodeSystem::Icd10 => 3,
            CodeSystem::Icd11 => 4,
        }
    }
}

/// Whether `code` is a well-formed code of `system`, as written in a page (uppercase, with dot).
///
/// ```
/// use condsearch::icd::{is_well_formed, CodeSystem};
/// assert!(is_well_formed(CodeSystem::Icd10, "G90.5"));
/// assert!(is_well_formed(CodeSystem::Icd11, "MB26.A"));
/// assert!(!is_well_formed(CodeSystem::Icd10, "GG0.5"));
/// ```
pub fn is_well_formed(system: CodeSystem, code: &str) -> bool {
    let (stem, extension) = match code.split_once('.') {
        Some((stem, ext)) => (stem, Some(ext)),
        None => (code, None),
    };
    let upper_alnum = |c: char| c.is_ascii_digit() || c.is_ascii_uppercase();
    // ICD-11 avoids I and O, which read as 1 and 0.
    let icd11_letter = |c: char| c.is_ascii_uppercase() && c != 'I' && c != 'O';
    let icd11_alnum = |c: char| c.is_ascii_digit() || icd11_letter(c);
    let s: Vec<char> = stem.chars().collect();
    let stem_ok = match system {
        CodeSystem::Icd10 => {
            s.len() == 3 && s[0].is_ascii_uppercase() && s[1].is_ascii_digit() && upper_alnum(s[2])
        }
        CodeSystem::Icd11 => {
            s.len() == 4
                && (('1'..='9').contains(&s[0]) || icd11_letter(s[0]))
                && icd11_letter(s[1])
                && s[2].is_ascii_digit()
                && icd11_alnum(s[3])
        }
    };
    let max_extension = match system {
        CodeSystem::Icd10 => 4,
        CodeSystem::Icd11 => 3,
    };
    let extension_ok = extension.is_none_or(|e| {
        (1..=max_extension).contains(&e.len())
            && e.chars().all(|c| match system {
                CodeSystem::Icd10 => upper_alnum(c),
                CodeSystem::Icd11 => icd11_alnum(c),
            })
    });
    stem_ok && extension_ok
}

/// The form codes are compared in: lowercase, without the dot (`G90.5` → `g905`).
///
/// It equals what the analyzer makes of the code, so a code typed in a query compares directly.
pub fn normalize(code: &str) -> String {
    code.chars()
        .filter(|c| *c != '.')
        .flat_map(char::to_lowercase)
        .collect()
}

/// The less specific codes a normalized code belongs to, most specific first
/// (`f4310` → `f431`, `f43`).
pub fn ancestors(system: CodeSystem, normalized: &str) -> Vec<String> {
    let min = system.category_len();
    (min..normalized.len())
        .rev()
        .map(|len| normalized[..len].to_string())
        .collect()
}

/// Whether a normalized query word has the shape of an ICD-10 or ICD-11 code.
///
/// Such words are looked up as codes and never typo-corrected.
pub fn looks_like_code(word: &str) -> bool {
    let b = word.as_bytes();
    if !(3..=7).contains(&b.len()) || !b.iter().all(|c| c.is_ascii_alphanumeric()) {
        return false;
    }
    let icd10 = b[0].is_ascii_lowercase() && b[1].is_ascii_digit();
    let icd11 = b.len() >= 4
        && b[1].is_ascii_lowercase()
        && b[2].is_ascii_digit()
        && (b[0].is_ascii_digit() || b[0].is_ascii_lowercase());
    icd10 || icd11
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalog_codes_are_well_formed() {
        for code in [
            "F32", "F31.3", "R45.851", "G90.5", "M54.5", "B02.2", "F10.2",
        ] {
            assert!(is_well_formed(CodeSystem::Icd10, code), "{code}");
        }
        for code in [
            "6A70", "MB26.A", "MG30.04", "8D8A.0", "8C0Z", "8E43.00", "1E91.5",
        ] {
            assert!(is_well_formed(CodeSystem::Icd11, code), "{code}");
        }
    }

    #[test]
    fn malformed_codes_are_rejected() {
        for code in ["G9", "G90.", "g90.5", "90.5", "G90.12345", "G90-5", ""] {
            assert!(!is_well_formed(CodeSystem::Icd10, code), "{code}");
        }
        for code in ["6A7", "6I70", "MG30.0404", "6a70", "MGA0"] {
            assert!(!is_well_formed(CodeSystem::Icd11, code), "{code}");
        }
    }

    #[test]
    fn normalization_drops_dot_and_case() {
        assert_eq!(normalize("MG30.04"), "mg3004");
    }

    #[test]
    fn ancestors_stop_at_the_category() {
        assert_eq!(ancestors(CodeSystem::Icd10, "f4310"), ["f431", "f43"]);
        assert_eq!(ancestors(CodeSystem::Icd11, "8d8a0"), ["8d8a"]);
        assert!(ancestors(CodeSystem::Icd10, "f32").is_empty());
    }

    #[test]
    fn code_shapes_are_recognized() {
        for word in ["g905", "f43", "f4310", "6a70", "mg3004", "8d8a", "8d8a0"] {
            assert!(looks_like_code(word), "{word}");
        }
        for word in ["ptsd", "pain", "covid19", "12", "b", "f"] {
            assert!(!looks_like_code(word), "{word}");
        }
    }
}
