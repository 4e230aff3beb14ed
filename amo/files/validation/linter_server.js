// Run Mozilla's addons-linter on many packages from one Node process.
//
// Usage: node linter_server.js <addons-linter package folder>
// Reads one JSON request per line on stdin, {"path": "/abs/file.xpi",
// "selfHosted": true}, and writes one JSON line per request on stdout:
// {"ok": true, "result": <the linter's JSON report>} or
// {"ok": false, "error": "<message>"}. Requests run one at a time.
// Loading the linter takes most of a short run, so amo keeps this process
// and sends it every package instead of starting the linter per file.
"use strict";

const readline = require("node:readline");

const reply = (payload) => process.stdout.write(JSON.stringify(payload) + "\n");

// The linter and its dependencies may log; stdout carries only replies.
for (const name of ["log", "info", "warn", "debug", "error"]) {
  console[name] = (...args) => process.stderr.write(args.join(" ") + "\n");
}

const linterPath = process.argv[2];
let addonsLinter;
try {
  addonsLinter = require(linterPath);
} catch (error) {
  reply({ ok: false, error: `cannot load addons-linter from ${linterPath}: ${error}` });
  process.exit(1);
}

async function lint(request) {
  const instance = addonsLinter.createInstance({
    config: {
      _: [request.path],
      logLevel: "fatal",
      stack: false,
      pretty: false,
      warningsAsErrors: false,
      metadata: false,
      output: "none",
      boring: true,
      selfHosted: request.selfHosted !== false,
      enableBackgroundServiceWorker: true,
    },
    runAsBinary: false,
  });
  return instance.run();
}

const lines = readline.createInterface({ input: process.stdin, terminal: false });
let queue = Promise.resolve();
lines.on("line", (line) => {
  queue = queue.then(async () => {
    let request;
    try {
      request = JSON.parse(line);
    } catch (error) {
      reply({ ok: false, error: `invalid request: ${error}` });
      return;
    }
    try {
      reply({ ok: true, result: await lint(request) });
    } catch (error) {
      reply({ ok: false, error: String((error && error.stack) || error) });
    }
  });
});
lines.on("close", () => queue.then(() => process.exit(0)));
reply({ ok: true, ready: true, version: require(`${linterPath}/package.json`).version });
