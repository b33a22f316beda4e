/* Broadsheet panels: the list of keys and the display choices, in <dialog>s,
   and the buttons that open them (the Aa in the masthead, a footer button). */
(function () {
  "use strict";
  var site = window.broadsheet;
  if (!site || !site.reader) return;
  var element = site.element;
  var button = site.button;

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

  addPageButtons();
  site.panels = { help: helpDialog };
})();
