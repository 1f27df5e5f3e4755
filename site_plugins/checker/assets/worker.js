// The checker's worker: boots Pyodide off the main thread, installs the validator wheel
// from the site's own lock file (Pyodide checks its sha256), and answers check and
// explain requests by calling the validator. No check logic lives here: text in, the
// validator's JSON out.
//
// It runs as a module worker (Pyodide 314 refuses classic workers) started by
// widget.js from a blob: URL that imports this file, so it inherits the page's
// Content-Security-Policy: it may fetch this site's files and nothing else.
//
// Boot: from the memory snapshot the build made and verified (site_plugins/checker/
// snapshot.py) when the page names one, else - and on any failure of that path - a
// plain boot that installs the wheel. The snapshot is checked against its SHA-256
// before use, must carry the digest of this site's wheel, and must answer a probe;
// `random` is reseeded because every restored heap starts with the same state.
//
// The messages in and out are defined in protocol.mjs, which the page script shares.

import * as protocol from "./protocol.mjs";

// Trusted Types are enforced here too (a blob: worker inherits the page's CSP). The one
// sink reached is Pyodide's test for a classic worker, importScripts() of an empty
// data: URL, which throws in a module worker anyway; this policy lets exactly that URL
// through, so the test fails quietly instead of being reported as a violation.
if (self.trustedTypes && !self.trustedTypes.defaultPolicy) {
  self.trustedTypes.createPolicy("default", {
    createScriptURL: (url) => (url === "data:text/javascript," ? url : null),
  });
}

let validator = null;
let booting = false;
// While the snapshot is tried, its own failures mean "boot plainly", not "failed".
let tryingSnapshot = false;

const post = (message) => self.postMessage(message);

let failed = false;
function fail(reason) {
  if (failed) return;
  failed = true;
  post(protocol.failed(reason));
}

function fileName(input) {
  const url = typeof input === "string" ? input : input.url || String(input);
  return url.split("?")[0].split("/").pop() || url;
}

