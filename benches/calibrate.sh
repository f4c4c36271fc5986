#!/usr/bin/env bash
# Refits the shipped fusion weights (src/search/fusion.toml) on the tune split of the labeled
# sets: the main set, the diagnostic set and the real-people set. Held-out splits and the blind
# sets are never fitted on. Run it after changing the pages, the synonym tables, the sentence
# model or the fusion features, then check the sets with condsearch eval.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin condsearch
q=benches/queries
./target/release/condsearch calibrate --split tune --out "${OUT:-src/search/fusion.toml}" \
  --topics $q/topics.tsv --qrels $q/qrels.txt --categories $q/categories.tsv \
  --topics $q/diagnostic/topics.tsv --qrels $q/diagnostic/qrels.txt --categories $q/diagnostic/categories.tsv \
  --topics $q/real/topics.tsv --qrels $q/real/qrels.txt --categories $q/real/categories.tsv
