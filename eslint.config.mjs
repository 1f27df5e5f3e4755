// ESLint for the site's browser code (`make lint`; runs offline from node_modules).
// The checker's files are ES modules in browsers and workers; the anchors scripts are
// classic scripts, as is the Trusted Types policy in docs/assets; the illustrations'
// lightbox is a module; the tests of the page/worker protocol run in Node.
import js from "@eslint/js";

const browser = {
  window: "readonly", document: "readonly", location: "readonly", navigator: "readonly",
  console: "readonly", URL: "readonly", Blob: "readonly", Worker: "readonly",
  WebAssembly: "readonly", CSS: "readonly", IntersectionObserver: "readonly",
  setTimeout: "readonly", clearTimeout: "readonly", innerHeight: "readonly",
  fetch: "readonly", MessageEvent: "readonly", trustedTypes: "readonly", Element: "readonly",
  HTMLDialogElement: "readonly",
};
const worker = {
  self: "readonly", fetch: "readonly", Response: "readonly", TransformStream: "readonly",
  WritableStream: "readonly",
  DecompressionStream: "readonly", Blob: "readonly", URL: "readonly", crypto: "readonly",
  performance: "readonly", console: "readonly",
};

export default [
  { ignores: ["node_modules/**", "site/**", "public/**", "build/**", ".cache/**", ".venv/**"] },
  js.configs.recommended,
  {
    files: ["site_plugins/checker/assets/*.js", "site_plugins/checker/assets/*.mjs"],
    languageOptions: { sourceType: "module", globals: { ...browser, ...worker } },
  },
  {
    files: ["site_plugins/illustrations/assets/*.js"],
    languageOptions: { sourceType: "module", globals: browser },
  },
  {
    // The site's Trusted Types "default" policy: a classic script loaded first in <head>.
    files: ["docs/assets/trusted-types.js"],
    languageOptions: { sourceType: "script", globals: browser },
  },
  {
    files: ["site_plugins/anchors/assets/*.js"],
    languageOptions: { sourceType: "script", globals: browser },
  },
  {
    files: [
      "site_plugins/checker/snapshot.mjs",
      "site_plugins/checker/stdlib_trace.mjs",
      "tests/**/*.mjs",
      "eslint.config.mjs",
    ],
    languageOptions: {
      sourceType: "module",
      globals: { process: "readonly", console: "readonly", URL: "readonly", performance: "readonly" },
    },
  },
];
