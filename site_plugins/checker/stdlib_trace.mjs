// Lists the standard library modules the checker imports, in Node, at build time.
// Called by stdlib_trim.py (never by hand):
//
//   node stdlib_trace.mjs <job.json>
//
// job.json: {pyodideDir, wheel, importName, stdlib?, fullStdlib?, warmSkip,
//            checks: [json...], explains: [[text, exchange]...]}
//
// Boots the pinned Pyodide (with `stdlib`, a trimmed zip, when given: the proof run),
// installs the wheel through loadPackage (the same Python code the browser runs),
// imports every module of the validator the browser uses, answers the samples, and
// prints one JSON line: the stdlib modules loaded (name -> path inside the zip) and the
// answers (compared by the caller across runs).

import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const job = JSON.parse(readFileSync(process.argv[2], "utf-8"));
const indexURL = job.pyodideDir.replace(/\/?$/, "/");
const { loadPyodide } = await import(pathToFileURL(indexURL + "pyodide.mjs").href);
const quiet = () => {};

const pyodide = await loadPyodide({
  indexURL,
  ...(job.stdlib && { stdLibURL: job.stdlib }),
  stdout: quiet,
  stderr: quiet,
});
await pyodide.loadPackage(job.wheel, { messageCallback: quiet, errorCallback: quiet });
pyodide.runPython(`
import importlib, pkgutil
import ${job.importName} as _package
_skip = tuple(${JSON.stringify(job.warmSkip)})

def _warm(package):
    for info in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
        if info.name.startswith(_skip):
            continue
        module = importlib.import_module(info.name)
        if info.ispkg:
            _warm(module)

_warm(_package)
`);
const validator = pyodide.pyimport(job.importName);
const answers = [
  ...job.checks.map((text) => validator.check_json(text)),
  ...job.explains.map(([text, exchange]) => validator.explain_json(text, exchange)),
];
// What the worker runs after a boot.
pyodide.runPython("import random; random.seed()");
const modules = pyodide.runPython(`
import json, sys
_zip = next(p for p in sys.path if p.endswith(".zip"))
json.dumps({
    name: getattr(m, "__file__", None)[len(_zip) + 1:]
    for name, m in list(sys.modules.items())
    if (getattr(m, "__file__", None) or "").startswith(_zip + "/")
})
`);
// The proof run: a module the trace left out, and a submodule of a package it kept,
// imported through the fallback finder from the full zip (written into Pyodide's file
// system here: Node has no synchronous XMLHttpRequest, the browser's way).
let fallback = false;
if (job.fullStdlib) {
  pyodide.FS.writeFile("/tmp/full-stdlib.zip", new Uint8Array(readFileSync(job.fullStdlib)));
  pyodide.runPython(`
import sys, _keycheck_stdlib_fallback as fallback
assert "calendar" not in sys.modules and "email.charset" not in sys.modules
fallback.install("full", read=lambda url: open("/tmp/full-stdlib.zip", "rb").read())
import calendar, email.charset
assert calendar.isleap(2024)
assert email.charset.Charset("utf-8").output_charset == "utf-8"
`);
  fallback = true;
}
console.log(JSON.stringify({ modules: JSON.parse(modules), answers, fallback }));
