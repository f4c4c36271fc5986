#!/usr/bin/env bash
# Peer comparison: the same pages and labeled queries through MiniSearch and Fuse.js (npm),
# scored by `condsearch eval` beside condsearch itself. Prints a Markdown table (the one in
# BENCHMARKS.md). Latency is per query, in process, for every engine (condsearch: the
# criterion bench's mix figure is the same measurement). TOPICS, QRELS and CATEGORIES select
# another labeled set (e.g. benches/queries/blind/). With TRANSFORMER=1 the full
# all-MiniLM-L6-v2 also runs as a plain dense retriever (feature `transformer`; the weights are
# fetched by scripts/fetch-model), the row a team using that model off the shelf would get.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${OUT:-target/peers}"
topics="${TOPICS:-benches/queries/topics.tsv}"
qrels="${QRELS:-benches/queries/qrels.txt}"
categories="${CATEGORIES:-benches/queries/categories.tsv}"
mkdir -p "$out"
cargo build --release --quiet --bin condsearch --example profile_query
if [ ! -d benches/peers/node_modules/minisearch ]; then
  (cd benches/peers && npm ci --no-audit --no-fund --silent)
fi
./target/release/condsearch catalog --json > "$out/catalog.json"
node benches/peers/peers.mjs "$out/catalog.json" "$topics" "$out" > "$out/latency.tsv"
./target/release/condsearch run --topics "$topics" --format jsonl > "$out/condsearch.jsonl"
cs_latency=$(./target/release/examples/profile_query "" 20)

score() {
  ./target/release/condsearch eval --json --run "$1" \
    --topics "$topics" --qrels "$qrels" --categories "$categories"
}
echo "| engine | nDCG@10 | MRR@10 | S@1 | R@5 | confident | rejection | p50 | p99 |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
emit() {
  python3 -c '
import json, sys
name, p50, p99 = sys.argv[1:4]
o = json.load(sys.stdin)["overall"]
keys = ["ndcg10", "mrr10", "success1", "recall5", "confident_answer_rate", "rejection_rate"]
ms = lambda v: v if v == "-" else v + " ms"
print("| %s | %s | %s | %s |" % (name, " | ".join("%.3f" % o[k] for k in keys), ms(p50), ms(p99)))
' "$@"
}
score "$out/condsearch.jsonl" | emit condsearch $(echo "$cs_latency" | awk '{print $4, $6}')
while IFS=$'\t' read -r name build p50 p99; do
  score "$out/$name.trec" | emit "$name" "${p50#p50_ms=}" "${p99#p99_ms=}"
done < "$out/latency.tsv"
./target/release/condsearch eval --json --dense-only \
  --topics "$topics" --qrels "$qrels" --categories "$categories" |
  emit "condsearch's static model alone (dense retriever)" - -
if [ -n "${TRANSFORMER:-}" ]; then
  ./scripts/fetch-model >&2
  cargo build --release --quiet --bin condsearch --features transformer
  ./target/release/condsearch eval --json --dense-only --transformer models/all-minilm-l6-v2 \
    --topics "$topics" --qrels "$qrels" --categories "$categories" |
    emit "all-MiniLM-L6-v2 alone (dense retriever)" - -
fi
