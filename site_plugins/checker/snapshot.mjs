// Makes and verifies the checker's Pyodide memory snapshot, in Node, at build time.
// Called by snapshot.py (never by hand):
//
//   node snapshot.mjs <job.json>
//
// job.json: {pyodideDir, wheel, wheelSha256, importName, out, maxHeapBytes, stdlib?,
//            warmSkip: [module prefixes not to import], checks: [json...],
//            explains: [[text, exchange]...]}
//
// 1. Boot the pinned Pyodide with _makeSnapshot, unpack the validator wheel, import every
//    module of the validator the browser uses and run the sample checks (so nothing is
//    imported lazily later: the restored heap has no wheel files behind it), mark the
//    heap with the wheel's digest, and take the snapshot (Pyodide's private API).
// 2. Verify: restore a second Pyodide from the snapshot and require the marker and
//    byte-identical answers to every sample, then write the snapshot to `out`.
// Prints one JSON line with the figures; exits non-zero with a message on any failure.

import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const job = JSON.parse(readFileSync(process.argv[2], "utf-8"));
// Node wants a folder path (with its slash) as indexURL, and a file: URL to import.
const indexURL = job.pyodideDir.replace(/\/?$/, "/");
const { loadPyodide } = await import(pathToFileURL(indexURL + "pyodide.mjs").href);
const quiet = () => {};

function answers(pyodide) {
  const validator = pyodide.pyimport(job.importName);
  try {
    return [
      ...job.checks.map((text) => validator.check_json(text)),
      ...job.explains.map(([text, exchange]) => validator.explain_json(text, exchange)),
    ];
  } finally {
    validator.destroy();
  }
}

const started = performance.now();
// The standard library zip the browser restores with (the heap keeps its table of contents).
const stdlib = job.stdlib ? { stdLibURL: job.stdlib } : {};
const maker = await loadPyodide({
  indexURL,
  ...stdlib,
  _makeSnapshot: true,
  stdout: quiet,
  stderr: quiet,
});
maker.unpackArchive(new Uint8Array(readFileSync(job.wheel)), "wheel");
maker.runPython(`
import importlib, pkgutil
import ${job.importName} as _package
_job_skip = tuple(${JSON.stringify(job.warmSkip)})

def _warm(package):
    for info in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
        if info.name.startswith(tuple(_job_skip)):
            continue
        module = importlib.import_module(info.name)
        if info.ispkg:
            _warm(module)

_warm(_package)
_keycheck_wheel = ${JSON.stringify(job.wheelSha256)}
del _warm, _package, _job_skip, importlib, pkgutil
`);
const expected = answers(maker);
const heap = maker._module.HEAPU8.length;
if (heap > job.maxHeapBytes) {
  throw new Error(
    `the heap grew to ${heap} bytes (limit ${job.maxHeapBytes}): a snapshot above ` +
      "Pyodide's initial memory does not restore",
  );
}
const snapshot = maker.makeMemorySnapshot();
const made = performance.now();

const restored = await loadPyodide({
  indexURL,
  ...stdlib,
  _loadSnapshot: snapshot,
  stdout: quiet,
  stderr: quiet,
});
const marker = restored.globals.get("_keycheck_wheel");
if (marker !== job.wheelSha256) {
  throw new Error(`restored snapshot carries wheel ${marker}, expected ${job.wheelSha256}`);
}
const got = answers(restored);
got.forEach((answer, i) => {
  if (answer !== expected[i]) {
    throw new Error(`restored snapshot answers sample ${i} differently:\n${answer}\n${expected[i]}`);
  }
});
writeFileSync(job.out, snapshot);
console.log(
  JSON.stringify({
    bytes: snapshot.length,
    heap,
    samples: expected.length,
    make_ms: Math.round(made - started),
    restore_ms: Math.round(performance.now() - made),
  }),
);
