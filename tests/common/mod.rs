//! Shared helpers for the black-box tests: fixture content copied into a temporary folder,
//! optionally broken on purpose, and loaded the way the binary loads it.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};

use condsearch::Engine;
use condsearch::diagnostic::Diagnostics;
use condsearch::error::Error;
use condsearch::source::Source;

/// The fixture folder of the tests.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// A temporary copy of the fixture catalog and synonyms, to break on purpose.
pub struct Content {
    pub dir: tempfile::TempDir,
}

impl Content {
    /// Copies `tests/fixtures/{catalog,synonyms}`.
    pub fn fixture() -> Content {
        let dir = tempfile::tempdir().expect("temporary folder");
        for sub in ["catalog", "synonyms"] {
            fs::create_dir(dir.path().join(sub)).unwrap();
            for entry in fs::read_dir(fixtures().join(sub)).unwrap() {
                let entry = entry.unwrap();
                fs::copy(entry.path(), dir.path().join(sub).join(entry.file_name())).unwrap();
            }
        }
        Content { dir }
    }

    pub fn catalog(&self) -> PathBuf {
        self.dir.path().join("catalog")
    }

    pub fn synonyms(&self) -> PathBuf {
        self.dir.path().join("synonyms")
    }

    /// Replaces `from` by `to` in `file` (relative to the copy), which must contain it.
    pub fn edit(&self, file: &str, from: &str, to: &str) -> &Content {
        let path = self.dir.path().join(file);
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file} does not contain {from:?}");
        fs::write(&path, text.replacen(from, to, 1)).unwrap();
        self
    }

    /// Writes `file` (relative to the copy).
    pub fn write(&self, file: &str, text: &str) -> &Content {
        fs::write(self.dir.path().join(file), text).unwrap();
        self
    }

    /// Loads the copy; `Ok` with warnings, or `Err` with every problem.
    pub fn load(&self) -> Result<(Engine, Diagnostics), Diagnostics> {
        match Engine::load(&Source::Dir(self.catalog()), &Source::Dir(self.synonyms())) {
            Ok(loaded) => Ok(loaded),
            Err(Error::InvalidContent(d)) => Err(d),
            Err(other) => panic!("unexpected error: {other}"),
        }
    }

    /// The error lines of a load that must fail, with the temporary folder left out of paths.
    pub fn errors(&self) -> Vec<String> {
        let diagnostics = self.load().expect_err("the broken content is refused");
        let prefix = format!("{}/", self.dir.path().display());
        diagnostics
            .iter()
            .filter(|d| d.severity == condsearch::diagnostic::Severity::Error)
            .map(|d| d.to_string().replace(&prefix, ""))
            .collect()
    }
}
