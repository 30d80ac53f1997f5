import type { MetricsReport } from '@fc/contracts';
import { csvText } from '@fc/http';
import { stringify } from 'csv-stringify/sync';

/**
 * A report as CSV, one line per row: the row's keys, then every figure flattened — a share as
 * `name`, `name.numerator`, `name.denominator`; a mean as `name`, `name.sum`, `name.count`. Text
 * (a team's name) that a spreadsheet would take for a formula is written as text.
 */
export function metricsCsv(report: MetricsReport): string {
  const lines = report.rows.map((row) => {
    const line: Record<string, unknown> = { ...row.key };
    for (const [name, figure] of Object.entries(row.figures)) {
      if (figure === null || typeof figure !== 'object') line[name] = figure ?? '';
      else for (const [part, value] of Object.entries(figure)) line[part === 'value' ? name : `${name}.${part}`] = value ?? '';
    }
    return line;
  });
  const columns = [...new Set(lines.flatMap((line) => Object.keys(line)))];
  return stringify(lines, { header: true, columns, cast: { boolean: (value) => String(value), string: csvText } });
}
