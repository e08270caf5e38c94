/* defcoop explorer: search (index page), sort and filter (table pages). No network access:
   the search data comes from assets/search-index.js, loaded with <script src> (works under file://). */
(function () {
  "use strict";
  function norm(s) { return (s || "").toString().toLowerCase().normalize("NFC"); }

  /* ---- sortable tables: a button in each header cell; aria-sort tells the order */
  document.querySelectorAll("table[data-sortable]").forEach(function (table) {
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, col) {
      var button = document.createElement("button");
      button.type = "button"; button.className = "sort";
      while (th.firstChild) { button.appendChild(th.firstChild); }
      th.appendChild(button);
      button.addEventListener("click", function () {
        var asc = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[col], y = b.cells[col];
          var kx = x.hasAttribute("data-sort") ? x.getAttribute("data-sort") : x.textContent.trim();
          var ky = y.hasAttribute("data-sort") ? y.getAttribute("data-sort") : y.textContent.trim();
          var c = kx.localeCompare(ky, "en", {numeric: true});
          return asc ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });

  /* ---- filters above a table: free text over every cell, and a column's value */
  var filters = document.querySelector(".filters");
  var records = document.getElementById("records");
  if (filters && records) {
    filters.hidden = false;
    var text = filters.querySelector("[data-filter-text]");
    var selects = filters.querySelectorAll("[data-filter-col]");
    var count = filters.querySelector("[data-filter-count]");
    var apply = function () {
      var q = norm(text.value).trim().split(/\s+/).filter(Boolean), shown = 0;
      Array.prototype.forEach.call(records.tBodies[0].rows, function (row) {
        var hay = norm(row.textContent), ok = q.every(function (w) { return hay.indexOf(w) >= 0; });
        Array.prototype.forEach.call(selects, function (sel) {
          var cell = row.querySelector('[data-col="' + sel.getAttribute("data-filter-col") + '"]');
          if (sel.value && (!cell || cell.textContent.trim() !== sel.value)) { ok = false; }
        });
        row.hidden = !ok;
        if (ok) { shown += 1; }
      });
      count.textContent = shown + " of " + records.tBodies[0].rows.length + " shown";
    };
    text.addEventListener("input", apply);
    Array.prototype.forEach.call(selects, function (s) { s.addEventListener("change", apply); });
    apply();
  }

  /* ---- search (index page): every word must occur in the name, id or summary */
  var input = document.getElementById("q");
  if (input && window.DEFCOOP_SEARCH) {
    var results = document.getElementById("results"), status = document.getElementById("search-status");
    var labels = {actors: "actor", agreements: "agreement", contracts: "contract", deliveries: "delivery",
      events: "event", integrations: "integration", statements: "statement", weapon_systems: "weapon system"};
    var entries = window.DEFCOOP_SEARCH.map(function (e) {
      return {table: e[0], id: e[1], name: e[2], text: e[3], hay: norm(e[2] + " " + e[1] + " " + e[3]),
              key: norm(e[2] + " " + e[1])};
    });
    var run = function () {
      var words = norm(input.value).trim().split(/\s+/).filter(Boolean);
      results.textContent = "";
      if (!words.length) { status.textContent = "Type to search " + entries.length + " records."; return; }
      var hits = entries.filter(function (e) { return words.every(function (w) { return e.hay.indexOf(w) >= 0; }); });
      hits.sort(function (a, b) {  // names and ids that match first
        var sa = words.every(function (w) { return a.key.indexOf(w) >= 0; }) ? 0 : 1;
        var sb = words.every(function (w) { return b.key.indexOf(w) >= 0; }) ? 0 : 1;
        return sa - sb || a.name.localeCompare(b.name);
      });
      status.textContent = hits.length + (hits.length === 1 ? " record matches." : " records match.") +
        (hits.length > 100 ? " Showing the first 100." : "");
      hits.slice(0, 100).forEach(function (e) {
        var li = document.createElement("li"), a = document.createElement("a");
        a.href = e.table + "/" + e.id + ".html"; a.textContent = e.name;
        li.appendChild(a);
        li.appendChild(document.createTextNode(" (" + labels[e.table] + ", " + e.id + ")"));
        if (e.text) {
          var s = document.createElement("span"); s.className = "snippet";
          s.textContent = e.text.length > 200 ? e.text.slice(0, 197) + "…" : e.text;
          li.appendChild(s);
        }
        results.appendChild(li);
      });
    };
    var params = new URLSearchParams(window.location.search);
    if (params.get("q")) { input.value = params.get("q"); }
    input.addEventListener("input", run);
    run();
  }
}());
