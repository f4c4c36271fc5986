//! How sure the engine is that a hit is the page the person wants.
//!
//! The rule, in order (first that applies):
//! 1. **high**: the whole query is one of the page's names or search phrases, or a code the
//!    page carries;
//! 2. **medium**: the query is a parent or child of one of the page's codes;
//! 3. **low**: the query has no content words the catalog knows (only stop or intent words such
//!    as "ketamine cost", or nothing the catalog has ever used such as "asdfgh");
//! 4. otherwise the *evidence*: for every content unit of the query, the strength of its best
//!    match on the page — in a naming field (title, aliases, search phrases) from 0.4 to 1.0 by
//!    how much of that name the query covers ("fibromyalgia" covers "Fibromyalgia", "low" a
//!    quarter of "Chronic Low Back Pain"), 0.6 in the summary, 0.4 in the body, 0.35 in the FAQ,
//!    0.1 in "How it differs" — times 0.9 for a typo correction, 0.85 for a prefix completion,
//!    0.95 for a synonym. The evidence is their weighted mean: a topic word (one some page is
//!    named by) weighs 1, any other word ("says", "son", or one the catalog never uses) 0.5,
//!    because a page missing the query's topic words is less likely to be meant than one
//!    missing its filler — except that in a query of at most two content words, any word the
//!    catalog uses, and any finished word of five letters or more that it does not know at all
//!    ("gambling" of "gambling addiction"), weighs 1: it is half of what was asked. **high**
//!    when the evidence is at least [`HIGH_EVIDENCE`] and a unit names the page (strength at
//!    least [`NAMING`]); **medium** when it is at least [`MEDIUM_EVIDENCE`] and a unit at least
//!    partly names the page ([`PART_NAMING`]) or two units describe it (summary or better);
//!    **low** otherwise.
//! 5. Relative to the best hit: a hit scoring under [`RELATIVE_MEDIUM`] of the best is at most
//!    medium, under [`RELATIVE_LOW`] low: a page far below the first is not a confident answer —
//!    unless it names the page through a part of the query the best hit does not even describe
//!    (a second condition: "ptsd and chronic back pain"), which keeps it up to medium.
//!
//! The thresholds were tuned on the `tune` split of the labeled queries, for two goals at once:
//! in-scope queries get their page with high or medium, out-of-scope ones get nothing above low.

use serde::{Deserialize, Serialize};

use super::Via;
use super::explain::UnitMatch;
use super::plan::Plan;

/// Confidence of one hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    /// Probably not what the person wants; shown only as a last resort.
    Low,
    /// A reasonable answer.
    Medium,
    /// The page the query names.
    High,
}

impl Confidence {
    /// The name used in JSON and tables.
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Low => "low",
            Confidence::Medium => "medium",
            Confidence::High => "high",
        }
    }
}

/// Evidence for **high**.
pub const HIGH_EVIDENCE: f32 = 0.8;
/// Evidence for **medium**.
pub const MEDIUM_EVIDENCE: f32 = 0.45;
/// Strength of a match that names the page.
pub const NAMING: f32 = 0.85;
/// Strength of a match that names the page in part ("trigeminal" of "Trigeminal Neuralgia").
pub const PART_NAMING: f32 = 0.65;
/// Strength of a match in the summary or better.
const DESCRIBING: f32 = 0.6;
/// Weight in the mean of a unit that is not a topic word.
const FILLER_UNIT_WEIGHT: f32 = 0.5;
/// Most content units of a query in which every word weighs as much as a topic word, whether the
/// catalog uses it ("smoking" of "quit smoking") or does not know it at all (see
/// `Unit::foreign`: "gambling" of "gambling addiction"): such a word is half of what was asked,
/// and a page matching only the other half is not the answer. Only a short unknown word (a typo
/// the engine may not correct, "pian") or one still being typed ("phantom li") stays filler. In
/// longer lay descriptions other words are mostly incidental ("vodka", "stove").
const SHORT_QUERY_UNITS: usize = 2;
/// Share of the best score under which a hit is at most medium.
pub const RELATIVE_MEDIUM: f32 = 0.6;
/// Share of the best score under which a hit is low.
pub const RELATIVE_LOW: f32 = 0.3;

fn via_factor(via: Via) -> f32 {
    match via {
        Via::Exact | Via::Compound | Via::Code => 1.0,
        Via::Synonym => 0.95,
        Via::Typo => 0.9,
        Via::Prefix => 0.85,
        Via::CodeFamily => 0.8,
        // Never a unit's match: closeness in meaning is weighed by the fusion model instead.
        Via::Meaning => 0.0,
    }
}

