#!/usr/bin/env node
// What a fresh clone needs before `npm start` or `npm test` can run, so that each is one command:
// the dependencies (npm ci, when node_modules is missing) and, for the browser tests, Debian's
// Chromium, and for the SIP tests Kamailio, rtpengine and SIPp (installed with apt-get when run as
// root; otherwise one line saying how, and a stop).
// `npm test` runs this file as its `pretest`; `npm start` imports ensureDependencies.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** Where the browser tests find Chromium (test/support/browser.ts). */
export const CHROMIUM = '/usr/bin/chromium';

const run = (title, command, args, options = {}) => {
  process.stdout.write(`\n▶ ${title}\n`);
  const { status } = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (status !== 0) {
    process.stderr.write(`\n✖ ${title} failed.\n`);
    process.exit(status ?? 1);
  }
};

export function ensureDependencies() {
  if (!existsSync('node_modules')) run('installing dependencies (npm ci)', 'npm', ['ci', '--no-audit', '--no-fund']);
}

export function ensureChromium() {
  if (existsSync(CHROMIUM)) return;
  if (process.getuid?.() !== 0) {
    process.stderr.write(`✖ The browser tests need Debian's Chromium at ${CHROMIUM}: run  sudo apt-get install -y chromium  and then npm test again.\n`);
    process.exit(1);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('updating the package lists (apt-get update)', 'apt-get', ['update', '-qq'], { env });
  run('installing Chromium for the browser tests (apt-get install chromium)', 'apt-get', ['install', '-y', '-qq', 'chromium'], { env });
}

/** What the voice edge's tests run (scripts/voice-install.sh installs them). */
const VOICE_PROGRAMS = ['/usr/sbin/kamailio', '/usr/bin/rtpengine', '/usr/bin/sipp'];

export function ensureVoicePackages() {
  if (VOICE_PROGRAMS.every((path) => existsSync(path))) return;
  if (process.getuid?.() !== 0) {
    process.stderr.write(`✖ The SIP tests need Debian's kamailio, rtpengine and SIPp: run  sudo npm run voice:install  and then npm test again.\n`);
    process.exit(1);
  }
  run('installing the voice edge packages for the SIP tests (scripts/voice-install.sh)', 'bash', ['scripts/voice-install.sh']);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  ensureDependencies();
  ensureChromium();
  ensureVoicePackages();
}
