// "Copy link" buttons of the errors index: copy the section's link on the `latest`
// version, which keeps pointing at the newest guide after a new version is cut.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) return;
  var root = new URL("../../", script.src); // this file lives in <root>/assets/anchors/
  var VERSION = /^(latest|[0-9]+(\.[0-9]+)*)$/;

  function latestRoot() {
    var parts = root.pathname.replace(/\/$/, "").split("/");
    if (parts.length > 1 && VERSION.test(parts[parts.length - 1])) {
      parts[parts.length - 1] = "latest";
      return new URL(parts.join("/") + "/", root);
    }
    return root;
  }

  function setUp() {
    var buttons = document.querySelectorAll("button[data-copy-link]");
    var status = document.querySelector(".guides-copy-status");
    buttons.forEach(function (button) {
      if (button.dataset.ready) return;
      button.dataset.ready = "1";
      button.hidden = !(navigator.clipboard && navigator.clipboard.writeText);
      button.addEventListener("click", function () {
        var url = new URL(button.dataset.copyLink, latestRoot()).href;
        navigator.clipboard.writeText(url).then(
          function () { if (status) status.textContent = "Link copied: " + url; },
          function () { if (status) status.textContent = "Could not copy; the link is " + url; }
        );
      });
    });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setUp);
  } else {
    document.addEventListener("DOMContentLoaded", setUp);
  }
})();
