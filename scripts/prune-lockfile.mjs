#!/usr/bin/env node
// The npm registry this project installs from lacks some other-platform builds of optional
// native packages (e.g. msgpackr-extract for darwin), so `npm install` cannot record them and
// `npm ci` then refuses the lock file. This drops optionalDependencies that have no entry in the
// lock; npm skips other-platform optionals anyway. Run after every `npm install` that changes the
// lock: `npm run lock:prune`. See docs/decisions/0009-lockfile-and-registry.md.
import { readFileSync, writeFileSync } from 'node:fs';

const file = 'package-lock.json';
const lock = JSON.parse(readFileSync(file, 'utf8'));
const packages = lock.packages;

/** Resolves `name` from `path` as Node does: the nearest node_modules up the tree. */
function resolves(path, name) {
  for (let base = path; ; ) {
    if (`${base ? `${base}/` : ''}node_modules/${name}` in packages) return true;
    if (!base) return false;
    const cut = base.lastIndexOf('/node_modules/');
    base = cut >= 0 ? base.slice(0, cut) : '';
  }
}

let dropped = 0;
for (const [path, meta] of Object.entries(packages)) {
  for (const name of Object.keys(meta.optionalDependencies ?? {})) {
    if (!resolves(path, name)) {
      delete meta.optionalDependencies[name];
      dropped++;
    }
  }
}
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
process.stdout.write(`lock file: dropped ${dropped} optional dependencies the registry does not have\n`);
