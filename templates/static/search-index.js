/* Broadsheet search, the engine: loads index files as scripts (so it works from
   file:// as over HTTP), reads queries with the same rule as broadsheet/terms.py,
   and ranks documents. The format is described in broadsheet/write/search.py.
   search.js (the page) uses what this file exports as broadsheet.search. */
(function () {
  "use strict";
  var page = document.getElementById("search");
  if (!page || !window.broadsheet) return;

  var MAX_TERMS = 8;
  var PREFIX_MIN = 3; // the word being typed also matches longer words from this length on
  var PREFIX_SHARDS = 4; // ...unless that would load more shards than this
  var PREFIX_WEIGHT = 0.7; // a longer word counts for less than the word itself

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

  window.broadsheet.search = { load: load, fold: fold, terms: terms, term: term, parse: parse, rank: rank };
})();
