/* Runs in <head>, before the page is drawn, so a reader who chose dark pages
   never sees a flash of light ones. It applies the display choices (theme,
   font, width) and gives reader.js a store that never throws: localStorage,
   kept per site (each site's root folder), or memory for this page where the
   browser refuses storage (some do for file://). Nothing leaves the browser. */
(function () {
  "use strict";
  var script = document.currentScript;
  var root = new URL("../", script ? script.src : location.href); // this file lives in <root>/assets/
  var prefix = "broadsheet:" + root.pathname + ":";
  var memory = {};
  var storage = null;
  try {
    storage = window.localStorage;
    storage.setItem(prefix + "probe", "1");
    storage.removeItem(prefix + "probe");
  } catch (error) {
    storage = null;
  }

  function read(name, fallback) {
    var text = memory[name];
    if (storage) {
      try {
        text = storage.getItem(prefix + name);
      } catch (error) {
        /* keep what this page knows */
      }
    }
    if (text === undefined || text === null) return fallback;
    try {
      var value = JSON.parse(text);
      return value === null || typeof value !== typeof fallback ? fallback : value;
    } catch (error) {
      return fallback;
    }
  }

  function write(name, value) {
    var text = JSON.stringify(value);
    memory[name] = text;
    if (!storage) return;
    try {
      storage.setItem(prefix + name, text);
    } catch (error) {
      /* full or forbidden: the choice lasts for this page */
    }
  }

  // The first choice of each is the default, which the style sheet shows without any attribute.
  var choices = { theme: ["system", "light", "dark"], font: ["serif", "sans"], width: ["normal", "narrow", "wide"] };

  function apply(prefs) {
    Object.keys(choices).forEach(function (name) {
      var value = choices[name].indexOf(prefs[name]) > 0 ? prefs[name] : choices[name][0];
      document.documentElement.setAttribute("data-" + name, value);
    });
  }

  apply(read("prefs", {}));
  document.documentElement.setAttribute("data-script", "on"); // style.css shows script-only parts
  window.broadsheet = { root: root.href, prefix: prefix, read: read, write: write, choices: choices, apply: apply };
})();
