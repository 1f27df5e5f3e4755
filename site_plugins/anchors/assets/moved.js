// Sends an old support link to the anchor's new home.
// The build writes the map of moved anchors ("page/#old" -> "page/#new") into
// moved-anchors.json next to this file; the site root is two folders above it.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) return;
  var root = new URL("../../", script.src);
  var mapUrl = new URL("moved-anchors.json", script.src);
  var moved = null;

  function follow() {
    if (!moved || !location.hash) return;
    var path = location.pathname.slice(root.pathname.length);
    var target = moved[path + location.hash];
    if (!target) return;
    var id = decodeURIComponent(location.hash.slice(1));
    if (document.getElementById(id)) return; // the old anchor still exists here
    location.replace(new URL(target, root).href);
  }

  fetch(mapUrl, { credentials: "same-origin" })
    .then(function (response) { return response.ok ? response.json() : {}; })
    .then(function (data) {
      moved = data;
      follow();
    })
    .catch(function () { moved = {}; });
  window.addEventListener("hashchange", follow);
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(follow);
  }
})();
