// talaash: small progressive enhancements on top of htmx. Everything works without this file.
// No inline handlers anywhere: the page runs under a CSP of script-src 'self'.
(function () {
  "use strict";

  const results = () => document.getElementById("results");
  const searchBox = () => document.getElementById("q");
  const PAUSE_MS = 2000; // typing that stops this long has been read: the next burst gets its own entry
  document.documentElement.classList.add("js");

  // --- Typing: one history entry per burst of typing, replaced while it goes on. ---
  // htmx trigger filters need eval (allowEval is off), so IME composition is filtered here.
  let typingEntry = false; // the current history entry was pushed by typing
  let pauseTimer = null;
  function typed(box) {
    box.dispatchEvent(new CustomEvent("talaash:typed", { bubbles: true }));
    clearTimeout(pauseTimer);
    pauseTimer = setTimeout(() => { typingEntry = false; }, PAUSE_MS);
  }
  document.addEventListener("input", (e) => {
    if (e.target === searchBox() && !e.isComposing) typed(e.target);
  });
  document.addEventListener("compositionend", (e) => {
    if (e.target === searchBox()) typed(e.target);
  });
  function historyMode(elt, push) {
    // hx-push-url is inherited (the box sits in the form), so only one of the two is set.
    if (push) { elt.setAttribute("hx-push-url", "true"); elt.removeAttribute("hx-replace-url"); }
    else { elt.removeAttribute("hx-push-url"); elt.setAttribute("hx-replace-url", "true"); }
  }
  document.addEventListener("htmx:configRequest", (e) => {
    const box = searchBox();
    if (!box || (e.detail.elt !== box && e.detail.elt !== box.form)) return;
    // The first keystroke after a committed state pushes; the rest of the burst replaces.
    // Enter commits what typing already put in the URL: it replaces rather than repeats it.
    historyMode(box, !typingEntry);
    historyMode(box.form, !typingEntry);
  });
  // htmx announces history changes on <body>: remember who asked last (hx-sync keeps one).
  let lastElt = null;
  document.addEventListener("htmx:beforeRequest", (e) => { lastElt = e.detail.elt; });
  document.addEventListener("htmx:pushedIntoHistory", () => {
    typingEntry = lastElt === searchBox();
  });
  document.addEventListener("htmx:replacedInHistory", () => {
    const box = searchBox();
    if (box && lastElt === box.form) typingEntry = false;
  });

  // Back and Forward: the box shows the query of the state it returns to.
  function syncBox() {
    const box = searchBox();
    if (!box) return;
    const q = new URLSearchParams(location.search).get("q") || "";
    box.value = q;
    box.setAttribute("value", q);
    typingEntry = false;
  }
  document.addEventListener("htmx:historyRestore", syncBox);
  window.addEventListener("pageshow", (e) => { if (e.persisted) syncBox(); });

  // --- Focus survives a swap: the control that was chosen keeps it (by its data-key). ---
  // A facet value carries no data-key: its key is its list's facet and its label.
  // A date row is a facet value too (its bar is drawn in it). A sort, page or page-size
  // control's key is its group and its rel or text: the same control after the swap, linked
  // or now current. The date range's fields and button are keyed by their name, a facet's
  // "all" link by its facet's body: no data-key in each keystroke for them either.
  const GROUPS = ".sort, .per-page, .pages";
  const KEYED = ".date-range input, .date-range button, .facet-more-link";
  function keyOf(el) {
    const key = el.getAttribute("data-key");
    if (key) return key;
    if (el.matches(KEYED)) {
      const range = el.closest(".date-range");
      return range ? "range:" + (el.name || "apply") : "more:" + el.parentElement.id;
    }
    const group = el.closest(GROUPS);
    if (group) return group.classList[0] + ":" + (el.getAttribute("rel") || el.textContent.trim());
    // A facet value's label is its link's last span but one (the count is the last).
    const list = el.closest("[data-facet]"), label = el.querySelector(":scope > span:nth-last-child(2)");
    return list && label ? list.getAttribute("data-facet") + ":" + label.textContent : "";
  }
  let focusKey = null;
  let drawerWasOpen = false;
  document.addEventListener("htmx:beforeRequest", (e) => {
    const r = results();
    if (e.detail.target === r) {
      r.setAttribute("aria-busy", "true");
      const active = document.activeElement;
      focusKey = active && r.contains(active) ? keyOf(active) : null;
      drawerWasOpen = !!document.querySelector(".facets.open");
    }
  });
  document.addEventListener("htmx:afterSettle", (e) => {
    const r = results();
    if (r) r.setAttribute("aria-busy", "false");
    if (e.detail.target !== r) return;
    if (drawerWasOpen) openDrawer(false);
    if (focusKey === null) return;
    const same = focusKey && Array.from(r.querySelectorAll("[data-key], [data-facet] a, .sort a, .pages a, " + KEYED))
      .find((el) => keyOf(el) === focusKey);
    const target = same || document.getElementById("summary");
    if (target) target.focus({ preventScroll: !!same });
    focusKey = null;
  });

  // --- Errors reach the screen: 400 and 503 are swapped in (htmx-config); others get a note. ---
  function showError(text) {
    const r = results();
    if (!r) return;
    r.setAttribute("aria-busy", "false");
    let note = document.getElementById("request-error");
    if (!note) {
      note = document.createElement("div");
      note.id = "request-error";
      note.className = "notice notice-error";
      note.setAttribute("role", "alert");
      r.prepend(note);
    }
    note.textContent = text;
  }
  document.addEventListener("htmx:responseError", (e) => {
    showError("खोज में गड़बड़ी हुई (error " + e.detail.xhr.status + "); फिर से कोशिश करें (please try again)");
  });
  document.addEventListener("htmx:sendError", () => {
    showError("सर्वर से संपर्क नहीं हो सका (the server could not be reached); फिर से कोशिश करें");
  });

  // --- Mobile: the facets are a drawer behind a "filters" button. ---
  const drawer = () => document.getElementById("facets");
  const toggleButton = () => document.querySelector(".filters-toggle");
  function openDrawer(focus) {
    const d = drawer(), b = toggleButton();
    if (!d || !b) return;
    d.classList.add("open");
    b.setAttribute("aria-expanded", "true");
    document.body.classList.add("drawer-open");
    const close = d.querySelector(".drawer-close");
    if (focus && close) close.focus();
  }
  function closeDrawer() {
    const d = drawer(), b = toggleButton();
    if (!d || !d.classList.contains("open")) return;
    d.classList.remove("open");
    document.body.classList.remove("drawer-open");
    if (b) { b.setAttribute("aria-expanded", "false"); b.focus(); }
  }
  function revealButtons() {
    document.querySelectorAll(".filters-toggle, .drawer-close").forEach((b) => { b.hidden = false; });
  }
  document.addEventListener("DOMContentLoaded", revealButtons);
  document.addEventListener("htmx:afterSettle", revealButtons);
  if (document.readyState !== "loading") revealButtons();
  document.addEventListener("click", (e) => {
    if (e.target.closest(".filters-toggle")) openDrawer(true);
    else if (e.target.closest(".drawer-close")) closeDrawer();
  });

  // --- The date histogram: drag across bars to set from/to; a click picks one bar. ---
  // The search page's bars are the rows of its date list (newest first), the entity page's a
  // row of months; a touch scrolls and taps (the from/to fields take a range there).
  const BAR = ".histogram .bar, .histogram-rows .bar";
  let brushFrom = null, brushTo = null, dragged = false;
  function bars() { return Array.from(document.querySelectorAll(BAR)); }
  function paintBrush() {
    const all = bars();
    const i = all.indexOf(brushFrom), j = all.indexOf(brushTo);
    all.forEach((b, k) => b.classList.toggle("brushed", i >= 0 && k >= Math.min(i, j) && k <= Math.max(i, j)));
  }
  document.addEventListener("pointerdown", (e) => {
    const bar = e.target.closest(BAR);
    if (!bar || e.button !== 0 || (e.pointerType === "touch" && !bar.closest(".histogram"))) return;
    e.preventDefault();
    brushFrom = brushTo = bar;
    dragged = false;
    paintBrush();
  });
  document.addEventListener("pointermove", (e) => {
    if (!brushFrom) return;
    const el = document.elementFromPoint(e.clientX, e.clientY);
    const bar = el && el.closest(BAR);
    if (bar && bar !== brushTo) { brushTo = bar; dragged = true; paintBrush(); }
  });
  document.addEventListener("pointerup", () => {
    if (!brushFrom) return;
    const all = bars();
    const i = all.indexOf(brushFrom), j = all.indexOf(brushTo);
    // Dates as YYYY[-MM[-DD]] sort as text, whichever way the bars run.
    const [lo, hi] = [all[i].getAttribute("data-value"), all[j].getAttribute("data-value")].sort();
    const pressed = brushFrom;
    brushFrom = brushTo = null;
    // A plain click follows the bar's own link, focused as a click focuses a link (pointerdown
    // prevented it), so that focus comes back to it after the swap.
    if (!dragged) { pressed.focus({ preventScroll: true }); return; }
    const form = document.querySelector(".date-range");
    if (!form) return;
    form.querySelector("input[name=from]").value = lo;
    form.querySelector("input[name=to]").value = hi;
    form.requestSubmit();
  });
  document.addEventListener("click", (e) => {
    if (dragged && e.target.closest(BAR)) { e.preventDefault(); e.stopPropagation(); dragged = false; }
  }, true);

  // --- Suggestions while typing: people and places in an ARIA combobox listbox. ---
  // Arrow keys move, Enter applies the chosen name as a filter, Escape closes; the text the
  // name completes leaves the box. Rendered with textContent: names are never HTML.
  const KIND_LABEL = { person: "व्यक्ति", place: "जगह" };
  let suggestAbort = null, suggestions = [], active = -1;
  const listbox = () => document.getElementById("suggestions");
  function closeSuggestions() {
    const list = listbox(), box = searchBox();
    if (!list || !box) return;
    list.hidden = true;
    list.replaceChildren();
    suggestions = [];
    active = -1;
    box.setAttribute("aria-expanded", "false");
    box.removeAttribute("aria-activedescendant");
  }
  function markActive(i) {
    const list = listbox(), box = searchBox();
    active = i;
    Array.from(list.children).forEach((li, k) => li.setAttribute("aria-selected", k === i ? "true" : "false"));
    if (i >= 0) {
      box.setAttribute("aria-activedescendant", "suggestion-" + i);
      list.children[i].scrollIntoView({ block: "nearest" });
    } else box.removeAttribute("aria-activedescendant");
  }
  function showSuggestions(items) {
    const list = listbox(), box = searchBox();
    if (!list || !box) return;
    suggestions = items;
    list.replaceChildren(...items.map((s, i) => {
      const li = document.createElement("li");
      li.id = "suggestion-" + i;
      li.className = "suggestion";
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.dataset.index = String(i);
      const name = document.createElement("span");
      name.className = "suggestion-name";
      name.lang = "hi";
      name.textContent = s.value;
      const kind = document.createElement("span");
      kind.className = "suggestion-kind " + s.kind;
      kind.textContent = KIND_LABEL[s.kind] || s.kind;
      const count = document.createElement("span");
      count.className = "suggestion-count";
      count.textContent = s.count + " लेख";
      li.append(name, kind, count);
      return li;
    }));
    active = -1;
    list.hidden = !items.length;
    box.setAttribute("aria-expanded", items.length ? "true" : "false");
  }
  function fetchSuggestions(box) {
    const url = box.dataset.suggest;
    if (!url) return;
    if (suggestAbort) suggestAbort.abort();
    const q = box.value;
    if (q.trim().length < 2 || /\s$/.test(q)) { closeSuggestions(); return; }
    suggestAbort = new AbortController();
    fetch(url + "?q=" + encodeURIComponent(q), { signal: suggestAbort.signal, headers: { Accept: "application/json" } })
      .then((r) => (r.ok ? r.json() : { suggestions: [] }))
      .then((data) => { if (searchBox() && searchBox().value === q) showSuggestions(data.suggestions || []); })
      .catch(() => {});
  }
  function choose(i) {
    const box = searchBox(), s = suggestions[i];
    if (!box || !s) return;
    const words = box.value.trim().split(/\s+/);
    box.value = words.slice(0, Math.max(0, words.length - s.words)).join(" ");
    const state = document.getElementById("state");
    const already = Array.from(state.querySelectorAll("input[type=hidden]"))
      .some((inp) => inp.name === s.kind && inp.value === s.value);
    if (!already) {
      const input = document.createElement("input");
      input.type = "hidden";
      input.name = s.kind;
      input.value = s.value;
      state.append(input);
    }
    closeSuggestions();
    typingEntry = false;
    box.form.requestSubmit();
    box.focus();
  }
  let suggestTimer = null;
  document.addEventListener("talaash:typed", (e) => {
    if (e.target !== searchBox()) return;
    clearTimeout(suggestTimer);
    suggestTimer = setTimeout(() => fetchSuggestions(e.target), 120);
  });
  document.addEventListener("keydown", (e) => {
    const box = searchBox(), list = listbox();
    if (!box || !list || e.target !== box || list.hidden || e.isComposing) return;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      e.stopImmediatePropagation();
      const n = suggestions.length;
      markActive(e.key === "ArrowDown" ? (active + 1) % n : (active <= 0 ? n - 1 : active - 1));
    } else if (e.key === "Enter" && active >= 0) {
      e.preventDefault();
      e.stopImmediatePropagation();
      choose(active);
    } else if (e.key === "Escape") {
      e.stopImmediatePropagation();
      closeSuggestions();
    }
  }, true);
  document.addEventListener("pointerdown", (e) => {
    const option = e.target.closest(".suggestion");
    if (option) { e.preventDefault(); choose(Number(option.dataset.index)); return; }
    if (!e.target.closest("#suggestions") && e.target !== searchBox()) closeSuggestions();
  });
  document.addEventListener("submit", () => closeSuggestions(), true);

  // --- Keyboard: "/" focuses the search box; ↓/↑ move between result titles; Esc closes the drawer. ---
  document.addEventListener("keydown", (e) => {
    const box = searchBox();
    if (e.key === "Escape") { closeDrawer(); return; }
    const typing = e.target.matches("input, textarea, select");
    if (e.key === "/" && !typing && box) {
      e.preventDefault();
      box.focus();
      box.select();
      return;
    }
    if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
    if (e.isComposing || (typing && e.target !== box)) return;
    const links = Array.from(document.querySelectorAll(".hit-list h2 a"));
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
