/* Broadsheet reader: read state and stars, shown on every list and article.
   Progressive enhancement: every page is complete without it. State lives in
   this browser only (prefs.js's store); nothing is sent anywhere. panels.js
   (dialogs) and keys.js (the keyboard) build on what this file exports. */
(function () {
  "use strict";
  var site = window.broadsheet;
  if (!site) return;

  var KEEP = 5000; // explicit read/unread marks kept; "mark all as read" covers the rest by date

  /* ---------- state ---------- */

  function readState() {
    var state = site.read("read", {});
    return {
      read: new Set(Array.isArray(state.read) ? state.read : []),
      unread: new Set(Array.isArray(state.unread) ? state.unread : []),
      upTo: typeof state.upTo === "string" ? state.upTo : "", // stories dated up to this are read
    };
  }

  function saveState(state) {
    site.write("read", {
      read: Array.from(state.read).slice(-KEEP),
      unread: Array.from(state.unread).slice(-KEEP),
      upTo: state.upTo,
    });
  }

  function isRead(state, slug, date) {
    if (state.unread.has(slug)) return false;
    return state.read.has(slug) || (state.upTo !== "" && (date || "") <= state.upTo);
  }

  function setRead(slug, date, read) {
    var state = readState();
    state.read.delete(slug);
    state.unread.delete(slug);
    if (read) state.read.add(slug);
    else if (isRead(state, slug, date)) state.unread.add(slug);
    saveState(state);
    refresh();
  }

  function markAllRead(items, newest) {
    var state = readState();
    if (newest) {
      if (newest > state.upTo) state.upTo = newest;
      state.unread.clear();
    }
    items.forEach(function (item) {
      state.unread.delete(item.slug);
      state.read.add(item.slug);
    });
    saveState(state);
    refresh();
  }

  function stars() {
    return site.read("starred", []).filter(function (star) {
      return star && typeof star.slug === "string" && typeof star.path === "string";
    });
  }

  function isStarred(slug) {
    return stars().some(function (star) {
      return star.slug === slug;
    });
  }

  function toggleStar(story) {
    var kept = stars().filter(function (star) {
      return star.slug !== story.slug;
    });
    if (kept.length === stars().length) kept.unshift(story);
    site.write("starred", kept);
    refresh();
  }

  /* ---------- what a story element says about itself ---------- */

  function relativePath(href) {
    return href.indexOf(site.root) === 0 ? href.slice(site.root.length) : href;
  }

  function storyOf(element) {
    var link = element.querySelector(".story-title a, h1");
    var source = element.querySelector(".source, .kicker a");
    var when = element.querySelector("time");
    return {
      slug: element.getAttribute("data-slug"),
      date: element.getAttribute("data-date") || "",
      path: link && link.href ? relativePath(link.href) : relativePath(location.href.split(/[?#]/)[0]),
      title: link ? link.textContent.trim() : "",
      source: source ? source.textContent.trim() : "",
      shown: when ? when.textContent.trim() : "Undated",
    };
  }

  /* ---------- small DOM helpers ---------- */

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function button(className, label, onClick) {
    var node = element("button", className, label);
    node.type = "button";
    node.addEventListener("click", onClick);
    return node;
  }

  /* ---------- lists of stories ---------- */

  var listMain = document.querySelector("main .story-list[data-list]"); // a collection: home, topic, source, month

  function items() {
    return Array.from(document.querySelectorAll("main .story-item[data-slug]"));
  }

  function visibleItems() {
    return items().filter(function (item) {
      return item.offsetParent !== null;
    });
  }

  function addItemActions(item) {
    if (item.querySelector(".story-actions")) return;
    var actions = element("div", "story-actions");
    actions.append(
      button("star", "", function () {
        toggleStar(storyOf(item));
      }),
      button("toggle-read", "", function () {
        var current = storyOf(item);
        setRead(current.slug, current.date, !item.classList.contains("is-read"));
      })
    );
    item.append(actions);
  }

  function paintItem(item, state) {
    var story = storyOf(item);
    var read = isRead(state, story.slug, story.date);
    var starred = isStarred(story.slug);
    item.classList.toggle("is-read", read);
    item.classList.toggle("is-starred", starred);
    // Icons in lists, to fit the meta line; the names say it in words.
    var star = item.querySelector(".story-actions .star");
    if (star) {
      star.textContent = starred ? "★" : "☆";
      star.setAttribute("aria-pressed", String(starred));
      star.setAttribute("aria-label", "Star: " + story.title);
      star.title = starred ? "Starred (s)" : "Star (s)";
    }
    var toggle = item.querySelector(".story-actions .toggle-read");
    if (toggle) {
      toggle.textContent = read ? "◯" : "✓";
      toggle.setAttribute("aria-label", (read ? "Mark unread: " : "Mark read: ") + story.title);
      toggle.title = read ? "Mark unread (m)" : "Mark read (m)";
    }
  }

  var listTools = null;

  function addListTools() {
    if (!listMain || listTools) return;
    var header = document.querySelector("main .list-header");
    var newest = listMain.getAttribute("data-newest");
    listTools = element("div", "list-tools");
    var unreadOnly = button("unread-only", "Unread only", function () {
      var prefs = site.read("prefs", {});
      prefs.unreadOnly = !prefs.unreadOnly;
      site.write("prefs", prefs);
      refresh();
    });
    var markAll = button("mark-all", newest ? "Mark all as read" : "Mark these as read", function () {
      markAllRead(items().map(storyOf), newest);
    });
    var caughtUp = element("p", "caught-up", "All caught up: every story here is read.");
    caughtUp.hidden = true;
    listTools.append(unreadOnly, markAll);
    (header || listMain).after(listTools);
    listMain.after(caughtUp);
  }

  function paintLists(state) {
    items().forEach(function (item) {
      addItemActions(item);
      paintItem(item, state);
    });
    document.querySelectorAll("[data-related-slug]").forEach(function (item) {
      item.classList.toggle("is-read", isRead(state, item.getAttribute("data-related-slug"), item.getAttribute("data-date")));
    });
    if (!listTools) return;
    var unreadOnly = site.read("prefs", {}).unreadOnly === true;
    listMain.classList.toggle("unread-only", unreadOnly);
    listTools.querySelector(".unread-only").setAttribute("aria-pressed", String(unreadOnly));
    var caughtUp = listMain.parentNode.querySelector(".caught-up");
    caughtUp.hidden = !(unreadOnly && items().length && !visibleItems().length);
  }

  /* ---------- the article page ---------- */

  var article = document.querySelector("main article.story[data-slug]");

  function addArticleTools() {
    var actions = element("div", "story-actions article-actions");
    actions.append(
      button("star", "", function () {
        toggleStar(storyOf(article));
      }),
      button("toggle-read", "", function () {
        var story = storyOf(article);
        setRead(story.slug, story.date, !article.classList.contains("is-read"));
      })
    );
    article.querySelector(".byline").after(actions);
  }

  function paintArticle(state) {
    var story = storyOf(article);
    var read = isRead(state, story.slug, story.date);
    var starred = isStarred(story.slug);
    article.classList.toggle("is-read", read);
    var star = article.querySelector(".article-actions .star");
    star.textContent = starred ? "★ Starred" : "☆ Star";
    star.setAttribute("aria-pressed", String(starred));
    article.querySelector(".article-actions .toggle-read").textContent = read ? "Mark unread" : "Mark read";
  }

  /* ---------- the starred page ---------- */

  var starredList = document.getElementById("starred-list");

  function paintStarred() {
    var saved = stars();
    var shown = Array.from(starredList.children).map(function (item) {
      return item.getAttribute("data-slug");
    });
    var wanted = saved.map(function (star) {
      return star.slug;
    });
    if (shown.join("\n") !== wanted.join("\n")) {
      starredList.replaceChildren.apply(
        starredList,
        saved.map(function (star) {
          var item = element("li", "story-item");
          item.setAttribute("data-slug", star.slug);
          if (star.date) item.setAttribute("data-date", star.date);
          var meta = element("p", "story-meta");
          if (star.source) meta.append(element("span", "source", star.source));
          meta.append(element("span", "", star.shown || ""));
          var heading = element("h2", "story-title");
          var link = element("a", "", star.title || star.path);
          link.href = site.root + star.path.replace(/^\/+/, "");
          heading.append(link);
          item.append(meta, heading);
          return item;
        })
      );
    }
    var empty = document.getElementById("starred-empty");
    if (empty) empty.hidden = saved.length > 0;
  }

  /* ---------- painting everything from the stored state ---------- */

  function refresh() {
    var state = readState();
    if (starredList) paintStarred();
    paintLists(state);
    if (article) paintArticle(state);
  }

  /* ---------- start ---------- */

  addListTools();
  if (article) {
    addArticleTools();
    var story = storyOf(article);
    var state = readState();
    if (!state.read.has(story.slug) || state.unread.has(story.slug)) setRead(story.slug, story.date, true);
  }
  refresh();
  document.addEventListener("broadsheet:list-changed", refresh);
  window.addEventListener("storage", function (event) {
    if (event.key && event.key.indexOf(site.prefix) === 0) refresh(); // another tab read or starred something
  });
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) refresh(); // back/forward cache: the stored state may have moved on
  });

  // For panels.js and keys.js, which run next.
  site.element = element;
  site.button = button;
  site.reader = {
    article: article,
    items: items,
    visibleItems: visibleItems,
    storyOf: storyOf,
    relativePath: relativePath,
    setRead: setRead,
    toggleStar: toggleStar,
  };
})();
