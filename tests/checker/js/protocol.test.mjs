// The page/worker protocol of the checker (site_plugins/checker/assets/protocol.mjs):
// what the page sends is what the worker accepts and the other way round, requests
// carry the page's exchange and nothing defaults to one, and malformed messages are
// refused. Run with `node --test tests/checker/js` (tests/checker/test_protocol_js.py).
import assert from "node:assert/strict";
import { test } from "node:test";

import * as protocol from "../../../site_plugins/checker/assets/protocol.mjs";

const PAGE = "https://guides.example/htx/check/";
const ROOT_DATA = {
  runtime: "../../assets/checker/pyodide-314.0.7/",
  lock: "../../assets/checker/packages/abc/pyodide-lock.json",
  package: "keycheck",
  import: "keycheck",
  downloadBytes: "1234",
};

test("the boot request resolves the widget's paths against the page", () => {
  const message = protocol.boot(ROOT_DATA, PAGE);
  assert.equal(protocol.problem(message, "toWorker"), "");
  assert.equal(message.runtimeURL, "https://guides.example/assets/checker/pyodide-314.0.7/");
  assert.equal(message.lockURL, "https://guides.example/assets/checker/packages/abc/pyodide-lock.json");
  assert.equal(message.downloadBytes, 1234);
  assert.equal("snapshotURL" in message, false);
});

test("the boot request names the snapshot only when the page ships one", () => {
  const message = protocol.boot(
    { ...ROOT_DATA, snapshot: "../../assets/checker/snapshot-1/keycheck.snapshot",
      snapshotSha256: "aa", snapshotRawSha256: "bb", snapshotDownloadBytes: "9", wheelSha256: "cc" },
    PAGE,
  );
  assert.equal(message.snapshotURL, "https://guides.example/assets/checker/snapshot-1/keycheck.snapshot");
  assert.equal(message.snapshotDownloadBytes, 9);
  assert.equal(message.wheelSha256, "cc");
});

test("the boot request names the cut-down standard library only when the page ships one", () => {
  assert.equal("stdlibURL" in protocol.boot(ROOT_DATA, PAGE), false);
  const message = protocol.boot(
    { ...ROOT_DATA, stdlib: "../../assets/checker/packages/abc/python_stdlib_checker.zip" },
    PAGE,
  );
  assert.equal(protocol.problem(message, "toWorker"), "");
  assert.equal(
    message.stdlibURL,
    "https://guides.example/assets/checker/packages/abc/python_stdlib_checker.zip",
  );
});

test("the boot request carries the build's sizes on the wire, and only well-formed ones", () => {
  assert.deepEqual(protocol.boot(ROOT_DATA, PAGE).transfer, {});
  const transfer = JSON.stringify({
    "pyodide.asm.wasm": [9000000, 2800000],
    "python_stdlib_checker.zip": [1000, 300],
    "bad-shape": [1],
    "bad-number": [-1, 2],
  });
  const message = protocol.boot({ ...ROOT_DATA, transfer }, PAGE);
  assert.deepEqual(message.transfer, {
    "pyodide.asm.wasm": [9000000, 2800000],
    "python_stdlib_checker.zip": [1000, 300],
  });
  assert.deepEqual(protocol.boot({ ...ROOT_DATA, transfer: "not json" }, PAGE).transfer, {});
  assert.deepEqual(protocol.boot({ ...ROOT_DATA, transfer: "[1, 2]" }, PAGE).transfer, {});
});

test("progress says whether its bytes are the ones on the wire", () => {
  assert.equal(protocol.progress("download", 1, 2).wire, false);
  const message = protocol.progress("download", 1, 2, true);
  assert.equal(message.wire, true);
  assert.equal(protocol.problem(message, "toPage"), "");
});

test("a check request carries the validator's input as JSON text", () => {
  const message = protocol.check(3, { exchange: "okx", api_key: "x" });
  assert.equal(protocol.problem(message, "toWorker"), "");
  assert.deepEqual(JSON.parse(message.input), { exchange: "okx", api_key: "x" });
});

test("an explain request needs the page's exchange: there is no default", () => {
  assert.throws(() => protocol.explain(1, "Incorrect IP address", ""), /exchange/);
  assert.equal(protocol.problem({ type: "explain", id: 1, text: "x" }, "toWorker") !== "", true);
  const message = protocol.explain(1, "50110", "okx");
  assert.equal(protocol.problem(message, "toWorker"), "");
  assert.equal(message.exchange, "okx");
});

test("every answer the worker builds is one the page accepts", () => {
  const answers = [
    protocol.progress("download", 10, 100),
    protocol.ready(120, "snapshot"),
    protocol.failed("pyodide.asm.wasm could not be downloaded"),
    protocol.result(4, "check", "{}"),
    protocol.resultError(4, "explain", "The checker hit an internal error."),
  ];
  for (const answer of answers) assert.equal(protocol.problem(answer, "toPage"), "", answer.type);
});

test("a failure message is cut to the length the widget shows", () => {
  const message = protocol.failed("x".repeat(1000));
  assert.equal(message.message.length, protocol.FAILURE_LIMIT);
});

test("messages of the wrong direction, type or shape are refused", () => {
  assert.notEqual(protocol.problem(protocol.ready(1, "plain"), "toWorker"), "");
  assert.notEqual(protocol.problem(protocol.check(1, {}), "toPage"), "");
  assert.notEqual(protocol.problem(null, "toPage"), "");
  assert.notEqual(protocol.problem({ type: "eval", code: "1" }, "toWorker"), "");
  assert.notEqual(protocol.problem({ type: "check", id: "1", input: "{}" }, "toWorker"), "");
  assert.notEqual(protocol.problem({ type: "result", id: 1, kind: "other", output: "" }, "toPage"), "");
  assert.notEqual(protocol.problem({ type: "result", id: 1, kind: "check" }, "toPage"), "");
});
