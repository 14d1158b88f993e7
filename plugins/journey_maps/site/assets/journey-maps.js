/* mkdocs-journey-maps: small, unbundled enhancements of the generated pages.
 *
 * Every page reads, prints and links without this file (Backstage TechDocs strips it, some
 * readers turn JavaScript off): it only adds what needs a browser. Each feature is one
 * function below, run on every page load; with Material's instant navigation the page is
 * swapped without a reload, so features run again on each `document$` emission. Nothing here
 * fetches anything but the site's own files. */
(function () {
  "use strict";

  var features = [];

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

  /* --- end of features ----------------------------------------------------------------- */

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(run);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", run);
  } else {
    run();
  }
})();
