#!/usr/bin/env node
// npm test's jest runs, after the build, type check and lint. The tests that compare the floor's
// latency under load with its quiet latency (jest project "alone") run first, by themselves: on two
// cores another test file beside them would be part of what they measure (decision 0029). Then the
// rest, two files at a time. Arguments go to both runs (a path selects within each; a run that
// selects nothing passes); with --json --outputFile=F, F holds both runs' results together.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const args = process.argv.slice(2);
const outputArg = args.find((arg) => arg.startsWith('--outputFile='));
const output = outputArg?.slice('--outputFile='.length);
const aloneOutput = 'test-output/jest-alone.json';

const jest = (project, extra) =>
  spawnSync(process.execPath, ['--experimental-vm-modules', 'node_modules/jest/bin/jest.js', '--selectProjects', ...project, '--passWithNoTests', ...extra], { stdio: 'inherit' }).status ?? 1;

const rest = args.filter((arg) => arg !== outputArg && arg !== '--json');
const alone = jest(['alone'], [...rest, '--json', `--outputFile=${aloneOutput}`]);
const main = jest(['unit', 'e2e'], args);

if (output && existsSync(output) && existsSync(aloneOutput)) {
  const [a, b] = [JSON.parse(readFileSync(aloneOutput, 'utf8')), JSON.parse(readFileSync(output, 'utf8'))];
  for (const key of ['numPassedTests', 'numFailedTests', 'numPendingTests', 'numTotalTests', 'numPassedTestSuites', 'numFailedTestSuites', 'numRuntimeErrorTestSuites', 'numTotalTestSuites']) {
    b[key] = (a[key] ?? 0) + (b[key] ?? 0);
  }
  b.success = a.success && b.success;
  b.testResults = [...a.testResults, ...b.testResults];
  writeFileSync(output, JSON.stringify(b));
}
process.exit(alone !== 0 ? alone : main);
