#!/usr/bin/env bash
# Coverage speed: a 100,000-row keyword list (the labeled queries with the modifiers keyword
# tools list — "near me", "cost", "for veterans", ... — and Keyword Planner-style volumes such
# as "1,300"), run through `condsearch coverage`. Prints the wall-clock time.
#
#   benches/coverage.sh            # ROWS=100000 by default
set -euo pipefail
cd "$(dirname "$0")/.."
rows="${ROWS:-100000}"
out="${OUT:-target/coverage-bench}"
mkdir -p "$out"
cargo build --release --quiet --bin condsearch
python3 - "$rows" "$out/keywords.csv" <<'PY'
import csv, random, sys
rows, path = int(sys.argv[1]), sys.argv[2]
random.seed(7)
topics = [l.split("\t", 1)[1].strip() for l in open("benches/queries/topics.tsv", encoding="utf-8") if "\t" in l]
mods = ["near me", "cost", "reviews", "treatment", "symptoms", "help", "2026", "for veterans", "in teens",
        "clinic", "doctor", "at home", "natural remedies", "what is", "best", "options", "and anxiety",
        "and depression", "after surgery", "that won't go away"]
extra = ["ketamine", "infusion", "therapy", "pain", "chronic", "severe", "mild", "daily", "nerve", "back",
         "head", "sleep", "mood", "panic", "worry", "drinking", "opioid", "shingles", "migraine", "limb"]
seen = set()
while len(seen) < rows:
    t, r = random.choice(topics), random.random()
    if r < 0.4: q = f"{t} {random.choice(mods)}"
    elif r < 0.7: q = f"{random.choice(mods)} {t}"
    elif r < 0.9: q = " ".join(random.sample(extra, random.randint(1, 4))) + " " + random.choice(mods)
    else: q = f"{t} {random.choice(extra)} {random.choice(mods)}"
    seen.add(q)
with open(path, "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["Keyword", "Avg. monthly searches"])
    for q in sorted(seen):
        w.writerow([q, f"{random.randint(10, 20000):,}"])
PY
echo "coverage of $rows keyword rows:"
start=$(date +%s.%N)
./target/release/condsearch coverage "$out/keywords.csv" --format json --out "$out/report.json"
end=$(date +%s.%N)
python3 -c "print(f'wall clock {float(\"$end\") - float(\"$start\"):.1f} s')"
