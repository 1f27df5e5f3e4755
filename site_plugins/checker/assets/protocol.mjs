// The messages between the checker's page script (widget.js) and its worker
// (worker.js), defined once: both import the builders below, and
// tests/checker/js/protocol.test.mjs checks them with `node --test`.
//
// Page -> worker:
//   {type: "boot", runtimeURL, lockURL, packageName, importName, downloadBytes, transfer,
//    stdlibURL?, snapshotURL?, snapshotSha256?, snapshotRawSha256?, snapshotDownloadBytes?,
//    wheelSha256?}
//     transfer: {file name: [bytes, bytes on the wire]} from the build ({}: unknown);
//     stdlibURL: the cut-down standard library zip (absent: Pyodide's full one)
//   {type: "check", id, input}            input: the validator's input as JSON text
//   {type: "explain", id, text, exchange} exchange: the page's, never a default
// Worker -> page:
//   {type: "progress", stage, loaded, total, wire}   stage: "download" | "install";
//     wire: the counts are bytes on the network (compressed), as the build measured
//   {type: "ready", ms, boot}                   boot: "snapshot" | "plain"
//   {type: "failed", message}
//   {type: "result", id, kind, output}          output: the validator's JSON text
//   {type: "result", id, kind, error}

export const TO_WORKER = Object.freeze(["boot", "check", "explain"]);
export const TO_PAGE = Object.freeze(["progress", "ready", "failed", "result"]);
export const FAILURE_LIMIT = 300; // characters of a failure message shown to the reader

// The boot request, from the widget root's data-* attributes (paths relative to `base`).
export function boot(data, base) {
  const url = (path) => new URL(path, base).href;
  const message = {
    type: "boot",
    runtimeURL: url(data.runtime),
    lockURL: url(data.lock),
    packageName: data.package,
    importName: data.import,
    downloadBytes: Number(data.downloadBytes) || 0,
    transfer: transferSizes(data.transfer),
  };
  if (data.stdlib) message.stdlibURL = url(data.stdlib);
  if (data.snapshot) {
    Object.assign(message, {
      snapshotURL: url(data.snapshot),
      snapshotSha256: data.snapshotSha256,
      snapshotRawSha256: data.snapshotRawSha256,
      snapshotDownloadBytes: Number(data.snapshotDownloadBytes) || 0,
      wheelSha256: data.wheelSha256,
    });
  }
  return message;
}

// The page's {name: [bytes, wire bytes]} table; {} when absent or not that shape.
function transferSizes(text) {
  let table;
  try {
    table = JSON.parse(text || "{}");
  } catch {
    return {};
  }
  if (!table || typeof table !== "object" || Array.isArray(table)) return {};
  const sizes = {};
  for (const [name, pair] of Object.entries(table)) {
    if (Array.isArray(pair) && pair.length === 2 && pair.every((n) => Number.isFinite(n) && n >= 0)) {
      sizes[name] = [pair[0], pair[1]];
    }
  }
  return sizes;
}

export function check(id, input) {
  return { type: "check", id, input: JSON.stringify(input) };
}

export function explain(id, text, exchange) {
  if (!exchange) throw new Error("explain needs the page's exchange");
  return { type: "explain", id, text, exchange };
}

export function progress(stage, loaded, total, wire = false) {
  return { type: "progress", stage, loaded, total, wire: Boolean(wire) };
}

export function ready(ms, bootKind) {
  return { type: "ready", ms, boot: bootKind };
}

export function failed(reason) {
  return { type: "failed", message: String(reason).slice(0, FAILURE_LIMIT) };
}

export function result(id, kind, output) {
  return { type: "result", id, kind, output };
}

export function resultError(id, kind, error) {
  return { type: "result", id, kind, error };
}

// What is wrong with a message for its direction ("" when nothing): the worker ignores
// requests that fail this, the page ignores such answers.
export function problem(message, direction) {
  if (!message || typeof message !== "object") return "not an object";
  const allowed = direction === "toWorker" ? TO_WORKER : TO_PAGE;
  if (!allowed.includes(message.type)) return `unknown type ${JSON.stringify(message.type)}`;
  const needs = {
    boot: { runtimeURL: "string", lockURL: "string", packageName: "string", importName: "string" },
    check: { id: "number", input: "string" },
    explain: { id: "number", text: "string", exchange: "string" },
    progress: { stage: "string", loaded: "number", total: "number" },
    ready: { ms: "number", boot: "string" },
    failed: { message: "string" },
    result: { id: "number", kind: "string" },
  }[message.type];
  for (const [key, kind] of Object.entries(needs)) {
    if (typeof message[key] !== kind) return `${message.type}: ${key} must be a ${kind}`;
  }
  if (message.type === "explain" && !message.exchange) return "explain: no exchange";
  if (message.type === "result" && !["check", "explain"].includes(message.kind)) {
    return "result: kind must be check or explain";
  }
  if (message.type === "result" && typeof message.output !== "string" && !message.error) {
    return "result: needs output or error";
  }
  return "";
}
