#!/usr/bin/env node
// `npm start`: the product on this machine in one command. Builds, creates the database if it is
// missing, migrates, seeds the demo data, starts the api and the worker, and prints where to go.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const step = (title, command, args) => {
  process.stdout.write(`\n▶ ${title}\n`);
  const { status } = spawnSync(command, args, { stdio: 'inherit' });
  if (status !== 0) {
    process.stderr.write(`\n✖ ${title} failed. Is PostgreSQL answering on DATABASE_URL and Redis on REDIS_URL? See README.md, "Your own PostgreSQL and Redis".\n`);
    process.exit(status ?? 1);
  }
};

if (!existsSync('node_modules')) step('installing dependencies (npm ci)', 'npm', ['ci']);
step('building (tsc -b)', 'npm', ['run', 'build', '--silent']);
// Config is validated only after the build, by the same code the services use.
const { AppConfig } = await import('@fc/config');
const config = AppConfig.fromProcessOrExit();
step('creating the database if missing, and migrating', process.execPath, ['apps/db/dist/migrate.js']);
step('seeding the demo data', process.execPath, ['apps/db/dist/seed.js']);

const children = [];
const prefixed = (name, stream, out) => {
  let rest = '';
  stream.on('data', (chunk) => {
    const lines = (rest + chunk.toString()).split('\n');
    rest = lines.pop();
    for (const line of lines) out.write(`[${name}] ${line}\n`);
  });
};
const start = (name, entry) => {
  const child = spawn(process.execPath, [entry], { stdio: ['ignore', 'pipe', 'pipe'] });
  prefixed(name, child.stdout, process.stdout);
  prefixed(name, child.stderr, process.stderr);
  child.on('exit', (code, signal) => {
    if (stopping) return;
    process.stderr.write(`\n✖ ${name} stopped (${signal ?? `exit ${code}`}); stopping the rest.\n`);
    stop(code || 1);
  });
  children.push(child);
};
let stopping = false;
const stop = (code = 0) => {
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 3000).unref();
  Promise.all(children.map((c) => new Promise((resolve) => (c.exitCode !== null ? resolve() : c.once('exit', resolve))))).then(() => process.exit(code));
};
process.on('SIGINT', () => stop());
process.on('SIGTERM', () => stop());

start('api', 'apps/api/dist/main.js');
start('worker', 'apps/worker/dist/main.js');

const base = `http://localhost:${config.port}`;
for (let i = 0; i < 100; i++) {
  const ready = await fetch(`${base}/health/ready`).then((r) => r.ok, () => false);
  if (ready) break;
  await new Promise((resolve) => setTimeout(resolve, 300));
}
process.stdout.write(`
────────────────────────────────────────────────────────────────────────
 First Contact is running
   API            ${base}/api
   API docs       ${base}/api/docs
   Health         ${base}/health/ready
   Console        arrives with the web console; until then use the API docs

 Logins (password: ${config.env === 'production' ? '(DEMO_PASSWORD)' : config.demoPassword})
   agents         agent01 … agent40
   supervisor     super01
   quality lead   quality01
   administrator  admin

 Telephony platform: header x-api-key: ${config.env === 'production' ? '(TELEPHONY_API_KEY)' : config.telephonyApiKey}
   curl -X POST ${base}/api/telephony/calls -H 'content-type: application/json' \\
        -H 'x-api-key: ${config.env === 'production' ? '…' : config.telephonyApiKey}' \\
        -d '{"externalId":"demo-1","callerNumber":"+4791234567","topicKey":"passport","language":"nb"}'

 Simulated traffic arrives with the simulator. Ctrl-C stops everything.
────────────────────────────────────────────────────────────────────────
`);
