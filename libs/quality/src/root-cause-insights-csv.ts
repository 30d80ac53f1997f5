import type { RootCauseInsightReport } from '@fc/contracts';
import { csvText } from '@fc/http';
import { stringify } from 'csv-stringify/sync';

/** The insight report as CSV, one line per period, topic and root cause, with the done reviews it is out of. */
export function rootCauseInsightsCsv(report: RootCauseInsightReport): string {
  return stringify(
    report.rows.map((row) => [row.periodStart, row.topicKey, row.rootCause, row.count, row.reviewsDone]),
    { header: true, columns: ['periodStart', 'topicKey', 'rootCause', 'count', 'reviewsDone'], cast: { string: csvText } },
  );
}
