//! The library's error type: one enum, each variant saying what to fix.
//!
//! Content problems are not errors of this type until someone tries to serve broken content:
//! they are collected as [`Diagnostics`] so that all of them can be shown at once.

use std::io;
use std::path::PathBuf;

use crate::diagnostic::Diagnostics;

/// Everything the engine can fail with.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file or folder could not be read or written.
    #[error("cannot access '{}': {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: io::Error,
    },
    /// The content has errors and was not loaded; the diagnostics say where.
    #[error(
        "the content has {} error(s) and was not loaded:\n{}",
        .0.error_count(),
        .0
    )]
    InvalidContent(Diagnostics),
    /// A line of an input file (topics, qrels, runs, keyword lists) could not be parsed.
    #[error("{path}:{line}: {message}")]
    Parse {
        /// The file, as the user named it.
        path: String,
        /// 1-based line.
        line: usize,
        /// What is wrong with the line.
        message: String,
    },
    /// A parameter is outside what the engine accepts.
    #[error("invalid {name}: {message}")]
    InvalidArgument {
        /// The parameter's name.
        name: &'static str,
        /// What was wrong and what is accepted.
        message: String,
    },
    /// A sentence model's files are missing, malformed or not the model expected.
    #[error("cannot load the sentence model from '{}': {message}", path.display())]
    Model {
        /// The model's folder or file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// The search index failed; this is a bug or a resource problem, not bad input.
    #[error("search index error: {0}")]
    Index(#[from] tantivy::TantivyError),
}

/// Shorthand for results whose error is [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
