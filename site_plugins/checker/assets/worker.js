// The checker's worker: boots Pyodide off the main thread, installs the validator wheel
// from the site's own lock file (Pyodide checks its sha256), and answers check and
// explain requests by calling the validator. No check logic lives here: text in, the
// validator's JSON out.
//
// It runs as a module worker (Pyodide 314 refuses classic workers) started by
// widget.js from a blob: URL that imports this file, so it inherits the page's
// Content-Security-Policy: it may fetch this site's files and nothing else.
//
// Boot: a plain boot installs the wheel on Python started from the cut-down standard
// library (site_plugins/checker/stdlib_trim.py; a module it lacks is imported from the
// full one by the fallback finder). The memory snapshot the build made and verified
// (snapshot.py) skips Python's start but is 5 MB more to download, so it is used only
// when it pays (chooseBoot): it is already in this browser's cache, or the WebAssembly,
// fetched first either way, arrived from the network within FAST_NETWORK_MS. On any
// failure of the snapshot the boot is plain. The snapshot is checked against its
// SHA-256 before use, must carry the digest of this site's wheel, and must answer a
// probe; `random` is reseeded because every restored heap starts with the same state.
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
// file, wheel), so the page can show real download progress: each file's decoded bytes
// scaled to its size on the wire (`transfer`, from the build), against the total on
// the wire of this kind of boot. Responses started early (`early`) are handed over
// instead of fetching again. The WebAssembly response itself goes to Pyodide untouched
// (a clone is counted) so that Chromium's streaming compile can keep the compiled code
// in its cache for the next visit; other bodies are passed on unchanged, with the
// original status and headers.
// A failed download of the snapshot (`optional`) only throws: the boot falls back.
const realFetch = self.fetch.bind(self);
const early = new Map();

