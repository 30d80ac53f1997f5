import type { MetricsReport } from '@fc/contracts';
import type { Response } from 'express';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { setImmediate as breather } from 'node:timers/promises';
import { SLICE_MS } from './in-slices.js';

/**
 * Sends a report as JSON a slice of rows at a time, the same text `res.json` would send: a year
 * by agent and day is megabytes whose one `JSON.stringify` would hold the process for tens of
 * milliseconds, every offer and socket message of the floor waiting behind it.
 */
export async function sendMetricsJson(response: Response, report: MetricsReport): Promise<void> {
  const { rows, ...head } = report;
  response.status(200).type('application/json; charset=utf-8');
  response.write(`${JSON.stringify(head).slice(0, -1)},"rows":[`);
  let breathed = performance.now();
  let pending = '';
  for (let i = 0; i < rows.length; i++) {
    pending += (i === 0 ? '' : ',') + JSON.stringify(rows[i]);
    if (performance.now() - breathed < SLICE_MS && i < rows.length - 1) continue;
    const flushed = response.write(pending);
    pending = '';
    if (!flushed) await once(response, 'drain');
    else await breather();
    breathed = performance.now();
  }
  response.end(`${pending}]}`);
}
