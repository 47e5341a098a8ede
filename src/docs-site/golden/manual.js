(function () {
  "use strict";
  var LIMIT = 200;
  var data = window.SYSTEM_MANAGER_MANUAL;
  var input = document.getElementById("search");
  var sectionSelect = document.getElementById("section");
  var results = document.getElementById("results");
  var count = document.getElementById("count");
  var detail = document.getElementById("option");
  var prefixes = data.sections.map(function (s) { return s.prefix === "" ? "" : s.prefix + "."; });
  var byFull = new Map();
  var byShort = new Map();
  data.options.forEach(function (o) {
    o.full = prefixes[o.s] + o.n;
    o.key = o.n.toLowerCase();
    o.fullKey = o.full.toLowerCase();
    o.parts = o.key.split(".");
    byFull.set(o.full, o);
  });
  data.options.forEach(function (o) { if (o.s !== 0 && !byShort.has(o.n)) byShort.set(o.n, o); });

  function anchorName(o) { return o.s !== 0 && !byFull.has(o.n) ? o.n : o.full; }
  function href(o) { return "#opt-" + encodeURIComponent(anchorName(o)); }
  function find(name) { return byFull.get(name) || byShort.get(name); }
  function text(o) {
    if (o.text === undefined) o.text = o.d.replace(/<[^>]*>/g, " ").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, "\"").replace(/&#39;/g, "'").replace(/&amp;/g, "&").replace(/\s+/g, " ").trim();
    return o.text;
  }
  function abbreviates(parts, word) {
    var w = word.split(".");
    for (var i = 0; i + w.length <= parts.length; i++) {
      var all = true;
      for (var k = 0; k < w.length && all; k++) all = parts[i + k].indexOf(w[k]) === 0;
      if (all) return true;
    }
    return false;
  }
  function rank(o, word) {
    if (o.key === word || o.fullKey === word) return 0;
    if (o.key.indexOf(word) === 0 || o.fullKey.indexOf(word) === 0) return 1;
    if (o.key.indexOf("." + word) !== -1) return 2;
    if (word.indexOf(".") !== -1 && abbreviates(o.parts, word)) return 3;
    if (o.fullKey.indexOf(word) !== -1) return 4;
    if (text(o).toLowerCase().indexOf(word) !== -1) return 8;
    return -1;
  }
  function search(query, section) {
    var words = query.toLowerCase().split(/\s+/).filter(Boolean);
    var found = [];
    data.options.forEach(function (o, i) {
      if (section !== "" && String(o.s) !== section) return;
      var score = 0;
      for (var k = 0; k < words.length; k++) {
        var r = rank(o, words[k]);
        if (r < 0) return;
        score += r;
      }
      found.push({ o: o, score: score, i: i });
    });
    // With nothing typed the options stay in name order; else the best matches first, shorter names before longer.
    if (words.length > 0) found.sort(function (a, b) { return a.score - b.score || a.o.n.length - b.o.n.length || a.i - b.i; });
    return found.map(function (f) { return f.o; });
  }
  function el(tag, className, content) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (content !== undefined) e.textContent = content;
    return e;
  }
  function summary(o) {
    var t = text(o);
    var stop = t.search(/\.(\s|$)/);
    var s = stop === -1 ? t : t.slice(0, stop + 1);
    return s.length > 140 ? s.slice(0, 139) + "\u2026" : s;
  }
  function update() {
    var query = input.value.trim();
    var section = sectionSelect ? sectionSelect.value : "";
    var found = search(query, section);
    var shown = found.slice(0, LIMIT);
    var list = document.createDocumentFragment();
    var current = currentOption();
    shown.forEach(function (o) {
      var li = el("li");
      var a = el("a", "result");
      a.href = href(o);
      if (o === current) a.setAttribute("aria-current", "true");
      a.appendChild(el("code", "result-name", o.n));
      if (data.sections.length > 1 && o.s !== 0) a.appendChild(el("span", "badge", data.sections[o.s].short));
      a.appendChild(el("span", "result-summary", summary(o)));
      li.appendChild(a);
      list.appendChild(li);
    });
    results.textContent = "";
    results.appendChild(list);
    var what = found.length === 1 ? "1 option" : found.length + " options";
    var verb = query === "" ? "" : found.length === 1 ? " matches" : " match";
    if (found.length === 0) count.textContent = "No option matches \u201c" + query + "\u201d.";
    else if (found.length > shown.length) count.textContent = what + verb + "; the first " + shown.length + " are shown. Type more to narrow them.";
    else count.textContent = what + verb + ".";
  }
  function currentOption() {
    var hash = location.hash;
    if (hash.indexOf("#opt-") !== 0) return undefined;
    var name;
    try { name = decodeURIComponent(hash.slice(5)); } catch (e) { name = hash.slice(5); }
    return find(name) || name;
  }
  function row(dl, term, node) {
    dl.appendChild(el("dt", "", term));
    var dd = el("dd");
    dd.appendChild(node);
    dl.appendChild(dd);
  }
  function html(className, content) {
    var div = el("div", className);
    div.innerHTML = content;
    return div;
  }
  function show(focus) {
    var o = currentOption();
    detail.textContent = "";
    if (o === undefined) {
      detail.appendChild(el("p", "hint", "Choose an option to see its type, default, example and description."));
      return;
    }
    if (typeof o === "string") {
      detail.appendChild(el("h2", "", "No such option"));
      detail.appendChild(el("p", "", "There is no option named \u201c" + o + "\u201d. Search for it above."));
      return;
    }
    var h = el("h2", "option-name");
    h.appendChild(el("code", "", o.n));
    detail.appendChild(h);
    if (o.s !== 0) {
      var where = el("p", "option-context", data.sections[o.s].short + " option; in a system configuration: ");
      where.appendChild(el("code", "", o.full));
      detail.appendChild(where);
    }
    detail.appendChild(html("option-description", o.d));
    var dl = el("dl", "option-fields");
    row(dl, "Type", el("code", "option-type", o.t));
    if (o.df !== undefined) row(dl, "Default", html("option-default", o.df));
    if (o.ex !== undefined) row(dl, "Example", html("option-example", o.ex));
    if (o.ro) row(dl, "Read-only", el("span", "", "yes: it cannot be set"));
    if (o.dl.length > 0) {
      var ul = el("ul", "option-declarations");
      o.dl.forEach(function (d) { var li = el("li"); li.appendChild(el("code", "", d)); ul.appendChild(li); });
      row(dl, "Declared in", ul);
    }
    detail.appendChild(dl);
    var link = el("a", "permalink", "Link to this option");
    link.href = href(o);
    detail.appendChild(link);
    document.title = o.n + " \u2013 " + data.title;
    if (focus) detail.focus();
  }
  function move(from, step) {
    var links = Array.prototype.slice.call(results.querySelectorAll("a"));
    var i = links.indexOf(from) + step;
    if (i < 0) input.focus();
    else if (i < links.length) links[i].focus();
  }
  input.addEventListener("input", update);
  if (sectionSelect) sectionSelect.addEventListener("change", update);
  input.addEventListener("keydown", function (e) {
    var first = results.querySelector("a");
    if (e.key === "Enter" && first) { e.preventDefault(); location.hash = first.getAttribute("href"); }
    else if (e.key === "ArrowDown" && first) { e.preventDefault(); first.focus(); }
    else if (e.key === "Escape") { input.value = ""; update(); }
  });
  results.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") { e.preventDefault(); move(document.activeElement, e.key === "ArrowDown" ? 1 : -1); }
  });
  window.addEventListener("hashchange", function () { show(true); update(); });
  update();
  show(false);
})();
