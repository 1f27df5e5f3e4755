// Main-thread glue of the key checker. It only moves data: form fields -> the worker
// (which runs the validator under Pyodide) -> findings in the page. No check is made
// here. Loaded on every page as a module (extra_javascript), it does nothing on pages
// without a [data-checker] element, so other pages never download Pyodide.
//
// Lifecycle, with Material's instant navigation (content is swapped in place and
// document$ emits for each page):
// - each emission looks for the widget in the current content; a new widget element
//   gets one controller, the previous controller is destroyed (worker terminated,
//   fields emptied), so the worker boots once per visit and never leaks;
// - when the widget comes near the viewport (NEAR_VIEWPORT) the runtime's files are
//   prefetched into the HTTP cache (fetched, not run; they are served as immutable);
//   the worker starts only when the widget is in view or a field gets focus; the fields
//   work while it boots and the latest input is checked as soon as it is ready;
// - leaving the page (pagehide, bfcache included) empties every field.

import * as protocol from "./protocol.mjs";

const WORKER_URL = new URL("worker.js", import.meta.url);

// Trusted Types (enforced by the CSP): the worker is started from a blob: URL this
// script made, through a policy that accepts nothing else.
const POLICY = window.trustedTypes
  ? trustedTypes.createPolicy("checker", {
      createScriptURL: (url) => (url.startsWith(`blob:${location.origin}/`) ? url : null),
    })
  : null;
const NEAR_VIEWPORT = "600px";

// Distinct per kind of failure, in words a trader can act on.
const MESSAGES = {
  timeout:
    "The checker could not start: loading stopped making progress. Your browser or network " +
    "may block WebAssembly or this site's files.",
  worker:
    "The checker could not start: its files did not load. Check your connection and try again.",
  unsupported: "The checker needs a browser with module workers and WebAssembly.",
};

function relativeHref(target) {
  // A link relative to the current page, so it stays on this version of the site.
  const url = target instanceof URL ? target : new URL(target, location.href);
  if (url.origin !== location.origin) return url.href;
  const from = location.pathname.split("/").slice(0, -1);
  const to = url.pathname.split("/");
  const file = to.pop();
  let common = 0;
  while (common < from.length && common < to.length && from[common] === to[common]) common++;
  const up = "../".repeat(from.length - common);
  const down = to.slice(common).map((part) => `${part}/`).join("");
  return `${up}${down}${file}${url.search}${url.hash}` || "./";
}

