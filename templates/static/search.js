/* Broadsheet search, the page: the form, the address (?q=…&source=…&tag=…),
   and results with highlighted passages. The engine is search-index.js. */
(function () {
  "use strict";
  var page = document.getElementById("search");
  var engine = window.broadsheet && window.broadsheet.search;
  if (!page || !engine) return;
  var load = engine.load;
  var term = engine.term;

  var PAGE_SIZE = 10;
  var SNIPPET_WORDS = 30;

  var form = page.querySelector("form");
  var input = form.elements.q;
  var selects = { source: form.elements.source, tag: form.elements.tag };
  var status = page.querySelector(".search-status");
  var list = page.querySelector(".search-results");
  var more = page.querySelector(".search-more");

  /* Showing results. Everything is built as DOM nodes: no index text is ever parsed as HTML. */
  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function matcher(query) {
    var words = new Set(query.words);
    return function (word) {
      var folded = term(word);
      if (!folded) return false;
      return words.has(folded) || (query.prefix !== null && folded.startsWith(query.prefix));
    };
  }

  /* Append `text` to `target`, the words `isHit` accepts wrapped in <mark>. */
  function highlighted(target, text, isHit) {
    var pattern = /[\p{L}\p{N}\p{M}]+/gu;
    var done = 0;
    var found;
    while ((found = pattern.exec(text))) {
      if (!isHit(found[0])) continue;
      target.append(text.slice(done, found.index), element("mark", "", found[0]));
      done = found.index + found[0].length;
    }
    target.append(text.slice(done));
  }

  /* The passage of `text` with the most distinct query words, about SNIPPET_WORDS long. */
  function passage(text, isHit) {
    var pattern = /[\p{L}\p{N}\p{M}]+/gu;
    var words = [];
    var found;
    while ((found = pattern.exec(text)) && words.length < 50000) {
      words.push({ start: found.index, end: found.index + found[0].length, key: isHit(found[0]) ? term(found[0]) : null });
    }
    if (!words.length) return "";
    var best = 0;
    var bestScore = -1;
    words.forEach(function (word, index) {
      if (!word.key) return;
      var seen = new Set();
      var count = 0;
      for (var i = index; i < Math.min(words.length, index + SNIPPET_WORDS); i++) {
        if (words[i].key) {
          seen.add(words[i].key);
          count++;
        }
      }
      var score = seen.size * 1000 + count;
      if (score > bestScore) {
        bestScore = score;
        best = index;
      }
    });
    var start = Math.max(0, Math.min(best - 6, words.length - SNIPPET_WORDS)); // a short text is shown whole
    var end = Math.min(words.length, start + SNIPPET_WORDS) - 1;
    // Paragraphs become one line: a break after a sentence is a space, elsewhere a middle dot.
    var slice = text
      .slice(words[start].start, words[end].end)
      .replace(/([.!?:"”’])[ \t]*\n\s*/g, "$1 ")
      .replace(/\s*\n\s*/g, " · ")
      .replace(/\s+/g, " ");
    return (start > 0 ? "… " : "") + slice + (end < words.length - 1 ? " …" : "");
  }

  function resultItem(doc, isHit) {
    var item = element("li", "story-item");
    item.setAttribute("data-slug", doc.slug);
    if (doc.date) item.setAttribute("data-date", doc.date);
    var meta = element("p", "story-meta");
    if (doc.source) meta.append(element("span", "source", doc.source));
    var when = element(doc.date ? "time" : "span", doc.date ? "" : "undated", doc.shown);
    if (doc.date) when.setAttribute("datetime", doc.date);
    meta.append(when);
    var heading = element("h2", "story-title");
    var link = element("a");
    link.href = doc.path;
    highlighted(link, doc.title, isHit);
    heading.append(link);
    var summary = element("p", "story-summary");
    highlighted(summary, passage(doc.text, isHit), isHit);
    item.append(meta, heading, summary);
    return item;
  }

  /* The form's state, read from and written to the address (?q=…&source=…&tag=…). */
  function filtersOf() {
    var filters = [];
    Object.keys(selects).forEach(function (kind) {
      var select = selects[kind];
      if (select && select.value && /^[a-z0-9-]+$/.test(select.value)) filters.push({ kind: kind, slug: select.value });
    });
    return filters;
  }

  function restore() {
    var params = new URLSearchParams(location.search);
    input.value = params.get("q") || "";
    Object.keys(selects).forEach(function (kind) {
      var select = selects[kind];
      var wanted = params.get(kind) || "";
      // Only a value the page offers: the address is not trusted to name files.
      if (select && Array.from(select.options).some(function (option) { return option.value === wanted; })) select.value = wanted;
    });
  }

  function remember() {
    var params = new URLSearchParams();
    if (input.value.trim()) params.set("q", input.value.trim());
    filtersOf().forEach(function (filter) {
      params.set(filter.kind, filter.slug);
    });
    var address = location.pathname + (params.toString() ? "?" + params : "");
    try {
      history.replaceState(null, "", address);
    } catch (error) {
      /* some browsers refuse address changes from file://; the search still works */
    }
  }

  function describe(count, query, filters, partial) {
    var names = filters.map(function (filter) {
      var select = selects[filter.kind];
      return select.options[select.selectedIndex].text;
    });
    var scope = names.length ? " in " + names.join(" and ") : "";
    var noun = count === 1 ? "story" : "stories";
    if (!query.words.length) return count + " " + noun + scope;
    var words = "“" + query.words.join(" ") + "”";
    if (!count) return "No stories match " + words + scope + ".";
    if (partial) return "No story has all of " + words + scope + "; " + count + " " + noun + (count === 1 ? " has" : " have") + " some of them.";
    return count + " " + noun + (count === 1 ? " matches " : " match ") + words + scope;
  }

  var current = 0; // the newest search; older ones that finish late are dropped
  var results = { ids: [], shown: 0, isHit: null };

  function showMore() {
    var token = current;
    var batch = results.ids.slice(results.shown, results.shown + PAGE_SIZE);
    results.shown += batch.length;
    more.hidden = true;
    return Promise.all(
      batch.map(function (id) {
        return load("d/" + id);
      })
    ).then(function (docs) {
      if (token !== current) return;
      docs.forEach(function (doc) {
        list.append(resultItem(doc, results.isHit));
      });
      more.hidden = results.shown >= results.ids.length;
      document.dispatchEvent(new CustomEvent("broadsheet:list-changed"));
    });
  }

  function search() {
    var token = ++current;
    var query = engine.parse(input.value);
    var filters = filtersOf();
    remember();
    if (!query.words.length && !filters.length) {
      list.replaceChildren();
      more.hidden = true;
      status.textContent = "";
      list.setAttribute("aria-busy", "false");
      return Promise.resolve();
    }
    status.textContent = "Searching…";
    list.setAttribute("aria-busy", "true"); // until this search's results are all shown
    return load("meta")
      .then(function (meta) {
        return engine.rank(meta, query, filters);
      })
      .then(function (ranked) {
        if (token !== current) return;
        results = { ids: ranked.ids, shown: 0, isHit: matcher(query) };
        list.replaceChildren();
        status.textContent = describe(ranked.ids.length, query, filters, ranked.partial);
        return showMore();
      })
      .catch(function () {
        if (token !== current) return;
        status.textContent = "The search index could not be loaded. Rebuild the site, or browse by topic instead.";
      })
      .then(function () {
        if (token === current) list.setAttribute("aria-busy", "false");
      });
  }

  var timer = 0;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(search, 120);
  });
  Object.keys(selects).forEach(function (kind) {
    if (selects[kind]) selects[kind].addEventListener("change", search);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    search();
  });
  more.addEventListener("click", showMore);

  restore();
  page.classList.add("is-ready");
  search();
})();
