/* ea site: search over the prebuilt index, language links that keep the query, diagram size, and (under
   `ea serve`) reload when the site is rebuilt. No network: the index is a script beside the pages. */
(function () {
  "use strict";
  var doc = document.documentElement;
  var langRoot = doc.getAttribute("data-lang-root") || "";
  var siteRoot = doc.getAttribute("data-root") || "";

  // The same folding as ea_model/site/search.py: đ/Đ -> d, NFD, marks dropped, lowercase, spaces collapsed.
  function fold(text) {
    return String(text).replace(/[đĐ]/g, "d").normalize("NFD").replace(/\p{M}/gu, "").toLowerCase()
      .split(/\s+/).filter(Boolean).join(" ");
  }

  var pending = null;
  function withIndex(callback) {
    if (window.EA_SEARCH) { callback(window.EA_SEARCH); return; }
    if (pending) { pending.push(callback); return; }
    pending = [callback];
    var script = document.createElement("script");
    script.src = doc.getAttribute("data-index");
    script.onload = function () {
      var waiting = pending; pending = null;
      waiting.forEach(function (f) { f(window.EA_SEARCH || []); });
    };
    document.head.appendChild(script);
  }

  // entry: [kind, url, id, name, label, folded name, folded text]
  function search(items, query, limit) {
    var q = fold(query);
    if (!q) { return { total: 0, hits: [] }; }
    var tokens = q.split(" ");
    var hits = [];
    for (var i = 0; i < items.length; i++) {
      var it = items[i], hay = it[6], ok = true;
      for (var j = 0; j < tokens.length; j++) {
        if (hay.indexOf(tokens[j]) < 0) { ok = false; break; }
      }
      if (!ok) { continue; }
      var id = fold(it[2]), name = it[5], score;
      if (id === q || name === q) { score = 0; }
      else if (name.indexOf(q) === 0 || id.indexOf(q) === 0) { score = 1; }
      else if (name.indexOf(q) >= 0) { score = 2; }
      else if (id.indexOf(q) >= 0) { score = 3; }
      else { score = 4; }
      if (it[0] !== "e") { score += 0.5; }
      hits.push([score, name.length, i]);
    }
    hits.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1] || a[2] - b[2]; });
    return { total: hits.length, hits: hits.slice(0, limit).map(function (h) { return items[h[2]]; }) };
  }

  function resultItem(it) {
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = langRoot + it[1];
    a.className = "r-link r-" + it[0];
    var name = document.createElement("span");
    name.className = "r-name";
    name.textContent = it[3];
    var meta = document.createElement("span");
    meta.className = "r-meta";
    meta.textContent = it[2] + " · " + it[4];
    a.appendChild(name);
    a.appendChild(meta);
    li.appendChild(a);
    return li;
  }

  function setupBox(form) {
    var input = form.querySelector(".ea-q");
    var list = form.querySelector(".ea-results");
    if (!input || !list) { return; }
    var active = -1, timer = null;
    function hide() { list.hidden = true; active = -1; }
    function mark() {
      var items = list.querySelectorAll("li");
      for (var i = 0; i < items.length; i++) { items[i].classList.toggle("active", i === active); }
    }
    function update() {
      var query = input.value;
      withIndex(function (items) {
        if (input.value !== query) { return; }
        var res = search(items, query, 12);
        list.textContent = "";
        active = -1;
        if (!fold(query)) { hide(); return; }
        res.hits.forEach(function (it) { list.appendChild(resultItem(it)); });
        var all = document.createElement("li");
        all.className = "all";
        var a = document.createElement("a");
        a.href = langRoot + "search.html?q=" + encodeURIComponent(query);
        a.textContent = "→ " + res.total;
        all.appendChild(a);
        list.appendChild(all);
        list.hidden = false;
      });
    }
    input.addEventListener("focus", function () { withIndex(function () {}); });
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(update, 60);
    });
    input.addEventListener("keydown", function (ev) {
      var items = list.querySelectorAll("li");
      if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
        if (list.hidden || !items.length) { return; }
        ev.preventDefault();
        active = ev.key === "ArrowDown" ? Math.min(active + 1, items.length - 1) : Math.max(active - 1, 0);
        mark();
      } else if (ev.key === "Enter" && active >= 0 && items[active]) {
        ev.preventDefault();
        window.location.href = items[active].querySelector("a").href;
      } else if (ev.key === "Escape") {
        hide();
      }
    });
    document.addEventListener("click", function (ev) { if (!form.contains(ev.target)) { hide(); } });
  }

  function setupSearchPage() {
    var out = document.getElementById("ea-search-results");
    var input = document.getElementById("ea-search-input");
    var count = document.getElementById("ea-search-count");
    if (!out || !input || !count) { return; }
    var query = new URLSearchParams(window.location.search).get("q") || "";
    input.value = query;
    if (!query) { input.focus(); return; }
    withIndex(function (items) {
      var res = search(items, query, 500);
      out.textContent = "";
      res.hits.forEach(function (it) { out.appendChild(resultItem(it)); });
      var text = !res.total ? count.getAttribute("data-none")
        : res.total > res.hits.length ? count.getAttribute("data-more") : count.getAttribute("data-count");
      count.textContent = text.replace("{n}", res.total).replace("{shown}", res.hits.length);
    });
  }

  function setupLanguageLinks() {
    var keep = window.location.search + window.location.hash;
    if (!keep) { return; }
    document.querySelectorAll("a.lang-switch").forEach(function (a) {
      a.setAttribute("href", a.getAttribute("href").split(/[?#]/)[0] + keep);
    });
  }

  function setupDiagrams() {
    document.querySelectorAll("button.ea-fit").forEach(function (button) {
      var figure = button.parentNode.nextElementSibling;
      button.addEventListener("click", function () {
        var fit = figure.classList.toggle("fit");
        button.textContent = button.getAttribute(fit ? "data-actual" : "data-fit");
      });
    });
  }

  function setupLiveReload() {
    if (doc.getAttribute("data-live") !== "1" || !window.fetch) { return; }
    var seen = null;
    function poll() {
      fetch(siteRoot + "__ea/version", { cache: "no-store" }).then(function (r) { return r.text(); })
        .then(function (version) {
          if (seen !== null && version !== seen) { window.location.reload(); return; }
          seen = version;
          setTimeout(poll, 1000);
        }, function () { setTimeout(poll, 3000); });
    }
    poll();
  }

  function start() {
    document.querySelectorAll("form.search").forEach(setupBox);
    setupSearchPage();
    setupLanguageLinks();
    setupDiagrams();
    setupLiveReload();
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
