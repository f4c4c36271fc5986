// Sorting and filtering of the coverage report's query table, from the JSON embedded in the
// page (no network). Shows at most 1,000 rows at a time to keep large lists responsive.
(function () {
  "use strict";
  var rows = JSON.parse(document.getElementById("data").textContent);
  var tbody = document.querySelector("#queries tbody");
  var filter = document.getElementById("filter");
  var statusFilter = document.getElementById("status-filter");
  var count = document.getElementById("count");
  var sortKey = "volume", sortDir = -1, LIMIT = 1000;
  function cell(text, cls) {
    var td = document.createElement("td");
    if (cls) { var span = document.createElement("span"); span.className = cls; span.textContent = text; td.appendChild(span); }
    else td.textContent = text == null ? "—" : String(text);
    return td;
  }
  function render() {
    var needle = filter.value.trim().toLowerCase(), status = statusFilter.value;
    var shown = rows.filter(function (r) {
      return (!status || r.status === status) &&
        (!needle || r.query.toLowerCase().indexOf(needle) >= 0 || (r.page || "").toLowerCase().indexOf(needle) >= 0);
    });
    shown.sort(function (a, b) {
      var x = a[sortKey], y = b[sortKey];
      if (x == null) return 1; if (y == null) return -1;
      return (x < y ? -1 : x > y ? 1 : 0) * sortDir;
    });
    tbody.textContent = "";
    shown.slice(0, LIMIT).forEach(function (r) {
      var tr = document.createElement("tr");
      tr.appendChild(cell(r.query));
      tr.appendChild(cell(r.volume.toLocaleString()));
      tr.appendChild(cell(r.status, "badge " + r.status));
      tr.appendChild(cell(r.page));
      tr.appendChild(cell(r.confidence));
      tr.appendChild(cell(r.runner));
      tr.appendChild(cell(r.margin));
      tr.appendChild(cell(r.matched));
      tbody.appendChild(tr);
    });
    count.textContent = shown.length + " of " + rows.length + " queries" + (shown.length > LIMIT ? " (first " + LIMIT + " shown)" : "");
  }
  document.querySelectorAll("#queries th").forEach(function (th) {
    th.querySelector("button").addEventListener("click", function () {
      var key = th.getAttribute("data-key");
      sortDir = key === sortKey ? -sortDir : (key === "volume" || key === "margin" ? -1 : 1);
      sortKey = key;
      document.querySelectorAll("#queries th").forEach(function (o) { o.setAttribute("aria-sort", "none"); });
      th.setAttribute("aria-sort", sortDir > 0 ? "ascending" : "descending");
      render();
    });
  });
  filter.addEventListener("input", render);
  statusFilter.addEventListener("change", render);
  render();
})();
