#!/usr/bin/env bash
# Pages nobody tuned for. benches/unseen/pages/ holds five condition pages written in the shipped
# format (with their own aliases and search phrases) but never shipped: no synonym rule, no
# labeled query and no constant was written for them. They are added to the shipped pages, and
# lay descriptions cut from public consumer-health text (benches/unseen/, sources in
# sources.tsv) are searched beside the real-people held-out queries of today's pages
# (benches/queries/real/). Prints a Markdown table: lexical only and hybrid, per group.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin condsearch
catalog="$(mktemp -d)"
trap 'rm -rf "$catalog"' EXIT
cp index/*.md benches/unseen/pages/*.md "$catalog/"

row() {
  local group="$1" engine="$2" features="$3"; shift 3
  ./target/release/condsearch eval --json --catalog "$catalog" --features "$features" "$@" |
    python3 -c '
import json, sys
group, engine = sys.argv[1], sys.argv[2]
e = json.load(sys.stdin)
for name, m in [("all in scope", e["overall"])] + [(c, m) for c, m in e.get("per_category", {}).items() if c == "lay"]:
    if m["in_scope"]:
        print("| %s | %s | %s | %d | %.3f | %.3f | %.3f |" % (group, name, engine, m["in_scope"], m["success1"], m["ndcg10"], m["confident_answer_rate"]))
' "$group" "$engine"
}

echo "| pages | queries | engine | n | S@1 | nDCG@10 | confident |"
echo "| --- | --- | --- | ---: | ---: | ---: | ---: |"
for engine in lexical hybrid; do
  features=all
  [ "$engine" = lexical ] && features=lexical
  row "today's 25 (real held-out)" "$engine" "$features" \
    --topics benches/queries/real/topics.tsv --qrels benches/queries/real/qrels.txt \
    --categories benches/queries/real/categories.tsv --split heldout
  row "5 new, untuned" "$engine" "$features" \
    --topics benches/unseen/topics.tsv --qrels benches/unseen/qrels.txt \
    --categories benches/unseen/categories.tsv
done
