#!/usr/bin/env bash
# What the sentence model adds: every labeled set scored by the words alone (--features
# lexical), by meaning alone (--dense-only: the sentence model as a plain dense retriever) and
# by both (production), real people's words first. Prints Markdown tables (those in
# BENCHMARKS.md, "Meaning").
#
#   benches/meaning.sh                 # the shipped static model
#   TRANSFORMER=1 benches/meaning.sh   # also the full transformer: dense alone, and hybrid with
#                                      # fusion weights refitted for it (feature `transformer`;
#                                      # fetches the weights; minutes, not seconds)
set -euo pipefail
cd "$(dirname "$0")/.."
q=benches/queries
features=()
if [ -n "${TRANSFORMER:-}" ]; then
  ./scripts/fetch-model >&2
  features=(--features transformer)
fi
cargo build --release --quiet --bin condsearch "${features[@]}"
bin=./target/release/condsearch
transformer=(--transformer models/all-minilm-l6-v2)
catalog="$(mktemp -d)"
trap 'rm -rf "$catalog"' EXIT
cp index/*.md benches/unseen/pages/*.md "$catalog/"
if [ -n "${TRANSFORMER:-}" ]; then
  OUT=target/fusion-transformer.toml
  "$bin" calibrate --split tune --out "$OUT" "${transformer[@]}" \
    --topics $q/topics.tsv --qrels $q/qrels.txt --categories $q/categories.tsv \
    --topics $q/diagnostic/topics.tsv --qrels $q/diagnostic/qrels.txt --categories $q/diagnostic/categories.tsv \
    --topics $q/real/topics.tsv --qrels $q/real/qrels.txt --categories $q/real/categories.tsv 2>/dev/null
fi

row() {
  local set="$1" engine="$2"; shift 2
  "$bin" eval --json "$@" | python3 -c '
import json, sys
s, engine = sys.argv[1], sys.argv[2]
e = json.load(sys.stdin)
o = e["overall"]
lay = e["per_category"].get("lay", {})
keys = ["success1", "ndcg10", "mrr10", "recall5", "confident_answer_rate"]
cells = " | ".join("%.3f" % o[k] for k in keys)
print("| %s | %s | %d | %s | %s |" % (s, engine, o["in_scope"], cells,
      "%.3f" % lay["success1"] if lay.get("in_scope") else ""))
' "$set" "$engine"
}

echo "| set | ranking | in scope | S@1 | nDCG@10 | MRR@10 | R@5 | confident | lay S@1 |"
echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for spec in real:heldout real:tune unseen main:heldout main:tune blind blind2 blind3 diagnostic; do
  name="${spec%%:*}"; split=()
  [[ "$spec" == *:* ]] && split=(--split "${spec##*:}")
  case "$name" in
    main) dir=$q ;;
    unseen) dir=benches/unseen ;;
    *) dir=$q/$name ;;
  esac
  label="$spec"
  args=(--topics "$dir/topics.tsv" --qrels "$dir/qrels.txt" --categories "$dir/categories.tsv" "${split[@]}")
  if [ "$name" = unseen ]; then
    args+=(--catalog "$catalog")
    label="unseen (5 new pages)"
  fi
  row "$label" "words alone" "${args[@]}" --features lexical
  row "$label" "meaning alone (static)" "${args[@]}" --dense-only
  # The transformer embeds every page passage and sentence at load: minutes per row, so only
  # on the real-people sets.
  slow=""
  [ -n "${TRANSFORMER:-}" ] && [[ "$name" == real || "$name" == unseen ]] && slow=1
  if [ -n "$slow" ]; then
    row "$label" "meaning alone (transformer)" "${args[@]}" --dense-only "${transformer[@]}"
  fi
  row "$label" "**both (production)**" "${args[@]}"
  if [ -n "$slow" ]; then
    row "$label" "both, transformer" "${args[@]}" "${transformer[@]}" --fusion target/fusion-transformer.toml
  fi
done
