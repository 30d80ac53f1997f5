import { METRICS_INTERVALS, MetricsGroupBy, type MetricsInterval, type MetricsReport, type MetricsRow } from '@fc/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, query, errorMessage } from '../api/api-client';
import { useLocale } from '../i18n/locale';
import { useTopics } from '../shared/use-topics';
import { downloadCsv } from './download-csv';
import { meanClock, ratio, whole } from './figures-format';
import { lastDays, PeriodFields, periodRange, type Period } from './period';
import { usePageHeading } from './use-page-heading';

const GROUP_BYS = Object.values(MetricsGroupBy);
/** As the api's limit on 15-minute rows. */
const MAX_15M_DAYS = 31;

type Split = MetricsInterval | 'none';

/** The figures of DESIGN §7 for a period, grouped by topic, agent, team or interval, as a table and as CSV. */
export function MetricsHistory() {
  const { t } = useTranslation('quality');
  const { t: common } = useTranslation();
  const locale = useLocale();
  const { nameOf } = useTopics();
  const heading = usePageHeading('metrics');
  const [period, setPeriod] = useState<Period>(() => lastDays(7));
  const [groupBy, setGroupBy] = useState<MetricsGroupBy>(MetricsGroupBy.Topic);
  const [split, setSplit] = useState<Split>('none');
  const [download, setDownload] = useState<{ busy: boolean; message: string | null; failed: boolean }>({ busy: false, message: null, failed: false });

  const range = periodRange(period);
  const days = range ? (Date.parse(range.to) - Date.parse(range.from)) / 86_400_000 : 0;
  const problem = groupBy === MetricsGroupBy.Interval && split === 'none' ? t('metrics.needsInterval') : split === '15m' && days > MAX_15M_DAYS ? t('metrics.tooLong15m') : null;
  const path = range && !problem ? `/api/metrics${query({ ...range, groupBy, interval: split === 'none' ? undefined : split })}` : null;
  const report = useQuery({ queryKey: ['metrics', 'history', path], queryFn: () => api<MetricsReport>(path!), enabled: path !== null, placeholderData: keepPreviousData });
  const rows = report.data?.rows ?? [];
  const splitRows = split !== 'none' && groupBy !== MetricsGroupBy.Interval;

  const when = (iso: string) =>
    new Date(iso).toLocaleString(locale, split === '1d' ? { dateStyle: 'short', timeZone: report.data?.timeZone } : { dateStyle: 'short', timeStyle: 'short', timeZone: report.data?.timeZone });
  const groupOf = (row: MetricsRow): string => {
    switch (groupBy) {
      case MetricsGroupBy.Topic:
        return row.key.topicKey ? nameOf(row.key.topicKey) : '–';
      case MetricsGroupBy.Agent:
        return row.key.agentUsername ?? row.key.agentId ?? '–';
      case MetricsGroupBy.Team:
        return row.key.team ?? t('metrics.noTeam');
      case MetricsGroupBy.Interval:
        return row.key.intervalStart ? when(row.key.intervalStart) : '–';
    }
  };

  const save = async () => {
    if (!path) return;
    const file = `metrics-${groupBy}${split === 'none' ? '' : `-${split}`}-${period.from}-${period.to}.csv`;
    setDownload({ busy: true, message: t('metrics.downloading'), failed: false });
    try {
      await downloadCsv(path, file);
      setDownload({ busy: false, message: t('metrics.downloaded', { file }), failed: false });
    } catch (error) {
      setDownload({ busy: false, message: common('error', { message: errorMessage(error) }), failed: true });
    }
  };

  const c = (key: keyof typeof COLUMNS) => t(`metrics.columns.${key}`);
  // Whole-centre rows count each call once, from its first queue: nothing is transferred in.
  const columns = (Object.keys(COLUMNS) as (keyof typeof COLUMNS)[]).filter((key) => key !== 'transferredIn' || groupBy !== MetricsGroupBy.Interval);
  const provisional = (count: number) => t('metrics.provisional', { count });
  return (
    <div className="metrics-history">
      <h1 ref={heading} tabIndex={-1}>
        {t('metrics.heading')}
      </h1>
      <p className="muted">{t('metrics.intro')}</p>
      <form className="panel filters" onSubmit={(e) => e.preventDefault()} aria-label={t('queue.filters')}>
        <PeriodFields value={period} onChange={setPeriod} />
        <div className="row">
          <div>
            <label htmlFor="metrics-group-by">{t('metrics.groupBy')}</label>
            <select id="metrics-group-by" value={groupBy} onChange={(e) => setGroupBy(e.target.value as MetricsGroupBy)}>
              {GROUP_BYS.map((value) => (
                <option key={value} value={value}>
                  {t(`metrics.groupBys.${value}`)}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="metrics-interval">{t('metrics.interval')}</label>
            <select id="metrics-interval" value={split} onChange={(e) => setSplit(e.target.value as Split)} aria-invalid={!!problem || undefined} aria-describedby="metrics-problem">
              {(['none', ...METRICS_INTERVALS] as const).map((value) => (
                <option key={value} value={value}>
                  {t(`metrics.intervals.${value}`)}
                </option>
              ))}
            </select>
          </div>
          <button type="button" className="align-end" onClick={() => void save()} disabled={!path || download.busy}>
            {t('metrics.download')}
          </button>
        </div>
        <p id="metrics-problem" role="alert" className="form-error">
          {problem ?? (report.error ? common('error', { message: errorMessage(report.error) }) : download.failed ? download.message : '')}
        </p>
        <p role="status" className="muted" data-testid="download-status">
          {!download.failed ? download.message : ''}
        </p>
      </form>
      <section className="panel" aria-labelledby="figures-heading">
        <h2 id="figures-heading">{t(`metrics.groupBys.${groupBy}`)}</h2>
        {report.isLoading ? (
          <p>{common('loading')}</p>
        ) : rows.length === 0 ? (
          <p className="muted" data-testid="no-metrics">
            {t('metrics.none')}
          </p>
        ) : (
          // Wider than most screens: the scrolling region takes the focus, so the keyboard can scroll it.
          <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="figures-heading">
            <table className="figures" data-testid="metrics-table" aria-busy={report.isFetching || undefined}>
              <caption className="visually-hidden">{t('metrics.caption', { from: period.from, to: period.to, groupBy: t(`metrics.groupBys.${groupBy}`) })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t(`metrics.groupBys.${groupBy}`)}</th>
                  {splitRows && <th scope="col">{t('metrics.intervalStart')}</th>}
                  {columns.map((key) => (
                    <th key={key} scope="col" className="number">
                      {c(key)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((row, index) => (
                  <tr key={index} data-topic={row.key.topicKey} data-agent={row.key.agentUsername}>
                    <th scope="row">{groupOf(row)}</th>
                    {splitRows && <td>{row.key.intervalStart ? when(row.key.intervalStart) : '–'}</td>}
                    {columns.map((key) => (
                      <td key={key} className="number" data-figure={key}>
                        {COLUMNS[key](row, locale, provisional)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}

type Cell = (row: MetricsRow, locale: string, provisional: (count: number) => string) => string;

/** The columns in DESIGN §7's order, each read from a row's figures. */
const COLUMNS = {
  offered: (row, locale) => whole(row.figures.offered, locale),
  transferredIn: (row, locale) => whole(row.figures.transferredIn, locale),
  answered: (row, locale) => whole(row.figures.answered, locale),
  abandoned: (row, locale) => whole(row.figures.abandoned, locale),
  shortAbandons: (row, locale) => whole(row.figures.shortAbandons, locale),
  serviceLevel: (row, locale) => ratio(row.figures.serviceLevel, locale),
  asa: (row) => meanClock(row.figures.asaSec),
  abandonmentRate: (row, locale) => ratio(row.figures.abandonmentRate, locale),
  aht: (row) => meanClock(row.figures.ahtSec),
  transferRate: (row, locale) => ratio(row.figures.transferRate, locale),
  runaroundRate: (row, locale) => ratio(row.figures.runaroundRate, locale),
  fcr: (row, locale) => ratio(row.figures.fcr, locale),
  firstLineResolution: (row, locale) => ratio(row.figures.firstLineResolution, locale),
  repeatAdjustedFcr: (row, locale, provisional) =>
    `${ratio(row.figures.repeatAdjustedFcr, locale)}${row.figures.repeatAdjustedFcr.provisional > 0 ? ` (${provisional(row.figures.repeatAdjustedFcr.provisional)})` : ''}`,
  notRecorded: (row, locale) => whole(row.figures.notRecorded, locale),
  followUpOnTime: (row, locale) => ratio(row.figures.followUpOnTime, locale),
  csat: (row, locale) => ratio(row.figures.csat, locale),
  responseRate: (row, locale) => ratio(row.figures.feedbackResponseRate, locale),
  occupancy: (row, locale) => ratio(row.figures.occupancy, locale),
} satisfies Record<string, Cell>;
