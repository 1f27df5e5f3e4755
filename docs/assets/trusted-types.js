// Trusted Types for every page (CSP: require-trusted-types-for 'script'; trusted-types
// default checker). Loaded first, blocking, from <head> (overrides/main.html) so it
// exists before Material's bundle runs.
//
// With Trusted Types enforced, a string reaches an HTML, script or script-URL sink only
// through a policy. The site's own code uses none (the checker's worker goes through its
// own "checker" policy in widget.js; the lightbox builds nodes). Material's bundle does,
// with strings it made itself or fetched from this site: its templates and search
// results (innerHTML), the pages of instant navigation (DOMParser), the inline scripts
// of a swapped page (script text, still checked against the CSP's hashes before they
// run) and its search worker (a same-origin URL). This "default" policy lets exactly
// those through and refuses everything else:
// - HTML only for innerHTML and DOMParser, and for innerHTML never markup that could
//   run code (script-like elements, event-handler attributes, javascript: URLs);
// - script URLs only of this origin (no blob:, data: or another host);
// - script text only for <script> elements (eval and friends stay refused by the CSP).
// A refusal throws in the caller and is reported as a CSP violation (the tests count).
(() => {
  if (!window.trustedTypes || trustedTypes.defaultPolicy) return;
  const HTML_SINKS = new Set([
    "Element innerHTML",
    "ShadowRoot innerHTML",
    "DOMParser parseFromString",
  ]);
  const ACTIVE_MARKUP =
    /<\s*(script|iframe|object|embed|frame|base|meta)\b|\son[a-z]+\s*=|javascript:/i;
  trustedTypes.createPolicy("default", {
    createHTML(html, _type, sink) {
      if (!HTML_SINKS.has(sink)) return null;
      if (sink !== "DOMParser parseFromString" && ACTIVE_MARKUP.test(html)) return null;
      return html;
    },
    createScript(text, _type, sink) {
      return /^HTMLScriptElement |^Node textContent$/.test(sink) ? text : null;
    },
    createScriptURL(url) {
      const resolved = new URL(url, document.baseURI);
      const served = resolved.protocol === location.protocol; // not blob: or data:
      return served && resolved.origin === location.origin ? resolved.href : null;
    },
  });
})();
