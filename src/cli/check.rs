//! `condsearch check`: validate content and run the catalog's self-test.

use std::process::ExitCode;

use anyhow::Result;
use clap::Args;

use condsearch::error::Error;
use condsearch::{Engine, selftest};

use super::{ContentArgs, emit, outln};

#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    #[command(flatten)]
    content: ContentArgs,
    /// Do not print warnings (pages awaiting clinical review, ...)
    #[arg(long)]
    quiet: bool,
}

pub(crate) fn run(args: CheckArgs) -> Result<ExitCode> {
    let mut out = String::new();
    let (catalog, synonyms) = args.content.sources();
    let (engine, diagnostics) = match Engine::load(&catalog, &synonyms) {
        Ok(loaded) => loaded,
        Err(Error::InvalidContent(diagnostics)) => {
            for d in diagnostics
                .iter()
                .filter(|d| !args.quiet || d.severity == condsearch::diagnostic::Severity::Error)
            {
                outln!(out, "{d}");
            }
            outln!(
                out,
                "check failed: {} error(s), {} warning(s)",
                diagnostics.error_count(),
                diagnostics.warning_count()
            );
            emit(&out)?;
            return Ok(ExitCode::from(1));
        }
        Err(other) => return Err(other.into()),
    };
    if !args.quiet {
        for d in diagnostics.iter() {
            outln!(out, "{d}");
        }
    }
    let report = selftest::run(&engine)?;
    for f in &report.failures {
        outln!(
            out,
            "self-test: {kind} '{text}' of {slug} finds {got} first",
            kind = f.kind,
            text = f.text,
            slug = f.slug,
            got = f.got.as_deref().unwrap_or("nothing"),
        );
    }
    let info = engine.info();
    outln!(
        out,
        "{} pages, {} synonym rules: 0 errors, {} warning(s); self-test: {}/{} search phrases and aliases find their page; indexed in {:.1} ms",
        info.pages,
        info.synonym_rules,
        diagnostics.warning_count(),
        report.checked - report.failures.len(),
        report.checked,
        info.build_time.as_secs_f64() * 1000.0,
    );
    let code = if report.failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        outln!(
            out,
            "check failed: {} self-test failure(s)",
            report.failures.len()
        );
        ExitCode::from(1)
    };
    emit(&out)?;
    Ok(code)
}