// Makes parent's children exactly `nodes`, in order, touching only what differs: a node
// already in its place is neither removed nor re-inserted (a link under the pointer
// stays the same node, so a click that started on it ends on it).
function place(parent, nodes) {
  nodes.forEach((node, index) => {
    const here = parent.childNodes[index];
    if (here !== node) parent.insertBefore(node, here || null);
  });
  while (parent.childNodes.length > nodes.length) parent.lastChild.remove();
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

class Checker {
  constructor(root, explain) {
    this.root = root;
    this.explainRoot = explain;
    this.form = root.querySelector("[data-checker-form]");
    this.results = root.querySelector("[data-checker-results]");
    this.progress = root.querySelector("[data-checker-progress]");
    this.progressText = root.querySelector("[data-checker-progress-text]");
    this.retryButton = root.querySelector("[data-checker-retry]");
    this.copyButton = root.querySelector("[data-checker-copy]");
    this.copied = root.querySelector("[data-checker-copied]");
    this.summaryView = root.querySelector("[data-checker-summary]");
    this.explainForm = explain && explain.querySelector("[data-checker-explain-form]");
    this.explainResults = explain && explain.querySelector("[data-checker-explain-results]");
    this.siteRoot = new URL(root.dataset.siteRoot || "./", location.href);
    // Copies of the build's placeholder, put back when there is nothing to show.
    this.placeholder = [...this.results.childNodes].map((node) => node.cloneNode(true));
    // The last answer shown per kind (its JSON text): an identical answer changes nothing.
    this.shown = { check: null, explain: null };
    // While a pointer is pressed in a results region, answers wait (see holdRendering).
    this.pressed = false;
    this.deferred = [];

    this.worker = null;
    this.workerURL = null;
    this.touched = new Set();
    this.sequence = 0; // request ids; an answer whose id is no longer in flight is dropped
    this.inFlight = { check: 0, explain: 0 };
    this.queued = { check: false, explain: false };
    this.summary = "";
    this.timers = {};
    this.listeners = [];

    this.on(this.form, "input", (event) => this.edited(event));
    this.on(this.form, "change", (event) => this.edited(event));
    this.on(this.form, "submit", (event) => event.preventDefault());
    for (const type of ["copy", "cut", "dragstart"]) {
      this.on(this.form, type, (event) => this.guardMasked(event));
    }
    this.on(root, "focusin", () => this.boot());
    this.on(root, "click", (event) => this.clicked(event));
    for (const region of [this.results, this.explainResults]) {
      if (region) this.on(region, "pointerdown", () => (this.pressed = true));
    }
    for (const type of ["pointerup", "pointercancel"]) {
      this.on(window, type, () => this.released(), true);
    }
    this.on(window, "blur", () => this.released()); // the window's own blur only
    if (this.explainForm) {
      this.on(this.explainForm, "submit", (event) => {
        event.preventDefault();
        this.queue("explain");
      });
      this.on(explain, "focusin", () => this.boot());
    }
    if ("IntersectionObserver" in window) {
      // Near: fetch the files. In view: boot (at once when the page opens on the widget).
      this.observer = new IntersectionObserver(
        (entries) => {
          if (!entries.some((entry) => entry.isIntersecting)) return;
          const box = root.getBoundingClientRect();
          if (box.top < innerHeight && box.bottom > 0) this.boot();
          else this.prefetch();
        },
        { rootMargin: NEAR_VIEWPORT },
      );
      this.observer.observe(root);
      this.viewObserver = new IntersectionObserver(
        (entries) => entries.some((entry) => entry.isIntersecting) && this.boot(),
      );
      this.viewObserver.observe(root);
    }
    this.clearFields();
    root.hidden = false;
    if (explain) explain.hidden = false;
  }

  on(target, type, handler, capture = false) {
    target.addEventListener(type, handler, capture);
    this.listeners.push(() => target.removeEventListener(type, handler, capture));
  }

  setState(state) {
    this.root.dataset.state = state;
  }

  // -- the worker ---------------------------------------------------------------------

  // The files a boot will fetch, as <link rel="prefetch"> (same origin, long-lived
  // cache headers): the worker then finds them in the HTTP cache. Nothing runs.
  prefetch() {
    if (this.worker || this.prefetched) return;
    this.prefetched = true;
    const data = this.root.dataset;
    const runtime = new URL(data.runtime, location.href);
    const files = ["pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm"];
    if (!data.stdlib) files.push("python_stdlib.zip");
    const urls = [WORKER_URL.href, new URL("protocol.mjs", import.meta.url).href];
    urls.push(...files.map((name) => new URL(name, runtime).href));
    urls.push(new URL(data.lock, location.href).href);
    // The cut-down standard library; not the snapshot: the worker decides on it.
    if (data.stdlib) urls.push(new URL(data.stdlib, location.href).href);
    for (const href of urls) {
      if (document.head.querySelector(`link[rel="prefetch"][href="${CSS.escape(href)}"]`)) continue;
      const link = document.createElement("link");
      link.rel = "prefetch";
      link.href = href;
      document.head.append(link);
    }
  }

  boot() {
    if (this.worker || this.root.dataset.state === "failed") return;
    if (this.observer) this.observer.disconnect();
    if (this.viewObserver) this.viewObserver.disconnect();
    if (!("Worker" in window) || typeof WebAssembly !== "object") {
      this.fail(MESSAGES.unsupported);
      return;
    }
    this.setState("loading");
    this.showProgress(0, "Loading checker… 0%");
    const data = this.root.dataset;
    // A blob: worker inherits this page's CSP; it only imports the site's worker module.
    const source = `import ${JSON.stringify(WORKER_URL.href)};\n`;
    this.workerURL = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
    try {
      const url = POLICY ? POLICY.createScriptURL(this.workerURL) : this.workerURL;
      this.worker = new Worker(url, { type: "module", name: "keycheck" });
    } catch {
      this.fail(MESSAGES.unsupported);
      return;
    }
    this.worker.addEventListener("message", (event) => this.received(event.data || {}));
    this.worker.addEventListener("error", (event) => {
      event.preventDefault();
      this.fail(MESSAGES.worker);
    });
    this.worker.postMessage(protocol.boot(data, location.href));
    this.armTimeout();
  }

  armTimeout() {
    clearTimeout(this.timers.boot);
    const limit = Number(this.root.dataset.bootTimeout) || 30000;
    this.timers.boot = setTimeout(() => this.fail(MESSAGES.timeout), limit);
  }

  received(message) {
    if (protocol.problem(message, "toPage")) return;
    if (message.type === "progress") {
      // Downloads are most of the wait; starting Python takes the last stretch.
      const share = message.total ? message.loaded / message.total : 0;
      const percent = message.stage === "install" ? 95 : Math.min(90, Math.round(share * 90));
      const label = message.stage === "install" ? "Starting Python" : "Loading checker";
      const mb = (bytes) => (bytes / 1e6).toFixed(1);
      const bytes = message.wire ? ` (${mb(message.loaded)} of ${mb(message.total)} MB)` : "";
      this.showProgress(percent, `${label}… ${percent}%${message.stage === "install" ? "" : bytes}`);
      this.armTimeout();
    } else if (message.type === "ready") {
      clearTimeout(this.timers.boot);
      URL.revokeObjectURL(this.workerURL);
      this.setState("ready");
      this.root.dataset.bootMs = String(message.ms);
      this.root.dataset.boot = message.boot || "plain";
      this.showProgress(100, "Checker ready. Nothing you type leaves this page.");
      this.progress.hidden = true;
      for (const kind of ["check", "explain"]) if (this.queued[kind]) this.send(kind);
    } else if (message.type === "failed") {
      this.fail(`The checker could not start: ${message.message}.`);
    } else if (message.type === "result") {
      this.answered(message);
    }
  }

  fail(text) {
    clearTimeout(this.timers.boot);
    this.stopWorker();
    this.setState("failed");
    this.progress.hidden = true;
    this.progressText.replaceChildren(
      `${text} Nothing you typed was sent anywhere. Check by hand with `,
      this.link(this.root.dataset.errorsPage, "Common errors"),
      ": each section lists what to look for.",
    );
    this.retryButton.hidden = false;
  }

  stopWorker() {
    if (this.worker) this.worker.terminate();
    if (this.workerURL) URL.revokeObjectURL(this.workerURL);
    this.worker = null;
    this.workerURL = null;
    this.progressFloor = 0;
    this.inFlight = { check: 0, explain: 0 };
    delete this.root.dataset.checking;
  }

  // The bar never moves back: a later stage (Python starting, then one more file such as
  // the full standard library) may report a lower share of a new total.
  showProgress(percent, text) {
    const shown = Math.max(percent, this.progressFloor || 0);
    this.progressFloor = shown;
    this.progress.hidden = false;
    this.progress.value = shown;
    this.progressText.textContent = text.replace(/\d+%/, `${shown}%`);
  }

  // -- requests -----------------------------------------------------------------------

  edited(event) {
    const group = event.target.closest("[data-field]");
    if (group) this.touched.add(group.dataset.field);
    if (event.target.matches("[data-ip-switch]")) this.touched.add("ip_restriction");
    // Screen readers hear the results once typing pauses, not at every keystroke.
    this.results.setAttribute("aria-busy", "true");
    clearTimeout(this.timers.announce);
    this.timers.announce = setTimeout(() => this.results.removeAttribute("aria-busy"), 700);
    this.queue("check");
  }

  queue(kind) {
    this.queued[kind] = true;
    if (this.root.dataset.state === "ready") this.send(kind);
    else this.boot();
  }

  // One request of a kind in flight at a time; while it runs, further edits collapse
  // into one queued request with the latest input, sent when the answer comes back.
  send(kind) {
    if (!this.worker || this.inFlight[kind]) return;
    const message = kind === "check" ? this.checkInput() : this.explainInput();
    this.queued[kind] = false;
    if (message === null) {
      if (kind === "check") this.showIdle();
      return;
    }
    const id = ++this.sequence;
    this.inFlight[kind] = id;
    // Set while a check is on its way (tests and styles can tell a settled widget).
    if (kind === "check") this.root.dataset.checking = "true";
    const exchange = this.root.dataset.exchange;
    this.worker.postMessage(
      kind === "check" ? protocol.check(id, message) : protocol.explain(id, message, exchange),
    );
  }

  checkInput() {
    const form = this.form.elements;
    if (this.touched.size === 0) return null;
    const input = { exchange: this.root.dataset.exchange };
    // Only what the trader has filled in or touched is checked.
    for (const field of this.form.querySelectorAll("input[data-credential]")) {
      if (this.touched.has(field.name)) input[field.name] = field.value;
    }
    if (this.touched.has("scope") && form.scope.value) input.scope = form.scope.value;
    if (this.touched.has("permissions")) {
      input.permissions = {};
      for (const box of this.form.querySelectorAll('input[name="permission"]')) {
        input.permissions[box.value] = box.checked;
      }
    }
    if (this.touched.has("ip_restriction")) {
      // The text goes as typed: the validator splits lines and commas itself.
      input.ip_restriction = form.ip_enabled.checked ? form.ips.value : null;
    }
    return input;
  }

  explainInput() {
    const text = this.explainForm ? this.explainForm.elements.message.value : "";
    return text.trim() ? text : null;
  }

  answered(message) {
    const kind = message.kind;
    if (message.id !== this.inFlight[kind]) return; // answer to a cleared request
    this.inFlight[kind] = 0;
    if (kind === "check") delete this.root.dataset.checking;
    this.show(kind, message);
    if (this.queued[kind]) this.send(kind);
  }

  // Renders an answer, unless it is the one already shown: edits that change nothing
  // the validator sees (the "change" event when a field loses focus, a re-ticked box)
  // come back with an identical answer, and re-rendering it would replace the links
  // in the results, for instance one the reader is clicking at that moment.
  show(kind, message) {
    if (this.pressed) {
      this.deferred = this.deferred.filter((waiting) => waiting.kind !== kind);
      this.deferred.push({ kind, message });
      return;
    }
    const answer = JSON.stringify([message.output ?? null, message.error ?? null]);
    if (answer === this.shown[kind]) return;
    this.shown[kind] = answer;
    let output = null;
    try {
      output = message.output ? JSON.parse(message.output) : null;
    } catch {
      output = null;
    }
    if (kind === "check") this.renderFindings(output, message.error);
    else this.renderExplain(output, message.error);
  }

  // A press inside the results holds rendering until the pointer is released, so a
  // click always ends on the node it started on; the held answers are shown right after
  // the click (a task later, once the click event has been dispatched).
  released() {
    if (!this.pressed) return;
    this.pressed = false;
    clearTimeout(this.timers.release);
    this.timers.release = setTimeout(() => {
      const waiting = this.deferred;
      this.deferred = [];
      for (const { kind, message } of waiting) this.show(kind, message);
    });
  }

  // -- rendering ----------------------------------------------------------------------

  fieldLabel(field) {
    const group = this.form.querySelector(`[data-field="${CSS.escape(field || "")}"]`);
    const label = group && group.querySelector("legend, label.checker__label");
    return label ? label.textContent.trim() : "";
  }

  link(help, text) {
    const a = el("a", "checker__link", text);
    a.href = relativeHref(new URL(help, this.siteRoot));
    return a;
  }

  showIdle() {
    this.shown.check = null;
    this.deferred = this.deferred.filter((waiting) => waiting.kind !== "check");
    place(this.results, this.placeholder.map((node) => node.cloneNode(true)));
    this.setSummary("");
  }

  setSummary(summary) {
    this.summary = summary || "";
    this.copyButton.disabled = !this.summary;
    this.summaryView.textContent = this.summary || "Nothing yet.";
  }

  // Keyed: a finding that was already shown keeps its nodes (and its link), so only
  // what changed is touched; the order follows the validator's.
  renderFindings(result, error) {
    const box = this.results;
    if (!result || error || result.error) {
      place(box, [el("p", "checker__error", error || (result && result.error) || "No answer.")]);
      this.setSummary("");
      return;
    }
    const findings = result.findings || [];
    // The headline's counts and wording are the validator's (result.headline).
    const headline = result.headline || "";
    const head = box.querySelector(":scope > .checker__headline") || el("p");
    const headClass = `checker__headline checker__headline--${result.ok ? "ok" : "error"}`;
    if (head.className !== headClass) head.className = headClass;
    if (head.textContent !== headline) head.textContent = headline;
    const nodes = [head];
    if (findings.length) {
      const list =
        box.querySelector(":scope > .checker__findings") || el("ul", "checker__findings");
      const shown = new Map();
      for (const item of list.children) shown.set(item.dataset.key, item);
      const items = findings.map((finding) => {
        const where = this.fieldLabel(finding.field);
        const key = JSON.stringify([
          finding.code,
          finding.severity,
          where,
          finding.message,
          finding.fix,
          finding.help,
        ]);
        const item = shown.get(key) || this.findingItem(finding, where);
        shown.delete(key); // a finding listed twice gets two items
        item.dataset.key = key;
        return item;
      });
      place(list, items);
      nodes.push(list);
    }
    place(box, nodes);
    this.setSummary(result.summary);
  }

  findingItem(finding, where) {
    const item = el("li", "checker__finding");
    item.dataset.code = finding.code;
    item.dataset.severity = finding.severity;
    const title = el("p", "checker__finding-title");
    title.append(el("span", "checker__badge", finding.severity));
    if (where) title.append(el("span", "checker__field-name", where));
    title.append(el("span", "checker__message", finding.message));
    item.append(title);
    const fix = el("p", "checker__fix");
    fix.append(el("strong", "", "Fix: "), finding.fix || "");
    item.append(fix);
    if (finding.help) {
      const more = el("p", "checker__more");
      more.append(this.link(finding.help, "How to fix it"));
      more.append(el("code", "checker__code", finding.code));
      item.append(more);
    }
    return item;
  }

  renderExplain(result, error) {
    const box = this.explainResults;
    if (!box) return;
    box.replaceChildren();
    if (!result || error || result.error) {
      box.append(el("p", "checker__error", error || (result && result.error) || "No answer."));
      return;
    }
    const matches = result.matches || [];
    const notKey = result.not_key_problems || [];
    if (!matches.length && notKey.length) {
      const headline = el("p", "checker__headline");
      headline.dataset.verdict = "not-a-key-problem";
      headline.append("Not a key problem: the key, its permissions and IP list are not the cause.");
      box.append(headline);
      for (const problem of notKey) {
        const item = el("p", "checker__fix");
        item.append(el("strong", "", problem.title + ": "), problem.explanation || "");
        box.append(item);
      }
      const more = el("p");
      const index = this.link(result.help || this.root.dataset.errorsPage, "Common errors");
      more.append("All HTX errors: ", index, ".");
      box.append(more);
      return;
    }
    if (!matches.length) {
      const none = el("p", "checker__headline");
      none.append(`No known ${this.root.dataset.exchangeName} message matched. Look it up on `);
      none.append(this.link(result.help || this.root.dataset.errorsPage, "Common errors"));
      none.append(".");
      box.append(none);
      return;
    }
    const list = el("ul", "checker__findings");
    for (const match of matches) {
      const item = el("li", "checker__finding");
      item.dataset.section = match.section;
      const title = el("p", "checker__finding-title");
      title.append(this.link(match.section, match.title));
      item.append(title);
      if (match.ip) {
        const ip = el("p", "checker__ip");
        ip.append("Add this IP address to the key's whitelist: ", el("code", "", match.ip));
        item.append(ip);
      }
      const fix = el("p", "checker__fix");
      fix.append(el("strong", "", "Fix: "), match.fix || "");
      item.append(fix);
      list.append(item);
    }
    box.append(list);
  }

  // -- buttons ------------------------------------------------------------------------

  clicked(event) {
    const button = event.target.closest("button");
    if (!button) return;
    if (button.matches("[data-toggle-visibility]")) this.toggle(button);
    else if (button.matches("[data-checker-clear]")) this.clear();
    else if (button.matches("[data-checker-copy]")) this.copy();
    else if (button.matches("[data-checker-retry]")) this.retry();
  }

  // Secret fields are text inputs masked by the stylesheet (never type="password", which
  // invites password managers); "Show" lifts the mask, nothing else changes.
  toggle(button) {
    const input = this.root.querySelector(`#${CSS.escape(button.getAttribute("aria-controls"))}`);
    const show = !input.hasAttribute("data-revealed");
    input.toggleAttribute("data-revealed", show);
    button.setAttribute("aria-pressed", String(show));
    button.textContent = show ? button.dataset.hide : button.dataset.show;
  }

  // A masked field behaves like a password field: its text cannot be copied, cut or
  // dragged out (pasting in works).
  guardMasked(event) {
    const field = event.target.closest && event.target.closest("[data-secret]");
    if (field && !field.hasAttribute("data-revealed")) event.preventDefault();
  }

  async copy() {
    if (!this.summary) return;
    try {
      await navigator.clipboard.writeText(this.summary);
      this.copied.textContent = "Summary copied.";
    } catch {
      this.copied.textContent = "Copying was blocked: select the summary below and copy it.";
      this.root.querySelector("details.checker__summary").open = true;
    }
    clearTimeout(this.timers.copied);
    this.timers.copied = setTimeout(() => (this.copied.textContent = ""), 4000);
  }

  retry() {
    this.retryButton.hidden = true;
    this.setState("idle");
    this.boot();
    if (this.touched.size) this.queued.check = true;
  }

  clearFields() {
    this.form.reset();
    for (const button of this.root.querySelectorAll("[data-toggle-visibility]")) {
      const input = this.root.querySelector(`#${CSS.escape(button.getAttribute("aria-controls"))}`);
      if (input) input.removeAttribute("data-revealed");
      button.setAttribute("aria-pressed", "false");
      button.textContent = button.dataset.show;
    }
    if (this.explainForm) this.explainForm.reset();
    if (this.explainResults) this.explainResults.replaceChildren();
    this.shown.explain = null;
    this.deferred = [];
    this.touched.clear();
    this.queued = { check: false, explain: false };
    this.inFlight = { check: 0, explain: 0 };
    delete this.root.dataset.checking;
    this.copied.textContent = "";
    this.showIdle();
  }

  clear() {
    this.clearFields();
    this.form.elements.api_key.focus();
  }

  destroy() {
    this.clearFields();
    this.stopWorker();
    for (const timer of Object.values(this.timers)) clearTimeout(timer);
    if (this.observer) this.observer.disconnect();
    if (this.viewObserver) this.viewObserver.disconnect();
    for (const off of this.listeners) off();
    this.listeners = [];
    this.setState("idle");
  }
}

// -- one controller for the widget on the current page ----------------------------------

let current = null;

function sync() {
  const root = document.querySelector("[data-checker]");
  if (current && current.root === root && root.isConnected) return;
  if (current) current.destroy();
  current = null;
  if (root) current = new Checker(root, document.querySelector("[data-checker-explain]"));
}

function leave() {
  if (current) current.destroy();
  current = null;
}

if (window.document$ && typeof window.document$.subscribe === "function") {
  window.document$.subscribe(sync);
} else {
  sync();
}
window.addEventListener("pagehide", leave);
window.addEventListener("pageshow", (event) => event.persisted && sync());
