//! Labeled queries as the `eval` and `calibrate` commands read them: one or more sets of
//! topics, judgments and categories, merged (query ids must not repeat across sets).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use clap::Args;

use condsearch::eval::{self, Label, trec};

/// Where labeled queries come from.
#[derive(Debug, Args)]
pub(crate) struct LabeledArgs {
    /// Topics: one `qid<TAB>query` per line (repeatable: sets are merged)
    #[arg(long, value_name = "FILE", required = true)]
    topics: Vec<PathBuf>,
    /// Judgments: `qid 0 slug grade` (2 = the page, 1 = acceptable) (repeatable)
    #[arg(long, value_name = "FILE", required = true)]
    qrels: Vec<PathBuf>,
    /// Categories and splits: `qid<TAB>category<TAB>tune|heldout` (repeatable)
    #[arg(long, value_name = "FILE")]
    categories: Vec<PathBuf>,
    /// Only this split of the categories
    #[arg(long, value_parser = ["tune", "heldout"])]
    pub(crate) split: Option<String>,
}

/// The merged sets.
pub(crate) struct Labeled {
    pub(crate) topics: Vec<trec::Topic>,
    pub(crate) qrels: trec::Qrels,
    pub(crate) labels: Option<BTreeMap<String, Label>>,
}

pub(crate) fn read(path: &Path, what: &str) -> Result<(String, String)> {
    let name = path.display().to_string();
    let text =
        fs::read_to_string(path).with_context(|| format!("cannot read {what} file '{name}'"))?;
    Ok((name, text))
}

impl LabeledArgs {
    /// The topics files, as named.
    pub(crate) fn topic_files(&self) -> Vec<String> {
        self.topics
            .iter()
            .map(|p| p.display().to_string())
            .collect()
    }

    /// Reads and merges every set.
    pub(crate) fn load(&self) -> Result<Labeled> {
        let mut topics: Vec<trec::Topic> = Vec::new();
        for path in &self.topics {
            let (name, text) = read(path, "topics")?;
            for topic in trec::parse_topics(&name, &text)? {
                if topics.iter().any(|t| t.qid == topic.qid) {
                    bail!(
                        "query id '{}' of '{name}' is in another topics file too; ids must be unique across the sets given",
                        topic.qid
                    );
                }
                topics.push(topic);
            }
        }
        let mut qrels = trec::Qrels::new();
        for path in &self.qrels {
            let (name, text) = read(path, "qrels")?;
            for (qid, judged) in trec::parse_qrels(&name, &text)? {
                if qrels.insert(qid.clone(), judged).is_some() {
                    bail!("query id '{qid}' is judged in two qrels files ('{name}' and another)");
                }
            }
        }
        let labels = if self.categories.is_empty() {
            None
        } else {
            let mut merged = BTreeMap::new();
            for path in &self.categories {
                let (name, text) = read(path, "categories")?;
                merged.extend(eval::parse_categories(&name, &text)?);
            }
            Some(merged)
        };
        if self.split.is_some() && labels.is_none() {
            bail!("--split needs --categories, which says which split each query is in");
        }
        Ok(Labeled {
            topics,
            qrels,
            labels,
        })
    }
}
