// Sends an old support link to the anchor's new home.
// The build writes the map of moved anchors ("page/#old" -> "page/#new") into
// moved-anchors.json next to this file; the site root is two folders above it.
//
// Once the map has been applied to the address and content now shown and found to
// leave them alone (no entry, the old anchor still exists, or no map could be fetched),
// <html data-anchors-checked> holds that address (path and #hash). While a jump is
// under way it is not updated. With instant navigation (Material's document$), an
// address whose page has not been swapped in yet is not checked: that page's emission
// checks it. So the attribute equal to the current address means nothing here will
// move the reader any more; the browser tests wait on it instead of waiting a while.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) return;
  var root = new URL("../../", script.src);
  var mapUrl = new URL("moved-anchors.json", script.src);
  var moved = null;
  var pathShown = null; // the path of the page whose content is in the document

  function follow() {
    if (!moved) return; // the map's arrival calls this again
    if (pathShown !== null && pathShown !== location.pathname) return; // not swapped in yet
    var path = location.pathname.slice(root.pathname.length);
    var target = location.hash && moved[path + location.hash];
    // Jump only when the old anchor is gone from this page.
    if (target && !document.getElementById(decodeURIComponent(location.hash.slice(1)))) {
      location.replace(new URL(target, root).href);
      return;
    }
    document.documentElement.dataset.anchorsChecked = location.pathname + location.hash;
  }

  fetch(mapUrl, { credentials: "same-origin" })
    .then(function (response) { return response.ok ? response.json() : {}; })
    .catch(function () { return {}; })
    .then(function (data) {
      moved = data || {};
      follow();
    });
  window.addEventListener("hashchange", follow);
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () {
      pathShown = location.pathname;
      follow();
    });
  }
})();