/// The confidence a page earns on its own evidence (rules 1–4), with the evidence value of rule
/// 4 (1 for exact names and codes, 0 when the query has no known content word).
/// `named_elsewhere[u]`: whether another hit names the query's unit `u` (see
/// [`named_elsewhere`]); such a unit, if this page does not describe it, is the other
/// condition of a two-condition query and does not count against this page.
pub(crate) fn assess(
    plan: &Plan,
    matches: &[UnitMatch],
    exact_name: bool,
    named_elsewhere: &[bool],
) -> (Confidence, f32) {
    if exact_name || matches.iter().any(|m| m.via == Via::Code) {
        return (Confidence::High, 1.0);
    }
    if matches.iter().any(|m| m.via == Via::CodeFamily) {
        return (Confidence::Medium, 1.0);
    }
    if !plan.units.iter().any(|u| u.content && u.known) {
        return (Confidence::Low, 0.0);
    }
    let describes = |u: usize| {
        matches
            .iter()
            .any(|m| m.unit == u && m.strength >= DESCRIBING)
    };
    let short = plan.units.iter().filter(|u| u.content).count() <= SHORT_QUERY_UNITS;
    let weights: f32 = plan
        .units
        .iter()
        .enumerate()
        .filter(|(i, u)| u.content && (!named_elsewhere[*i] || describes(*i)))
        .map(|(_, u)| {
            if u.topical || (short && (u.known || u.foreign)) {
                1.0
            } else {
                FILLER_UNIT_WEIGHT
            }
        })
        .sum::<f32>()
        .max(f32::EPSILON);
    let evidence = matches
        .iter()
        .map(|m| m.strength * via_factor(m.via))
        .sum::<f32>()
        / weights;
    let strongest = matches.iter().map(|m| m.strength).fold(0.0, f32::max);
    let describing = matches.iter().filter(|m| m.strength >= DESCRIBING).count();
    let confidence = if evidence >= HIGH_EVIDENCE && strongest >= NAMING {
        Confidence::High
    } else if evidence >= MEDIUM_EVIDENCE && (strongest >= PART_NAMING || describing >= 2) {
        Confidence::Medium
    } else {
        Confidence::Low
    };
    (confidence, evidence.min(1.0))
}

/// For each unit of the query, whether some hit names its page through it (strength at least
/// [`PART_NAMING`]).
pub(crate) fn named_by_some_hit<'m>(
    units: usize,
    hits: impl Iterator<Item = &'m [UnitMatch]>,
) -> Vec<Vec<usize>> {
    let mut namers: Vec<Vec<usize>> = vec![Vec::new(); units];
    for (h, matches) in hits.enumerate() {
        for m in matches.iter().filter(|m| m.strength >= PART_NAMING) {
            namers[m.unit].push(h);
        }
    }
    namers
}

/// Whether another hit than `hit` names each unit, from [`named_by_some_hit`].
pub(crate) fn named_elsewhere(namers: &[Vec<usize>], hit: usize) -> Vec<bool> {
    namers.iter().map(|n| n.iter().any(|&h| h != hit)).collect()
}

/// Whether `matches` name the page through a unit that `best` (the first hit's matches) does
/// not even describe: a second condition in the query ("ptsd and chronic back pain"), which a
/// score far below the first hit does not make less wanted.
pub(crate) fn answers_another_part(matches: &[UnitMatch], best: &[UnitMatch]) -> bool {
    matches.iter().any(|m| {
        m.strength >= PART_NAMING
            && !best
                .iter()
                .any(|b| b.unit == m.unit && b.strength >= DESCRIBING)
    })
}

/// Rule 5: caps a hit's confidence by its score relative to the best hit, unless it answers a
/// part of the query the best hit does not (then at most medium).
pub(crate) fn relative_cap(
    confidence: Confidence,
    score: f32,
    best: f32,
    another_part: bool,
) -> Confidence {
    if best <= 0.0 {
        return confidence;
    }
    if another_part {
        return confidence.min(Confidence::Medium);
    }
    let share = score / best;
    if share < RELATIVE_LOW {
        Confidence::Low
    } else if share < RELATIVE_MEDIUM {
        confidence.min(Confidence::Medium)
    } else {
        confidence
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_cap_only_lowers() {
        assert_eq!(
            relative_cap(Confidence::High, 10.0, 10.0, false),
            Confidence::High
        );
        assert_eq!(
            relative_cap(Confidence::High, 5.0, 10.0, false),
            Confidence::Medium
        );
        assert_eq!(
            relative_cap(Confidence::Medium, 2.0, 10.0, false),
            Confidence::Low
        );
        assert_eq!(
            relative_cap(Confidence::Low, 10.0, 10.0, false),
            Confidence::Low
        );
        // A hit answering another part of the query keeps up to medium.
        assert_eq!(
            relative_cap(Confidence::High, 2.0, 10.0, true),
            Confidence::Medium
        );
        assert_eq!(
            relative_cap(Confidence::Low, 2.0, 10.0, true),
            Confidence::Low
        );
    }

    #[test]
    fn confidence_orders_and_names() {
        assert!(Confidence::High > Confidence::Medium && Confidence::Medium > Confidence::Low);
        assert_eq!(
            serde_json::to_string(&Confidence::Medium).unwrap(),
            "\"medium\""
        );
    }
}
