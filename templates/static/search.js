/* Broadsheet search. Runs on search.html only; no dependencies, no requests
   beyond the site's own search/ files, which are scripts (not fetch), so it works
   from file:// as well as over HTTP. The index format is described in
   broadsheet/write/search.py; terms() must match broadsheet/terms.py. */
(function () {
  "use strict";
  var page = document.getElementById("search");
  if (!page) return;

  var PAGE_SIZE = 10;
  var MAX_TERMS = 8;
  var PREFIX_MIN = 3; // the word being typed also matches longer words from this length on
  var PREFIX_SHARDS = 4; // ...unless that would load more shards than this
  var PREFIX_WEIGHT = 0.7; // a longer word counts for less than the word itself
  var SNIPPET_WORDS = 30;

  var form = page.querySelector("form");
  var input = form.elements.q;
  var selects = { source: form.elements.source, tag: form.elements.tag };
  var status = page.querySelector(".search-status");
  var list = page.querySelector(".search-results");
  var more = page.querySelector(".search-more");
  var base = page.getAttribute("data-index");
  var stamp = page.getAttribute("data-stamp");

  /* Loading index files: each is a script that calls broadsheetSearch(name, data). */
  var loaded = Object.create(null);
  var waiting = Object.create(null);

  window.broadsheetSearch = function (name, data) {
    loaded[name] = data;
    settle(name, null);
  };

  function settle(name, error) {
    var callbacks = waiting[name] || [];
    delete waiting[name];
    callbacks.forEach(function (callback) {
      callback(error);
    });
  }

  function load(name) {
    if (name in loaded) return Promise.resolve(loaded[name]);
    return new Promise(function (resolve, reject) {
      var first = !(name in waiting);
      (waiting[name] = waiting[name] || []).push(function (error) {
        if (error) reject(error);
        else resolve(loaded[name]);
      });
      if (!first) return;
      var script = document.createElement("script");
      script.src = base + name + ".js?v=" + encodeURIComponent(stamp);
      script.onload = function () {
        script.remove();
        if (!(name in loaded)) settle(name, new Error(name + " is not a search index file"));
      };
      script.onerror = function () {
        script.remove();
        settle(name, new Error(name + " could not be loaded"));
      };
      document.head.appendChild(script);
    });
  }

  /* Terms: the same rule as broadsheet/terms.py. */
  function fold(text) {
    return text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
  }

  function terms(text) {
    return fold(text).match(/[\p{L}\p{N}]{2,32}/gu) || [];
  }

  /* The term a word of the text is indexed under (its first, for a very long word). */
  function term(word) {
    return terms(word)[0] || null;
  }

  function hasOwn(object, key) {
    return Object.prototype.hasOwnProperty.call(object, key);
  }

  /* The shard holding a term: the last one whose first term is not after it. */
  function shardOf(shards, word) {
    var low = 0;
    var high = shards.length - 1;
    while (low < high) {
      var middle = (low + high + 1) >> 1;
      if (shards[middle] <= word) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  function parse(text) {
    var words = Array.from(new Set(terms(text))).slice(0, MAX_TERMS);
    var last = words[words.length - 1];
    var typing = last && !/[\s"'.,;:!?)]$/.test(text) && Array.from(last).length >= PREFIX_MIN;
    return { words: words, prefix: typing ? last : null };
  }

  /* Scores of the documents matching one query word: document id → score. */
  function matches(meta, word, prefix) {
    var first = shardOf(meta.shards, word);
    var last = prefix ? shardOf(meta.shards, word + "\uffff") : first;
    if (last - first >= PREFIX_SHARDS) {
      last = first;
      prefix = false;
    }
    var numbers = [];
    for (var number = first; number <= last; number++) numbers.push(number);
    return Promise.all(
      numbers.map(function (n) {
        return load("t/" + n);
      })
    ).then(function (shards) {
      var scores = new Map();
      shards.forEach(function (shard) {
        var keys = prefix ? Object.keys(shard) : hasOwn(shard, word) ? [word] : [];
        keys.forEach(function (key) {
          if (key !== word && !(prefix && key.startsWith(word))) return;
          // Each posting is the difference from the previous `id << 4 | impact` (write/search.py).
          var postings = shard[key];
          var frequency = postings.length;
          var rarity = Math.log(1 + (meta.documents - frequency + 0.5) / (frequency + 0.5));
          var weight = rarity * (key === word ? 1 : PREFIX_WEIGHT);
          var packed = 0;
          for (var i = 0; i < postings.length; i++) {
            packed += postings[i];
            var id = packed >> 4;
            var score = weight * (packed & 15);
            if (!(scores.get(id) >= score)) scores.set(id, score);
          }
        });
      });
      return scores;
    });
  }

  function filterIds(kind, slug) {
    return load("f/" + kind + "-" + slug).then(function (deltas) {
      var ids = new Set();
      var id = 0;
      deltas.forEach(function (delta) {
        ids.add((id += delta));
      });
      return ids;
    });
  }

  /* Ranked document ids for a query: all words must match; failing that, any. */
  function rank(meta, query, filters) {
    return Promise.all([
      Promise.all(
        query.words.map(function (word) {
          return matches(meta, word, word === query.prefix);
        })
      ),
      Promise.all(
        filters.map(function (filter) {
          return filterIds(filter.kind, filter.slug);
        })
      ),
    ]).then(function (found) {
      var perWord = found[0];
      var allowed = found[1];
      function permitted(id) {
        return allowed.every(function (ids) {
          return ids.has(id);
        });
      }
      if (!perWord.length) {
        var everything = allowed.length ? Array.from(allowed[0]).filter(permitted) : [];
        return { ids: everything.sort(function (a, b) { return b - a; }), partial: false };
      }
      var totals = new Map();
      var hits = new Map();
      perWord.forEach(function (scores) {
        scores.forEach(function (score, id) {
          if (!permitted(id)) return;
          totals.set(id, (totals.get(id) || 0) + score);
          hits.set(id, (hits.get(id) || 0) + 1);
        });
      });
      var all = [];
      totals.forEach(function (_, id) {
        if (hits.get(id) === perWord.length) all.push(id);
      });
      var partial = !all.length && perWord.length > 1;
      var ids = partial ? Array.from(totals.keys()) : all;
      ids.sort(function (a, b) {
        return hits.get(b) - hits.get(a) || totals.get(b) - totals.get(a) || b - a;
      });
      return { ids: ids, partial: partial };
    });
  }

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
    if (partial) return "No story has all of " + words + scope + "; " + count + " " + noun + " have some of them.";
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
    var query = parse(input.value);
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
        return rank(meta, query, filters);
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
