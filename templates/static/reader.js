/* Broadsheet reader: keys, read state, stars and display choices.
   Progressive enhancement: every page is complete without it. State lives in
   this browser only (prefs.js's store); nothing is sent anywhere. */
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

  /* ---------- where the reader came from: j/k and u on an article page ---------- */

  function trail(value) {
    try {
      if (value === undefined) return JSON.parse(sessionStorage.getItem(site.prefix + "trail") || "null");
      sessionStorage.setItem(site.prefix + "trail", JSON.stringify(value));
    } catch (error) {
      /* no session storage: j/k follow the site's own order */
    }
    return null;
  }

  function rememberList(opened) {
    trail({
      list: location.href,
      paths: items().map(function (item) {
        return storyOf(item).path;
      }),
      current: opened,
    });
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("main .story-item .story-title a");
    if (link) rememberList(storyOf(link.closest(".story-item")).slug);
  });

  function neighbour(step) {
    var saved = trail();
    var here = relativePath(location.href.split(/[?#]/)[0]);
    if (saved && Array.isArray(saved.paths)) {
      var index = saved.paths.indexOf(here);
      var next = saved.paths[index + step];
      if (index >= 0 && typeof next === "string") return site.root + next;
    }
    var link = document.querySelector(step > 0 ? ".story-nav a[rel=next]" : ".story-nav a[rel=prev]");
    return link ? link.href : null;
  }

  /* ---------- the keyboard ---------- */

  function moveCursor(step) {
    var visible = visibleItems();
    if (!visible.length) return;
    var current = document.querySelector("main .story-item.is-current");
    var index = visible.indexOf(current);
    index = index < 0 ? (step > 0 ? 0 : visible.length - 1) : Math.min(visible.length - 1, Math.max(0, index + step));
    select(visible[index]);
  }

  function select(item, quietly) {
    document.querySelectorAll("main .story-item.is-current").forEach(function (other) {
      other.classList.remove("is-current");
    });
    item.classList.add("is-current");
    var link = item.querySelector(".story-title a");
    if (link && !quietly) link.focus({ preventScroll: true }); // screen readers follow j and k
    item.scrollIntoView({ block: "nearest" });
  }

  function currentItem() {
    return document.querySelector("main .story-item.is-current") || (document.activeElement && document.activeElement.closest && document.activeElement.closest("main .story-item"));
  }

  function go(url) {
    if (url) location.href = url;
  }

  var keys = {
    j: function () {
      if (article) go(neighbour(1));
      else moveCursor(1);
    },
    k: function () {
      if (article) go(neighbour(-1));
      else moveCursor(-1);
    },
    o: function () {
      var item = currentItem();
      var link = item && item.querySelector(".story-title a");
      if (link) {
        rememberList(storyOf(item).slug);
        link.click();
      }
    },
    u: function () {
      var saved = trail();
      go(saved && typeof saved.list === "string" && saved.list.indexOf(site.root) === 0 ? saved.list : site.root + "index.html");
    },
    "/": function () {
      var field = document.getElementById("search-q") || document.querySelector(".masthead input[type=search]");
      if (field) {
        field.focus();
        field.select();
      }
    },
    m: function () {
      var target = article || currentItem();
      if (!target) return;
      var story = storyOf(target);
      setRead(story.slug, story.date, !target.classList.contains("is-read"));
    },
    s: function () {
      var target = article || currentItem();
      if (target) toggleStar(storyOf(target));
    },
    "?": function () {
      helpDialog().showModal();
    },
  };
  keys.Enter = function (event) {
    if (event.target === document.body || event.target === document.documentElement) keys.o();
  };

  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    if (typing(event.target)) {
      if (event.key === "Escape") event.target.blur();
      return;
    }
    if (document.querySelector("dialog[open]")) return; // a dialog takes its own keys; Escape closes it
    var handler = Object.prototype.hasOwnProperty.call(keys, event.key) ? keys[event.key] : null;
    if (!handler) return;
    if (event.key !== "Enter") event.preventDefault();
    handler(event);
  });

  /* ---------- dialogs: the keys, and display choices ---------- */

  var KEYS_HELP = [
    ["j / k", "next / previous story"],
    ["o or Enter", "open the story"],
    ["u", "back to the list"],
    ["/", "search"],
    ["m", "mark read / unread"],
    ["s", "star / unstar"],
    ["?", "show these keys"],
    ["Esc", "close this, or leave the search box"],
  ];

  function dialog(id, title) {
    var box = element("dialog", "panel");
    box.id = id;
    box.setAttribute("aria-labelledby", id + "-title");
    var heading = element("h2", "", title);
    heading.id = id + "-title";
    var close = button("close", "Close", function () {
      box.close();
    });
    box.append(heading);
    box.addEventListener("click", function (event) {
      if (event.target === box) box.close(); // a click on the backdrop
    });
    document.body.append(box);
    return { box: box, close: close };
  }

  var help = null;

  function helpDialog() {
    if (help) return help;
    var parts = dialog("keys-help", "Keyboard shortcuts");
    var table = element("dl", "keys");
    KEYS_HELP.forEach(function (row) {
      var term = element("dt");
      row[0].split(/( \/ | or )/).forEach(function (part) {
        term.append(part === " / " || part === " or " ? part : element("kbd", "", part));
      });
      table.append(term, element("dd", "", row[1]));
    });
    parts.box.append(table, parts.close);
    help = parts.box;
    return help;
  }

  var CHOICE_LABELS = {
    theme: ["Theme", { system: "Match system", light: "Light", dark: "Dark" }],
    font: ["Type", { serif: "Serif", sans: "Sans serif" }],
    width: ["Line length", { normal: "Normal", narrow: "Narrow", wide: "Wide" }],
  };

  var display = null;

  function displayDialog() {
    if (display) return display;
    var parts = dialog("display-settings", "Display");
    var prefs = site.read("prefs", {});
    Object.keys(site.choices).forEach(function (name) {
      var group = element("fieldset");
      group.append(element("legend", "", CHOICE_LABELS[name][0]));
      site.choices[name].forEach(function (value, index) {
        var label = element("label");
        var radio = element("input");
        radio.type = "radio";
        radio.name = "pref-" + name;
        radio.value = value;
        radio.checked = prefs[name] ? prefs[name] === value : index === 0;
        radio.addEventListener("change", function () {
          var saved = site.read("prefs", {});
          saved[name] = value;
          site.write("prefs", saved);
          site.apply(saved);
        });
        label.append(radio, " " + CHOICE_LABELS[name][1][value]);
        group.append(label);
      });
      parts.box.append(group);
    });
    parts.box.append(parts.close);
    display = parts.box;
    return display;
  }

  function addPageButtons() {
    var masthead = document.querySelector(".masthead-inner");
    if (masthead) {
      var settings = button("display-button", "Aa", function () {
        displayDialog().showModal();
      });
      settings.setAttribute("aria-label", "Display settings");
      settings.title = "Display settings";
      masthead.append(settings);
    }
    var footer = document.querySelector(".site-footer");
    if (footer) {
      footer.append(
        button("keys-button", "Keyboard shortcuts (?)", function () {
          helpDialog().showModal();
        })
      );
    }
  }

  /* ---------- start ---------- */

  addPageButtons();
  addListTools();
  if (article) {
    addArticleTools();
    var story = storyOf(article);
    var state = readState();
    if (!state.read.has(story.slug) || state.unread.has(story.slug)) setRead(story.slug, story.date, true);
  }
  refresh();

  // Back on the list a story was opened from: put the cursor on that story again.
  var saved = trail();
  if (saved && saved.list === location.href && saved.current) {
    var back = items().filter(function (item) {
      return item.getAttribute("data-slug") === saved.current;
    })[0];
    if (back) select(back, true);
  }

  document.addEventListener("broadsheet:list-changed", refresh);
  window.addEventListener("storage", function (event) {
    if (event.key && event.key.indexOf(site.prefix) === 0) refresh(); // another tab read or starred something
  });
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) refresh(); // back/forward cache: the stored state may have moved on
  });
  document.documentElement.setAttribute("data-reader", "ready"); // keys and buttons work from here on
})();
