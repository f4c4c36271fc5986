//! Where content comes from: the copy embedded at compile time, or a folder on disk.
//!
//! Both yield the same [`SourceFile`]s, named as the user would name them, so every diagnostic
//! points at a path the user can open.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

/// One content file: its display path and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// The path shown in diagnostics (`index/fibromyalgia.md`).
    pub path: String,
    /// The file's text.
    pub text: String,
}

impl SourceFile {
    /// The file name without directory or extension: a page's expected slug.
    pub fn stem(&self) -> &str {
        let name = self.path.rsplit(['/', '\\']).next().unwrap_or(&self.path);
        name.rsplit_once('.').map_or(name, |(stem, _)| stem)
    }
}

/// A set of content files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// The `index/` or `synonyms/` folder as it was when the binary was built.
    Embedded,
    /// A folder on disk, read when the content is loaded.
    Dir(PathBuf),
}

/// Which kind of content a [`Source`] holds; decides the embedded set and the file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContentKind {
    /// Condition pages, `*.md`.
    Catalog,
    /// Synonym tables, `*.txt`.
    Synonyms,
}

impl ContentKind {
    fn extension(self) -> &'static str {
        match self {
            ContentKind::Catalog => "md",
            ContentKind::Synonyms => "txt",
        }
    }
}

impl Source {
    /// A folder on disk, or the embedded copy when `dir` is `None`.
    pub fn from_option(dir: Option<&Path>) -> Source {
        dir.map_or(Source::Embedded, |d| Source::Dir(d.to_path_buf()))
    }

    /// Reads every file of `kind` from this source, sorted by name.
    pub fn files(&self, kind: ContentKind) -> Result<Vec<SourceFile>> {
        match self {
            Source::Embedded => {
                let set = match kind {
                    ContentKind::Catalog => embedded::CATALOG,
                    ContentKind::Synonyms => embedded::SYNONYMS,
                };
                Ok(set
                    .iter()
                    .map(|(path, text)| SourceFile {
                        path: (*path).to_string(),
                        text: (*text).to_string(),
                    })
                    .collect())
            }
            Source::Dir(dir) => read_dir(dir, kind.extension()),
        }
    }

    /// How the source is named in messages and metrics.
    pub fn describe(&self) -> String {
        match self {
            Source::Embedded => "embedded".to_string(),
            Source::Dir(dir) => dir.display().to_string(),
        }
    }
}

fn read_dir(dir: &Path, extension: &str) -> Result<Vec<SourceFile>> {
    let entries = fs::read_dir(dir).map_err(|source| Error::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == extension))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let text = fs::read_to_string(&path).map_err(|source| Error::Io {
                path: path.clone(),
                source,
            })?;
            Ok(SourceFile {
                path: path.display().to_string(),
                text,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_catalog_is_present() {
        let files = Source::Embedded.files(ContentKind::Catalog).unwrap();
        assert_eq!(files.len(), 25);
        assert!(files.iter().all(|f| f.path.starts_with("index/")));
    }

    #[test]
    fn stem_is_file_name_without_extension() {
        let f = SourceFile {
            path: "some/dir/fibromyalgia.md".into(),
            text: String::new(),
        };
        assert_eq!(f.stem(), "fibromyalgia");
    }

    #[test]
    fn missing_dir_names_the_path() {
        let err = Source::Dir("/no/such/dir".into())
            .files(ContentKind::Catalog)
            .unwrap_err();
        assert!(err.to_string().contains("/no/such/dir"), "{err}");
    }
}