// Counts the bytes of every response Pyodide fetches (wasm, standard library, lock
// file, wheel), so the page can show real download progress. The body is passed on
// unchanged, with the original status and headers (WebAssembly's streaming compile
// needs the application/wasm type).
// A failed download of the snapshot (`optional`) only throws: the boot falls back.
function countDownloads(total, optional = "") {
  const realFetch = self.fetch.bind(self);
  let loaded = 0;
  let lastReport = 0;
  self.fetch = async (input, init) => {
    const required = !optional || (typeof input === "string" ? input : input.url) !== optional;
    let response;
    try {
      response = await realFetch(input, init);
    } catch (error) {
      // Pyodide does not always give up when a file fails (a failed wasm download can
      // leave loadPyodide pending forever): report it at once.
      if (required) fail(`${fileName(input)} could not be downloaded`);
      throw error;
    }
    if (!response.ok && required) {
      fail(`${fileName(input)} could not be downloaded (HTTP ${response.status})`);
    }
    if (!response.ok || !response.body) return response;
    const counter = new TransformStream({
      transform(chunk, controller) {
        loaded += chunk.byteLength;
        const now = performance.now();
        if (now - lastReport > 100 || loaded >= total) {
          lastReport = now;
          post(protocol.progress("download", Math.min(loaded, total), total));
        }
        controller.enqueue(chunk);
      },
    });
    return new Response(response.body.pipeThrough(counter), {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
  return () => {
    self.fetch = realFetch;
  };
}

const quiet = () => {};

async function boot(message) {
  if (booting) return;
  booting = true;
  const started = performance.now();
  const { loadPyodide } = await import(new URL("pyodide.mjs", message.runtimeURL).href);
  let pyodide = null;
  let kind = "plain";
  if (message.snapshotURL) {
    const total = message.snapshotDownloadBytes || 1;
    const restoreFetch = countDownloads(total, message.snapshotURL);
    post(protocol.progress("download", 0, total));
    tryingSnapshot = true;
    try {
      pyodide = await restore(loadPyodide, message);
      kind = "snapshot";
    } catch {
      pyodide = null; // any failure: boot plainly below
    } finally {
      tryingSnapshot = false;
      restoreFetch();
    }
  }
  if (failed) return;
  if (!pyodide) pyodide = await plainBoot(loadPyodide, message);
  validator = pyodide.pyimport(message.importName);
  post(protocol.ready(Math.round(performance.now() - started), kind));
}

// The validator installed from the wheel on a freshly started Python.
async function plainBoot(loadPyodide, message) {
  const total = message.downloadBytes || 1;
  const restoreFetch = countDownloads(total);
  post(protocol.progress("download", 0, total));
  // Python's output goes nowhere: nothing the validator sees may reach the console.
  const pyodide = await loadPyodide({
    indexURL: message.runtimeURL,
    lockFileURL: message.lockURL,
    stdout: quiet,
    stderr: quiet,
  });
  post(protocol.progress("install", total, total));
  const problems = [];
  await pyodide.loadPackage(message.packageName, {
    messageCallback: quiet,
    errorCallback: (text) => problems.push(text),
    checkIntegrity: true,
  });
  if (problems.length) throw new Error(`the validator package did not install: ${problems[0]}`);
  restoreFetch();
  return pyodide;
}

// Python restored from the snapshot, with the validator already imported. Throws on
// anything unexpected; the caller then boots plainly.
async function restore(loadPyodide, message) {
  const snapshot = fetchSnapshot(message);
  snapshot.catch(() => {}); // if loadPyodide fails first, this rejection is not news
  const pyodide = await loadPyodide({
    indexURL: message.runtimeURL,
    lockFileURL: message.lockURL,
    stdout: quiet,
    stderr: quiet,
    _loadSnapshot: snapshot,
  });
  if (pyodide.globals.get("_keycheck_wheel") !== message.wheelSha256) {
    throw new Error("the snapshot was made for another build of the validator");
  }
  pyodide.runPython("import random; random.seed()");
  const probe = pyodide.pyimport(message.importName);
  try {
    const answer = JSON.parse(probe.check_json("{}"));
    if (!answer || typeof answer !== "object") throw new Error("the snapshot does not answer");
  } finally {
    probe.destroy();
  }
  return pyodide;
}

// The snapshot's bytes, checked against the digest the build wrote into the page. The
// file is gzip data; if a host decoded it on the way, the raw digest applies instead.
async function fetchSnapshot(message) {
  const response = await self.fetch(message.snapshotURL);
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  const gzip = bytes[0] === 0x1f && bytes[1] === 0x8b;
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  const hex = Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
  if (hex !== (gzip ? message.snapshotSha256 : message.snapshotRawSha256)) {
    throw new Error("the snapshot does not match its digest");
  }
  if (!gzip) return bytes;
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

function answer(message) {
  const kind = message.type;
  try {
    const output =
      kind === "check"
        ? validator.check_json(message.input)
        : validator.explain_json(message.text, message.exchange);
    post(protocol.result(message.id, kind, output));
  } catch {
    // The validator never raises by contract; if it does, say so without its message,
    // which could quote what the trader typed.
    post(protocol.resultError(message.id, kind, "The checker hit an internal error."));
  }
}

// A failed boot can leave rejections nobody awaits inside Pyodide: they end the boot
// with a message in the widget instead of an error in the console.
self.addEventListener("unhandledrejection", (event) => {
  event.preventDefault();
  if (tryingSnapshot) return; // the restore throws too, and the boot falls back
  fail((event.reason && event.reason.message) || "the runtime stopped");
});

self.addEventListener("message", (event) => {
  const message = event.data || {};
  if (protocol.problem(message, "toWorker")) return;
  if (message.type === "boot") {
    boot(message).catch((error) => fail((error && error.message) || error));
  } else if ((message.type === "check" || message.type === "explain") && validator) {
    answer(message);
  }
});
