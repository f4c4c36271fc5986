//! The `condsearch` binary: a thin command-line layer over the library.

mod cli;

use std::process::ExitCode;

use clap::Parser;

/// A search allocates many small, short-lived strings and vectors; mimalloc serves them faster
/// than the system allocator (measured in `benches/http_load.sh`, see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(code) => code,
        // The reader went away (`condsearch ... | head`): nothing left to say to it.
        Err(err)
            if err.chain().any(|e| {
                e.downcast_ref::<std::io::Error>()
                    .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            }) =>
        {
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}
