// Runs the labeled queries through MiniSearch and Fuse.js over the same pages condsearch
// indexes (`condsearch catalog --json`), writes one TREC run per engine, and reports each
// engine's per-query latency. Scoring is left to `condsearch eval --run`, so every engine is
// measured by the same metric code.
//
// Usage: node peers.mjs CATALOG_JSON TOPICS_TSV OUT_DIR
//
// Configurations (the ones a website team would reasonably pick, stated in BENCHMARKS.md):
// - MiniSearch: fields title, aliases, search_phrases, summary, body; boosts 5/4/3.5/2/1 (the
//   same weights as condsearch); prefix search and fuzzy 0.2 on every term; OR of terms;
//   default tokenizer and lowercasing. Top 10.
// - Fuse.js: keys title (5), aliases (4), search_phrases (3.5), summary (2), body (1);
//   threshold 0.4, ignoreLocation, includeScore; default options otherwise. Top 10.

import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import MiniSearch from "minisearch";
import Fuse from "fuse.js";

const [catalogPath, topicsPath, outDir] = process.argv.slice(2);
if (!outDir) {
  console.error("usage: node peers.mjs CATALOG_JSON TOPICS_TSV OUT_DIR");
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });

const pages = JSON.parse(readFileSync(catalogPath, "utf8"));
const text = (section) =>
  [...section.paragraphs, ...section.subsections.flatMap((s) => [s.heading, ...s.paragraphs])].join(" ");
const docs = pages.map((p) => ({
  id: p.slug,
  title: p.title,
  aliases: p.aliases.join(" ; "),
  search_phrases: p.search_phrases.join(" ; "),
  summary: p.summary,
  body: p.sections.filter((s) => s.kind !== "references").map(text).join(" "),
}));
const topics = readFileSync(topicsPath, "utf8")
  .split("\n")
  .filter((l) => l.includes("\t"))
  .map((l) => {
    const i = l.indexOf("\t");
    return { qid: l.slice(0, i), query: l.slice(i + 1) };
  });

const engines = {
  minisearch() {
    const ms = new MiniSearch({
      fields: ["title", "aliases", "search_phrases", "summary", "body"],
      searchOptions: {
        boost: { title: 5, aliases: 4, search_phrases: 3.5, summary: 2, body: 1 },
        prefix: true,
        fuzzy: 0.2,
        combineWith: "OR",
      },
    });
    ms.addAll(docs);
    return (q) => ms.search(q).slice(0, 10).map((r) => [r.id, r.score]);
  },
  fuse() {
    const fuse = new Fuse(docs, {
      keys: [
        { name: "title", weight: 5 },
        { name: "aliases", weight: 4 },
        { name: "search_phrases", weight: 3.5 },
        { name: "summary", weight: 2 },
        { name: "body", weight: 1 },
      ],
      threshold: 0.4,
      ignoreLocation: true,
      includeScore: true,
    });
    // Fuse scores 0 (perfect) to 1; the run wants higher-is-better.
    return (q) => fuse.search(q).slice(0, 10).map((r) => [r.item.id, 1 - r.score]);
  },
};

const percentile = (sorted, p) => sorted[Math.round((p / 100) * (sorted.length - 1))];

for (const [name, make] of Object.entries(engines)) {
  const started = performance.now();
  const search = make();
  const buildMs = performance.now() - started;
  for (const t of topics) search(t.query); // warm-up pass
  const lines = [];
  const times = [];
  for (const t of topics) {
    const t0 = performance.now();
    const hits = search(t.query);
    times.push(performance.now() - t0);
    hits.forEach(([id, score], rank) => lines.push(`${t.qid} Q0 ${id} ${rank + 1} ${score.toFixed(6)} ${name}`));
  }
  writeFileSync(join(outDir, `${name}.trec`), lines.join("\n") + "\n");
  times.sort((a, b) => a - b);
  console.log(
    `${name}\tbuild_ms=${buildMs.toFixed(1)}\tp50_ms=${percentile(times, 50).toFixed(3)}\tp99_ms=${percentile(times, 99).toFixed(3)}`
  );
}
