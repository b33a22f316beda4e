// Broadsheet live reload, added to pages by `build.py watch --serve` (never part of the site).
// Reloads this page when a build changes it (or the theme's assets), and shows build problems.
(() => {
  "use strict";
  const me = new URL(document.currentScript.src);
  let version = me.searchParams.get("v");
  const page = me.searchParams.get("page"); // this page's file below the site root; "" = reload on any change
  let banner = null;

  const affectsMe = (changed) =>
    changed === null || page === "" || changed.includes(page) || changed.some((path) => path.startsWith("assets/"));

  const show = (problems) => {
    if (!problems.length) {
      if (banner) banner.remove();
      banner = null;
      return;
    }
    if (!banner) {
      banner = document.createElement("div");
      banner.setAttribute("role", "alert");
      banner.id = "broadsheet-build-problems";
      // CSSOM, not a style attribute: the pages' CSP allows no inline styles.
      Object.assign(banner.style, {
        position: "fixed", left: "0", right: "0", bottom: "0", zIndex: "2147483647", maxHeight: "40vh",
        overflow: "auto", margin: "0", padding: "0.75em 1em", background: "#7a1010", color: "#fff",
        font: "14px/1.4 ui-monospace, monospace", whiteSpace: "pre-wrap",
      });
      document.body.appendChild(banner);
    }
    banner.textContent = "Broadsheet\n" + problems.join("\n");
  };

  const events = new EventSource("/__broadsheet__/events");
  events.addEventListener("hello", (event) => {
    const state = JSON.parse(event.data);
    if (state.version !== version) location.reload(); // the site changed while this page was away
    else show(state.problems);
  });
  events.addEventListener("build", (event) => {
    const build = JSON.parse(event.data);
    if (build.version !== version && affectsMe(build.changed)) {
      events.close();
      location.reload();
      return;
    }
    version = build.version;
    show(build.problems);
  });
  events.addEventListener("failed", (event) => show(JSON.parse(event.data).problems));
})();
