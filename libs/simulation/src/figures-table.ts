import type { Mean, Ratio } from '@fc/domain';
import type { OfflineResult } from './offline-simulation.js';

/** One column of a comparison: a labelled run. */
export interface RunColumn {
  label: string;
  result: OfflineResult;
}

const percent = (r: Ratio) => (r.value === null ? '–' : `${(r.value * 100).toFixed(1)} %`);
const sec = (m: Mean) => (m.value === null ? '–' : `${m.value.toFixed(1)} s`);

/** The rows of a comparison: the figures planners weigh routing by, as DESIGN §7 defines them. */
const ROWS: { label: string; cell: (r: OfflineResult) => string }[] = [
  { label: 'calls offered', cell: (r) => String(r.total.figures.offered) },
  { label: 'answered', cell: (r) => String(r.total.figures.answered) },
  { label: 'FCR', cell: (r) => percent(r.total.figures.fcr) },
  { label: 'first-line resolution', cell: (r) => percent(r.total.figures.firstLineResolution) },
  { label: 'repeat-adjusted FCR (same day)', cell: (r) => percent(r.total.figures.repeatAdjustedFcr) },
  { label: 'transfers per answered call', cell: (r) => (r.total.transfersPerCall === null ? '–' : r.total.transfersPerCall.toFixed(3)) },
  { label: 'runaround (≥ 2 transfers)', cell: (r) => percent(r.total.figures.runaroundRate) },
  { label: 'service level', cell: (r) => percent(r.total.figures.serviceLevel) },
  { label: 'ASA', cell: (r) => sec(r.total.figures.asaSec) },
  { label: 'abandonment', cell: (r) => percent(r.total.figures.abandonmentRate) },
  { label: 'AHT', cell: (r) => sec(r.total.figures.ahtSec) },
  { label: 'occupancy', cell: (r) => percent(r.occupancy) },
  { label: 'callbacks taken', cell: (r) => String(r.callbacks) },
  { label: 'callbacks left for the next day', cell: (r) => String(r.strandedAtClose) },
  { label: 'repeat calls', cell: (r) => String(r.repeats) },
];

/** The runs side by side as a Markdown table. */
export function figuresTable(columns: readonly RunColumn[]): string {
  const lines = [`| figure | ${columns.map((c) => c.label).join(' | ')} |`, `|---|${columns.map(() => '---:|').join('')}`];
  for (const row of ROWS) lines.push(`| ${row.label} | ${columns.map((c) => row.cell(c.result)).join(' | ')} |`);
  return lines.join('\n');
}
