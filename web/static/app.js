// talaash: small progressive enhancements on top of htmx. Everything works without this file.
(function () {
  "use strict";

  const results = () => document.getElementById("results");
  const searchBox = () => document.getElementById("q");

  // Results region is busy while a search is in flight (screen readers, and the dimming CSS).
  document.addEventListener("htmx:beforeRequest", (e) => {
    if (e.detail.target === results()) results().setAttribute("aria-busy", "true");
  });
  document.addEventListener("htmx:afterSettle", () => {
    const r = results();
    if (r) r.setAttribute("aria-busy", "false");
  });
  document.addEventListener("htmx:responseError", () => {
    const r = results();
    if (r) r.setAttribute("aria-busy", "false");
  });

  // Keyboard: "/" focuses the search box; ↓/↑ move between result titles.
  document.addEventListener("keydown", (e) => {
    const box = searchBox();
    const typing = e.target.matches("input, textarea, select");
    if (e.key === "/" && !typing && box) {
      e.preventDefault();
      box.focus();
      box.select();
      return;
    }
    if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
    if (e.isComposing || (typing && e.target !== box)) return;
    const links = Array.from(document.querySelectorAll(".hit-title a"));
    if (!links.length) return;
    const i = links.indexOf(document.activeElement);
    if (e.target === box && e.key === "ArrowDown") {
      e.preventDefault();
      links[0].focus();
    } else if (i >= 0) {
      e.preventDefault();
      const next = e.key === "ArrowDown" ? i + 1 : i - 1;
      if (next < 0 && box) box.focus();
      else if (next < links.length) links[next].focus();
    }
  });

})();
