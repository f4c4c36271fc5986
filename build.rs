//! Embeds the shipped content (`index/*.md`, `synonyms/*.txt`) into the binary, so
//! `condsearch serve` runs from any directory with no flags.

use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

fn list(dir: &str, extension: &str) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {dir}/ to embed it: {e}"))
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(extension))
        .collect();
    names.sort();
    names
}

fn embed(out: &mut String, constant: &str, dir: &str, extension: &str) {
    let root = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    writeln!(out, "pub(crate) static {constant}: &[(&str, &str)] = &[").unwrap();
    for name in list(dir, extension) {
        let path = Path::new(&root).join(dir).join(&name);
        writeln!(
            out,
            "    ({:?}, include_str!({:?})),",
            format!("{dir}/{name}"),
            path
        )
        .unwrap();
    }
    writeln!(out, "];").unwrap();
}

fn main() {
    println!("cargo:rerun-if-changed=index");
    println!("cargo:rerun-if-changed=synonyms");
    let mut out = String::new();
    embed(&mut out, "CATALOG", "index", ".md");
    embed(&mut out, "SYNONYMS", "synonyms", ".txt");
    let dest = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("embedded.rs");
    fs::write(dest, out).expect("write embedded.rs");
}