function countDownloads(total, transfer, optional = "") {
  let loaded = 0;
  let lastReport = 0;
  const count = (name, bytes) => {
    const sizes = transfer[name];
    loaded += sizes && sizes[0] ? (bytes * sizes[1]) / sizes[0] : bytes;
    const now = performance.now();
    if (now - lastReport > 100 || loaded >= total) {
      lastReport = now;
      post(protocol.progress("download", Math.min(loaded, total), total, wireKnown(transfer)));
    }
  };
  self.fetch = async (input, init) => {
    const url = typeof input === "string" ? input : input.url || String(input);
    const required = !optional || url !== optional;
    let response;
    try {
      const started = early.get(url);
      early.delete(url);
      response = await (started || realFetch(input, init));
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
    const name = fileName(url);
    const counter = new TransformStream({
      transform(chunk, controller) {
        count(name, chunk.byteLength);
        controller.enqueue(chunk);
      },
    });
    if (name.endsWith(".wasm")) {
      response
        .clone()
        .body.pipeThrough(counter)
        .pipeTo(new WritableStream())
        .catch(() => {});
      return response;
    }
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

// Whether the build told the sizes on the wire (then progress counts compressed bytes).
const wireKnown = (transfer) => Object.keys(transfer).length > 0;

// The wire size of the files a boot fetches (decoded sizes without `transfer`).
function wireTotal(transfer, names, fallback) {
  const sizes = names.map((name) => transfer[name]);
  if (!sizes.length || sizes.some((s) => !s)) return fallback || 1;
  return sizes.reduce((sum, s) => sum + s[1], 0);
}

// Snapshot or plain? The snapshot when this browser has it cached already; otherwise
// only when the network is fast enough: the WebAssembly (which both boots need, fetched
// here first: 2.8 MB) came over the network in full within FAST_NETWORK_MS of its first
// byte, i.e. at about 28 Mbit/s or more. There the snapshot's 4.6 MB more take less
// time than starting Python and installing the validator saves (about 2 s on a
// desktop, more on a phone); below, the plain boot is ready sooner (`python -m bench`,
// profiles cable and 4G).
const FAST_NETWORK_MS = 800;

async function chooseBoot(message, wasmURL) {
  if (!message.snapshotURL) return "plain";
  try {
    const cached = await realFetch(message.snapshotURL, {
      cache: "only-if-cached",
      mode: "same-origin",
    });
    if (cached.body) cached.body.cancel().catch(() => {});
    if (cached.ok) return "snapshot";
  } catch {
    // not cached
  }
  let response;
  try {
    response = await early.get(wasmURL);
  } catch {
    return "plain";
  }
  if (!response.ok || !response.body) return "plain";
  const reader = response.clone().body.getReader();
  const firstByte = performance.now();
  const drained = (async () => {
    while (!(await reader.read()).done);
    return true;
  })();
  const fast = await Promise.race([
    drained.catch(() => false),
    new Promise((resolve) => setTimeout(() => resolve(false), FAST_NETWORK_MS)),
  ]);
  if (!fast) {
    reader.cancel().catch(() => {});
    return "plain";
  }
  // From the network, not from this browser's cache (transferSize 0: no evidence).
  const entry = performance.getEntriesByName(wasmURL).pop();
  const fromNetwork = entry ? entry.transferSize > 0 : false;
  return fromNetwork && performance.now() - firstByte <= FAST_NETWORK_MS ? "snapshot" : "plain";
}

const quiet = () => {};

async function boot(message) {
  if (booting) return;
  booting = true;
  const started = performance.now();
  const wasmURL = new URL("pyodide.asm.wasm", message.runtimeURL).href;
  // Both boots need the WebAssembly: fetch it before anything else.
  early.set(wasmURL, realFetch(wasmURL));
  early.get(wasmURL).catch(() => {});
  const { loadPyodide } = await import(new URL("pyodide.mjs", message.runtimeURL).href);
  let pyodide = null;
  let kind = "plain";
  const transfer = message.transfer || {};
  if ((await chooseBoot(message, wasmURL)) === "snapshot") {
    const stdlib = message.stdlibURL ? fileName(message.stdlibURL) : "python_stdlib.zip";
    const names = ["pyodide.asm.wasm", stdlib, "pyodide-lock.json"];
    names.push(fileName(message.snapshotURL));
    const total = wireTotal(transfer, names, message.snapshotDownloadBytes);
    const restoreFetch = countDownloads(total, transfer, message.snapshotURL);
    post(protocol.progress("download", 0, total, wireKnown(transfer)));
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
  if (message.stdlibURL) {
    // An import the build's trace missed comes from the full standard library.
    const full = new URL("python_stdlib.zip", message.runtimeURL).href;
    pyodide.runPython(`import _keycheck_stdlib_fallback as f; f.install(${JSON.stringify(full)})`);
  }
  validator = pyodide.pyimport(message.importName);
  post(protocol.ready(Math.round(performance.now() - started), kind));
}

// The validator installed from the wheel on a freshly started Python.
async function plainBoot(loadPyodide, message) {
  const transfer = message.transfer || {};
  const stdlib = message.stdlibURL ? fileName(message.stdlibURL) : "python_stdlib.zip";
  const names = ["pyodide.asm.wasm", stdlib, "pyodide-lock.json"];
  names.push(...Object.keys(transfer).filter((name) => name.endsWith(".whl")));
  const total = wireTotal(transfer, names, message.downloadBytes);
  const restoreFetch = countDownloads(total, transfer);
  post(protocol.progress("download", 0, total, wireKnown(transfer)));
  // Python's output goes nowhere: nothing the validator sees may reach the console.
  const pyodide = await loadPyodide({
    indexURL: message.runtimeURL,
    lockFileURL: message.lockURL,
    ...(message.stdlibURL && { stdLibURL: message.stdlibURL }),
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
    // The zip the snapshot was made with (its heap remembers the zip's contents).
    ...(message.stdlibURL && { stdLibURL: message.stdlibURL }),
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
