#!/usr/bin/env bash
# Ablation study: a labeled set scored with ranking features added one at a time, from plain
# BM25 over the page text to the full engine, then with each feature left out of the full
# engine. Every row is one `condsearch eval --features ...` run, so any row can be reproduced
# alone. Prints a Markdown table (the one in BENCHMARKS.md).
#
#   benches/ablation.sh                                  # the main set, all queries
#   SPLIT=heldout benches/ablation.sh
#   SET=benches/queries/real SPLIT=heldout benches/ablation.sh   # another set
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin condsearch
set="${SET:-benches/queries}"
split_args=()
if [ -n "${SPLIT:-}" ]; then split_args=(--split "$SPLIT"); fi

row() {
  local label="$1" features="$2"
  ./target/release/condsearch eval --json --features "$features" "${split_args[@]}" \
    --topics "$set/topics.tsv" --qrels "$set/qrels.txt" --categories "$set/categories.tsv" |
    python3 -c '
import json, sys
label, features = sys.argv[1], sys.argv[2]
o = json.load(sys.stdin)["overall"]
keys = ["ndcg10", "mrr10", "success1", "recall5", "confident_answer_rate", "rejection_rate"]
print("| %s | `%s` | %s |" % (label, features, " | ".join("%.3f" % o[k] for k in keys)))
' "$label" "$features"
}

echo "| configuration | --features | nDCG@10 | MRR@10 | S@1 | R@5 | confident | rejection |"
echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"
row "plain BM25 over the page text" "none"
row "+ field weights (fields, phrases, names, codes)" "field-weights"
row "+ search phrases" "field-weights,search-phrases"
row "+ synonyms" "field-weights,search-phrases,synonyms"
row "+ typo tolerance" "field-weights,search-phrases,synonyms,typos"
row "+ prefixes" "field-weights,search-phrases,synonyms,typos,prefix"
row "+ confidence (the lexical engine)" "lexical"
row "+ meaning: sentence model and fusion (= production)" "all"
all="field-weights search-phrases synonyms typos prefix confidence dense"
for leave in $all; do
  rest=$(echo "$all" | tr ' ' '\n' | grep -vx "$leave" | paste -sd, -)
  row "production without ${leave}" "$rest"
done
