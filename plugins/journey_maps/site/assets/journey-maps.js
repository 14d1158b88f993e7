/* mkdocs-journey-maps: small, unbundled enhancements of the generated pages.
 *
 * Every page reads, prints and links without this file (Backstage TechDocs strips it, some
 * readers turn JavaScript off): it only adds what needs a browser. Each feature is one
 * function below, run on every page load; with Material's instant navigation the page is
 * swapped without a reload, so features run again on each `document$` emission. Nothing here
 * fetches anything but the site's own files, and Mermaid from its CDN when the site has no
 * copy of its own and a diagram is opened. Words a reader sees come from the page (data-jm-*
 * attributes the templates write in the site's language), with English as the fallback. */
(function () {
  "use strict";

  var features = [];

  /* A sentence the page wrote in its language (`data-jm-<name>` on `element`), with its
   * {placeholders} filled; `english` when the page has none (a page rendered by an older
   * plugin version, or a custom template). */
  function words(element, name, english, values) {
    var text = (element && element.getAttribute("data-jm-" + name)) || english;
    return text.replace(/\{(\w+)\}/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(values || {}, key) ? String(values[key]) : whole;
    });
  }

  /* Run each feature once per page (and once per instant-navigation swap). */
  function run() {
    features.forEach(function (feature) {
      try {
        feature(document);
      } catch (error) {
        if (window.console) window.console.error("journey-maps:", error);
      }
    });
  }

  /* --- features (one section each; add new ones above this line's end marker) ---------- */

  /* Focus from a link (issue 22, point 3). `#<id>` outlines its target by CSS (`:target`)
   * alone; this adds what CSS cannot. `?focus=<id>` on a journey page (for tools that keep a
   * query but drop a fragment) finds that card, or that stage's column (`stage-<id>`), scrolls
   * it into view, gives it the keyboard focus and marks it `.jm-focus`. Material's instant
   * navigation swaps pages without updating `:target`, so the fragment's target is marked the
   * same way. On a stage page, the context bar's map link then leads to the focused item's
   * card: the href of the item's own "on the map" link, next to its heading. */
  var focusListening = false;

  function focusFromLink(root) {
    var wanted = new URLSearchParams(window.location.search).get("focus");
    var fragment = "";
    try {
      fragment = decodeURIComponent(window.location.hash.slice(1));
    } catch (error) {
      fragment = "";
    }
    var target = null;
    if (wanted) target = root.getElementById(wanted) || root.getElementById("stage-" + wanted);
    if (!target && fragment) target = root.getElementById(fragment);
    Array.prototype.forEach.call(root.querySelectorAll(".jm-focus"), function (element) {
      element.classList.remove("jm-focus");
    });
    if (!focusListening) {
      focusListening = true;
      window.addEventListener("hashchange", function () {
        focusFromLink(document);
      });
    }
    var bar = root.querySelector("p.jm-context a.jm-on-map");
    if (bar && !bar.hasAttribute("data-jm-stage-href")) {
      bar.setAttribute("data-jm-stage-href", bar.getAttribute("href"));
    }
    if (!target || !target.closest(".md-content")) return;
    target.classList.add("jm-focus");
    if (wanted && target.id !== fragment) {
      if (!target.matches("a[href]")) target.setAttribute("tabindex", "-1");
      target.focus({ preventScroll: true });
      target.scrollIntoView({ block: "center", inline: "center" });
    }
    var next = target.nextElementSibling;
    var own = next ? next.querySelector("a.jm-on-map") : null;
    if (bar) bar.setAttribute("href", own ? own.getAttribute("href") : bar.getAttribute("data-jm-stage-href"));
  }
  features.push(focusFromLink);

  /* Mermaid diagrams, fetched only when one is shown (issue 22, point 7): Mermaid is 3.5 MB
   * and a journey page keeps its diagram in a closed box, so no page loads it on arrival.
   * Generated diagrams are `pre.jm-diagram__source` blocks, not `.mermaid`: Material fetches
   * Mermaid on page load for every `.mermaid` block it finds, even in a closed box. Each
   * holds a readable source as text and the exact source in data-jm-mermaid; opening its
   * box (or, outside a box, an embed, at once) loads Mermaid and draws it the way Material
   * does: an SVG in a closed shadow root of a `div.mermaid`. If Mermaid cannot load or draw,
   * the box says so above the readable source. With `mermaid_js` other than `cdn` the build
   * names the site's copy in a script tag of a type browsers never fetch; without one,
   * Mermaid comes from the CDN Material uses. */
  var MERMAID_CDN = "https://unpkg.com/mermaid@11/dist/mermaid.min.js";
  var SITE_MERMAID = 'script[type="text/x-journey-maps-on-demand"]';
  var mermaidLoading = null;
  var diagramNumber = 0;

  function realMermaid() {
    var found = window.mermaid;
    return found && typeof found.render === "function" && !found.journeyMapsOnDemand
      ? found
      : null;
  }

  function mermaidUrl() {
    var declared = document.querySelector(SITE_MERMAID);
    return declared ? declared.src : MERMAID_CDN;
  }

  /* One load per page, shared by every diagram; a failed load is tried again next time. */
  function loadMermaid() {
    if (realMermaid()) return Promise.resolve(realMermaid());
    if (!mermaidLoading) {
      var url = mermaidUrl();
      mermaidLoading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = url;
        script.onload = function () {
          var mermaid = realMermaid();
          if (!mermaid) return reject(new Error(url + " did not define Mermaid"));
          // Loaded after the page: nothing may draw `.mermaid` blocks on its own.
          mermaid.initialize({ startOnLoad: false });
          resolve(mermaid);
        };
        script.onerror = function () {
          reject(new Error("could not fetch " + url));
        };
        document.head.appendChild(script);
      });
      mermaidLoading.catch(function () {
        mermaidLoading = null;
      });
    }
    return mermaidLoading;
  }

  /* Hand-written ```mermaid fences are Material's: with the site's own copy, Material gets a
   * stand-in `mermaid` that loads that copy when asked to draw, instead of the CDN. Set
   * while the page loads, before Material looks for diagrams on DOMContentLoaded. */
  if (document.querySelector(SITE_MERMAID) && typeof window.mermaid === "undefined") {
    var materialSettings = null;
    window.mermaid = {
      journeyMapsOnDemand: true,
      initialize: function (settings) {
        materialSettings = settings;
      },
      render: function (id, text) {
        return loadMermaid().then(function (mermaid) {
          if (materialSettings) mermaid.initialize(materialSettings);
          materialSettings = null;
          return mermaid.render(id, text);
        });
      },
    };
  }

  /* The element holding a diagram's parts and the words of its notes: in the box, or the box. */
  function diagramParts(box) {
    return box.querySelector(".jm-diagram__parts") || box.closest(".jm-diagram__parts");
  }

  function diagramFailed(box, first, message) {
    var old = box.querySelector(".jm-diagram__failed");
    if (old) old.remove();
    var note = document.createElement("p");
    note.className = "jm-diagram__failed";
    note.setAttribute("role", "status");
    note.textContent = message + " " + words(diagramParts(box), "as-text", "Below is what it shows, as text.");
    first.parentNode.insertBefore(note, first);
  }

  function drawDiagrams(box) {
    var sources = [].slice.call(box.querySelectorAll("pre.jm-diagram__source[data-jm-mermaid]"));
    if (!sources.length || box.getAttribute("aria-busy") === "true") return;
    box.setAttribute("aria-busy", "true");
    var failed = box.querySelector(".jm-diagram__failed");
    if (failed) failed.remove();
    loadMermaid()
      .then(
        function (mermaid) {
          return Promise.all(
            sources.map(function (pre) {
              var id = "jm-mermaid-" + diagramNumber++;
              return mermaid.render(id, pre.getAttribute("data-jm-mermaid")).then(
                function (drawn) {
                  var host = document.createElement("div");
                  host.className = "mermaid jm-diagram__drawn";
                  var shadow = host.attachShadow({ mode: "closed" });
                  shadow.innerHTML = drawn.svg;
                  pre.replaceWith(host);
                  if (drawn.bindFunctions) drawn.bindFunctions(shadow);
                },
                function (error) {
                  // Mermaid leaves its scratch element behind when it cannot draw.
                  var scratch = document.getElementById("d" + id);
                  if (scratch) scratch.remove();
                  diagramFailed(box, pre, words(diagramParts(box), "no-draw",
                    "Mermaid could not draw this diagram ({reason}).",
                    { reason: String((error && error.message) || error).split("\n")[0] }));
                }
              );
            })
          );
        },
        function () {
          var host = mermaidUrl().split("/")[2] || "this site";
          diagramFailed(box, sources[0], words(diagramParts(box), "no-load",
            "The diagram could not load: Mermaid, which draws it, did not arrive from {host} " +
            "(offline, or blocked?).", { host: host }));
        }
      )
      .then(function () {
        box.removeAttribute("aria-busy");
      });
  }

  features.push(function lazyDiagrams(root) {
    [].forEach.call(root.querySelectorAll(".jm-diagram__parts"), function (parts) {
      var box = parts.closest("details") || parts;
      if (box.hasAttribute("data-jm-diagram-watched")) return;
      box.setAttribute("data-jm-diagram-watched", "");
      if (box.tagName !== "DETAILS" || box.open) return drawDiagrams(box);
      box.addEventListener("toggle", function () {
        if (box.open) drawDiagrams(box);
      });
    });
  });

  /* Overviews: filter and sort (pain points, touchpoints, opportunities). The views write what
   * each row is as data-* attributes (data-jm-<facet>: ids; data-jm-rank-<key>: a number) and
   * the bar as a hidden form; this shows the bar, hides the rows that do not match, reorders
   * them, and keeps the choice in the query string (?severity=high&sort=persona) so a filtered
   * view can be linked and reloads as it was. Without it the bar stays hidden, all rows show. */
  features.push(function filterOverviews(root) {
    var form = root.querySelector("form.jm-filter[hidden]");
    if (!form) return;
    var rows = Array.prototype.slice.call(root.querySelectorAll("[data-jm-row]"));
    var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
    var count = form.querySelector(".jm-filter__count");
    rows.forEach(function (row, index) { row.jmIndex = index; });

    function choose(search) {
      var params = new URLSearchParams(search);
      selects.forEach(function (select) {
        var wanted = params.get(select.name) || "";
        var known = Array.prototype.some.call(select.options, function (o) { return o.value === wanted; });
        select.value = known ? wanted : "";
      });
    }

    function apply() {
      var shown = 0;
      var sort = "";
      var wanted = {};
      selects.forEach(function (select) {
        if (select.name === "sort") sort = select.value;
        else if (select.value) wanted[select.name] = select.value;
      });
      function matches(element) {
        return Object.keys(wanted).every(function (key) {
          var values = (element.getAttribute("data-jm-" + key) || "").split(" ");
          return values.indexOf(wanted[key]) >= 0;
        });
      }
      rows.forEach(function (row) {
        var match = matches(row);
        row.hidden = !match;
        if (match) shown += 1;
      });
      showDetails(matches, Object.keys(wanted).length > 0);
      var rank = function (row) {
        var value = sort ? parseFloat(row.getAttribute("data-jm-rank-" + sort)) : NaN;
        return isNaN(value) ? 0 : value;
      };
      var bodies = [];
      rows.forEach(function (row) { if (bodies.indexOf(row.parentNode) < 0) bodies.push(row.parentNode); });
      bodies.forEach(function (body) {
        var own = rows.filter(function (row) { return row.parentNode === body; });
        own.sort(function (a, b) { return rank(a) - rank(b) || a.jmIndex - b.jmIndex; });
        own.forEach(function (row) { body.appendChild(row); });
        var box = body.closest(".jm-register-scroll, .jm-heat-scroll, .jm-table-cards");
        if (box) box.hidden = own.every(function (row) { return row.hidden; });
      });
      count.textContent = shown === rows.length
        ? words(count, "all", "{count} shown", { count: rows.length })
        : words(count, "some", "{shown} of {count} shown", { shown: shown, count: rows.length });
    }

    /* The details below the tables: an item is a heading marked `data-jm-item` (with its
     * row's facet values) and what follows it up to the next heading as high (inside the
     * element that holds it, for a block of items); a section, a
     * heading marked `data-jm-section` and what follows it likewise. An item hides when it
     * does not match; a section hides, heading and all, when a filter is set and none of its
     * items or rows shows. An empty filter shows them all again; what the page itself
     * hides stays hidden. */
    var items = Array.prototype.slice.call(root.querySelectorAll("[data-jm-item]"));
    var sections = Array.prototype.slice.call(root.querySelectorAll("[data-jm-section]"));

    function level(element) {
      var found = /^H([1-6])$/.exec(element.tagName);
      return found ? Number(found[1]) : 7;
    }

    function following(heading) {
      var found = [];
      for (var next = heading.nextElementSibling; next && level(next) > level(heading); next = next.nextElementSibling) {
        found.push(next);
      }
      return found;
    }

    function showDetails(matches, filtering) {
      var hide = new Set();
      items.forEach(function (item) {
        if (matches(item)) return;
        hide.add(item);
        following(item).forEach(function (element) { hide.add(element); });
      });
      sections.forEach(function (heading) {
        if (!filtering) return;
        var body = following(heading);
        var seen = body.some(function (element) {
          if (element.hasAttribute("data-jm-item")) return !hide.has(element);
          // A block of items (the pain point register's details are one HTML block each).
          var inside = Array.prototype.some.call(element.querySelectorAll("[data-jm-item]"), function (item) {
            return !hide.has(item);
          });
          return inside || Array.prototype.some.call(element.querySelectorAll("[data-jm-row]"), function (row) {
            return !row.hidden;
          });
        });
        if (seen) return;
        hide.add(heading);
        body.forEach(function (element) { hide.add(element); });
      });
      items.concat(sections).forEach(function (heading) {
        [heading].concat(following(heading)).forEach(function (element) {
          if (element.jmWasHidden === undefined) element.jmWasHidden = element.hidden;
          element.hidden = element.jmWasHidden || hide.has(element);
        });
      });
    }

    function remember() {
      var params = new URLSearchParams(window.location.search);
      selects.forEach(function (select) {
        if (select.value) params.set(select.name, select.value);
        else params.delete(select.name);
      });
      var query = params.toString();
      var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
      window.history.replaceState(window.history.state, "", url);
    }

    form.addEventListener("change", function () { apply(); remember(); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () {
      window.setTimeout(function () { apply(); remember(); }, 0);
    });
    choose(window.location.search);
    form.hidden = false;
    apply();
  });

  /* The compact map, remembered (issue 22, point 1). The checkbox above a long map works by
   * CSS alone (`:has(:checked)`); this keeps the reader's choice for the next journey page
   * (localStorage, this site only), so a reader who prefers the compact map does not tick it
   * on every page. Without storage (private modes may refuse it) the box simply starts
   * unticked. */
  var COMPACT_KEY = "journey-maps:compact-map";

  function rememberCompactMap(root) {
    var toggle = root.querySelector("input.jm-compact-toggle");
    if (!toggle) return;
    try {
      toggle.checked = window.localStorage.getItem(COMPACT_KEY) === "on";
    } catch (error) {
      return;
    }
    toggle.addEventListener("change", function () {
      try {
        window.localStorage.setItem(COMPACT_KEY, toggle.checked ? "on" : "off");
      } catch (error) {
        /* Storage refused: the choice holds for this page only. */
      }
    });
  }
  features.push(rememberCompactMap);

  /* --- end of features ----------------------------------------------------------------- */

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(run);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", run);
  } else {
    run();
  }
})();
