/* Broadsheet keys: j/k next and previous story, o or Enter open, u back to the
   list, / search, m read or unread, s star, ? the list of keys. Loaded last:
   it marks <html data-reader="ready"> once everything answers. */
(function () {
  "use strict";
  var site = window.broadsheet;
  if (!site || !site.reader || !site.panels) return;
  var reader = site.reader;
  var article = reader.article;
  var items = reader.items;
  var visibleItems = reader.visibleItems;
  var storyOf = reader.storyOf;
  var relativePath = reader.relativePath;
  var setRead = reader.setRead;
  var toggleStar = reader.toggleStar;
  var helpDialog = site.panels.help;

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
    if (link) rememberList(storyOf(link.closest(".story-item")).path);
  });

  /* The story `step` away in the list the reader came from (else the site's order); the trail follows. */
  function neighbour(step) {
    var saved = trail();
    var here = relativePath(location.href.split(/[?#]/)[0]);
    if (saved && Array.isArray(saved.paths)) {
      var index = saved.paths.indexOf(here);
      var next = saved.paths[index + step];
      if (index >= 0 && typeof next === "string") {
        saved.current = next;
        trail(saved);
        return site.root + next;
      }
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
        rememberList(storyOf(item).path);
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

  // Back on the list a story was opened from: put the cursor on that story again,
  // once the list is there (search results arrive after the page).
  function restoreCursor() {
    var saved = trail();
    if (!saved || saved.list !== location.href || !saved.current) return true;
    var back = items().filter(function (item) {
      return storyOf(item).path === saved.current;
    })[0];
    if (back) select(back, true);
    return Boolean(back);
  }
  if (!restoreCursor()) {
    document.addEventListener("broadsheet:list-changed", function restoreOnce() {
      if (restoreCursor()) document.removeEventListener("broadsheet:list-changed", restoreOnce);
    });
  }
  document.documentElement.setAttribute("data-reader", "ready"); // keys and buttons work from here on
})();
