// The checker's worker: boots Pyodide off the main thread, installs the validator wheel
// from the site's own lock file (Pyodide checks its sha256), and answers check and
// explain requests by calling the validator. No check logic lives here: text in, the
// validator's JSON out.
//
// It runs as a module worker (Pyodide 314 refuses classic workers) started by
// widget.js from a blob: URL that imports this file, so it inherits the page's
// Content-Security-Policy: it may fetch this site's files and nothing else.
//
// Messages in:  {type: "boot", runtimeURL, lockURL, packageName, importName, downloadBytes}
//               {type: "check", id, input}   input: the validator's input as JSON text
//               {type: "explain", id, text}
// Messages out: {type: "progress", loaded, total, stage}
//               {type: "ready", ms}
//               {type: "failed", message}
//               {type: "result", id, kind, output}   output: the validator's JSON text
//               {type: "result", id, kind, error}

let validator = null;
let booting = false;

const post = (message) => self.postMessage(message);

let failed = false;
function fail(reason) {
  if (failed) return;
  failed = true;
  post({ type: "failed", message: String(reason).slice(0, 300) });
}

function fileName(input) {
  const url = typeof input === "string" ? input : input.url || String(input);
  return url.split("?")[0].split("/").pop() || url;
}

// Counts the bytes of every response Pyodide fetches (wasm, standard library, lock
// file, wheel), so the page can show real download progress. The body is passed on
// unchanged, with the original status and headers (WebAssembly's streaming compile
// needs the application/wasm type).
function countDownloads(total) {
  const realFetch = self.fetch.bind(self);
  let loaded = 0;
  let lastReport = 0;
  self.fetch = async (input, init) => {
    let response;
    try {
      response = await realFetch(input, init);
    } catch (error) {
      // Pyodide does not always give up when a file fails (a failed wasm download can
      // leave loadPyodide pending forever): report it at once.
      fail(`${fileName(input)} could not be downloaded`);
      throw error;
    }
    if (!response.ok) fail(`${fileName(input)} could not be downloaded (HTTP ${response.status})`);
    if (!response.ok || !response.body) return response;
    const counter = new TransformStream({
      transform(chunk, controller) {
        loaded += chunk.byteLength;
        const now = performance.now();
        if (now - lastReport > 100 || loaded >= total) {
          lastReport = now;
          post({ type: "progress", stage: "download", loaded: Math.min(loaded, total), total });
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

async function boot(message) {
  if (booting) return;
  booting = true;
  const started = performance.now();
  const total = message.downloadBytes || 1;
  const restoreFetch = countDownloads(total);
  post({ type: "progress", stage: "download", loaded: 0, total });
  const { loadPyodide } = await import(new URL("pyodide.mjs", message.runtimeURL).href);
  // Python's output goes nowhere: nothing the validator sees may reach the console.
  const quiet = () => {};
  const pyodide = await loadPyodide({
    indexURL: message.runtimeURL,
    lockFileURL: message.lockURL,
    stdout: quiet,
    stderr: quiet,
  });
  post({ type: "progress", stage: "install", loaded: total, total });
  const problems = [];
  await pyodide.loadPackage(message.packageName, {
    messageCallback: quiet,
    errorCallback: (text) => problems.push(text),
    checkIntegrity: true,
  });
  if (problems.length) throw new Error(`the validator package did not install: ${problems[0]}`);
  restoreFetch();
  validator = pyodide.pyimport(message.importName);
  post({ type: "ready", ms: Math.round(performance.now() - started) });
}

function answer(message) {
  const kind = message.type;
  try {
    const output =
      kind === "check"
        ? validator.check_json(message.input)
        : validator.explain_json(message.text, message.exchange || "htx");
    post({ type: "result", id: message.id, kind, output });
  } catch {
    // The validator never raises by contract; if it does, say so without its message,
    // which could quote what the trader typed.
    post({ type: "result", id: message.id, kind, error: "The checker hit an internal error." });
  }
}

// A failed boot can leave rejections nobody awaits inside Pyodide: they end the boot
// with a message in the widget instead of an error in the console.
self.addEventListener("unhandledrejection", (event) => {
  event.preventDefault();
  fail((event.reason && event.reason.message) || "the runtime stopped");
});

self.addEventListener("message", (event) => {
  const message = event.data || {};
  if (message.type === "boot") {
    boot(message).catch((error) => fail((error && error.message) || error));
  } else if ((message.type === "check" || message.type === "explain") && validator) {
    answer(message);
  }
});
