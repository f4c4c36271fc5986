// The demo search page: an ARIA 1.2 combobox with suggestions while typing, keyboard
// navigation (arrows, Enter, Escape), results with snippets and confidence, an honest
// "no matching condition", and a crisis banner when the query expresses self-harm.
"use strict";

const input = document.getElementById("q");
const listbox = document.getElementById("suggestions");
const form = document.getElementById("search-form");
const results = document.getElementById("results");
const status = document.getElementById("status");
const crisis = document.getElementById("crisis");
const didYouMean = document.getElementById("did-you-mean");
const allSection = document.getElementById("all-conditions");
const allList = document.getElementById("all-list");

let suggestions = [];
let active = -1;
let suggestTimer = 0;
let suggestAbort = null;
let searchAbort = null;

const KIND = { title: "condition", alias: "also called", search_phrase: "people search" };

function escapeText(s) {
  const div = document.createElement("div");
  div.textContent = s;
  return div.innerHTML;
}

function cancelSuggestions() {
  clearTimeout(suggestTimer);
  if (suggestAbort) suggestAbort.abort();
  closeSuggestions();
}

function closeSuggestions() {
  listbox.hidden = true;
  listbox.innerHTML = "";
  input.setAttribute("aria-expanded", "false");
  input.removeAttribute("aria-activedescendant");
  suggestions = [];
  active = -1;
}

function showSuggestions(items) {
  suggestions = items;
  active = -1;
  listbox.innerHTML = "";
  items.forEach((s, i) => {
    const li = document.createElement("li");
    li.id = "suggestion-" + i;
    li.setAttribute("role", "option");
    li.setAttribute("aria-selected", "false");
    li.innerHTML = escapeText(s.text) + '<span class="kind">' + escapeText(KIND[s.kind] || "") + "</span>";
    li.addEventListener("mousedown", (e) => { e.preventDefault(); choose(i); });
    listbox.appendChild(li);
  });
  const open = items.length > 0;
  listbox.hidden = !open;
  input.setAttribute("aria-expanded", String(open));
  input.removeAttribute("aria-activedescendant");
}

function highlight(i) {
  const options = listbox.querySelectorAll("[role=option]");
  options.forEach((o, j) => o.setAttribute("aria-selected", String(j === i)));
  active = i;
  if (i >= 0) {
    input.setAttribute("aria-activedescendant", options[i].id);
    options[i].scrollIntoView({ block: "nearest" });
  } else {
    input.removeAttribute("aria-activedescendant");
  }
}

function choose(i) {
  const s = suggestions[i];
  if (!s) return;
  input.value = s.text;
  cancelSuggestions();
  search(s.text);
}

async function fetchSuggestions(q) {
  if (suggestAbort) suggestAbort.abort();
  suggestAbort = new AbortController();
  try {
    const r = await fetch("/suggest?q=" + encodeURIComponent(q), { signal: suggestAbort.signal });
    if (!r.ok) { closeSuggestions(); return; }
    const body = await r.json();
    if (input.value === q) showSuggestions(body.suggestions);
  } catch (e) {
    if (e.name !== "AbortError") closeSuggestions();
  }
}

input.addEventListener("input", () => {
  clearTimeout(suggestTimer);
  const q = input.value;
  if (q.trim().length === 0) { closeSuggestions(); return; }
  suggestTimer = setTimeout(() => fetchSuggestions(q), 120);
});

input.addEventListener("keydown", (e) => {
  const open = !listbox.hidden && suggestions.length > 0;
  if (e.key === "ArrowDown") {
    if (!open) { if (input.value.trim()) fetchSuggestions(input.value); return; }
    e.preventDefault();
    highlight((active + 1) % suggestions.length);
  } else if (e.key === "ArrowUp") {
    if (!open) return;
    e.preventDefault();
    highlight(active <= 0 ? suggestions.length - 1 : active - 1);
  } else if (e.key === "Enter") {
    if (open && active >= 0) { e.preventDefault(); choose(active); }
  } else if (e.key === "Escape") {
    if (open) { e.preventDefault(); closeSuggestions(); }
    else if (input.value) { e.preventDefault(); input.value = ""; }
  }
});

input.addEventListener("blur", () => setTimeout(closeSuggestions, 150));

form.addEventListener("submit", (e) => {
  e.preventDefault();
  cancelSuggestions();
  search(input.value);
});

function renderHit(hit) {
  const li = document.createElement("li");
  const h3 = document.createElement("h3");
  const a = document.createElement("a");
  a.href = hit.url;
  a.textContent = hit.title;
  h3.appendChild(a);
  const badge = document.createElement("span");
  badge.className = "badge " + hit.confidence;
  badge.textContent = hit.confidence === "high" ? "strong match" : hit.confidence === "medium" ? "likely match" : "possible match";
  h3.appendChild(badge);
  li.appendChild(h3);
  const p = document.createElement("p");
  p.innerHTML = hit.snippet; // escaped by the server; only <mark> is markup
  li.appendChild(p);
  return li;
}

async function search(q) {
  if (!q.trim()) return;
  if (searchAbort) searchAbort.abort();
  searchAbort = new AbortController();
  status.textContent = "Searching…";
  try {
    const r = await fetch("/search?q=" + encodeURIComponent(q), { signal: searchAbort.signal });
    const body = await r.json();
    if (!r.ok) { status.textContent = body.error ? body.error.message : "Search failed."; return; }
    render(body);
  } catch (e) {
    if (e.name !== "AbortError") status.textContent = "Search failed; please try again.";
  }
}

function render(body) {
  crisis.hidden = !body.crisis;
  results.innerHTML = "";
  allSection.hidden = true;
  if (body.did_you_mean) {
    didYouMean.hidden = false;
    didYouMean.innerHTML = "Did you mean ";
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = body.did_you_mean;
    b.addEventListener("click", () => { input.value = body.did_you_mean; search(body.did_you_mean); });
    didYouMean.appendChild(b);
    didYouMean.append("?");
  } else {
    didYouMean.hidden = true;
  }
  const confident = body.hits.filter((h) => h.confidence !== "low");
  if (confident.length === 0) {
    status.textContent = "";
    const li = document.createElement("li");
    li.className = "no-match";
    li.innerHTML = "<strong>No matching condition.</strong> We may not treat this condition. ";
    const a = document.createElement("a");
    a.href = "#all-conditions";
    a.textContent = "See all conditions we treat";
    a.addEventListener("click", (e) => { e.preventDefault(); showAll(); });
    li.appendChild(a);
    results.appendChild(li);
    return;
  }
  status.textContent = confident.length === 1 ? "1 matching condition" : confident.length + " matching conditions";
  confident.forEach((hit) => results.appendChild(renderHit(hit)));
}

async function showAll() {
  const r = await fetch("/conditions");
  const list = await r.json();
  allList.innerHTML = "";
  list.forEach((c) => {
    const li = document.createElement("li");
    const a = document.createElement("a");
    a.href = c.url;
    a.textContent = c.title;
    li.appendChild(a);
    allList.appendChild(li);
  });
  allSection.hidden = false;
  allSection.scrollIntoView();
}
