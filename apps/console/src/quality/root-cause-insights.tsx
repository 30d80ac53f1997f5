import { INSIGHT_INTERVALS, type InsightInterval, type RootCauseInsightReport } from '@fc/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { api, query, errorMessage } from '../api/api-client';
import { useLocale } from '../i18n/locale';
import { TopicSelect } from '../shared/topic-select';
import { useTopics } from '../shared/use-topics';
import { colourOf } from './chart-colours';
import { downloadCsv } from './download-csv';
import { newActionPath } from './improvement-action-form';
import { lastDays, PeriodFields, periodRange, type Period } from './period';
import { usePageHeading } from './use-page-heading';
import { useRootCauses } from './use-root-causes';

/** Root causes of done reviews by topic and by period, as charts and as tables with the same figures. */
export function RootCauseInsights() {
  const { t } = useTranslation('quality');
  const { t: common } = useTranslation();
  const { t: improvement } = useTranslation('improvement');
  const locale = useLocale();
  const { nameOf } = useTopics();
  const heading = usePageHeading('insights');
  const [period, setPeriod] = useState<Period>(() => lastDays(30));
  const [interval, setInsightInterval] = useState<InsightInterval>('week');
  const [topicKey, setTopicKey] = useState('');
  const [downloadProblem, setDownloadProblem] = useState<string | null>(null);
  const range = periodRange(period);
  const path = range ? `/api/insights/root-causes${query({ ...range, interval, topicKey })}` : null;
  const report = useQuery({ queryKey: ['insights', path], queryFn: () => api<RootCauseInsightReport>(path!), enabled: path !== null, placeholderData: keepPreviousData });
  const data = report.data;
  const { nameOf: causeName } = useRootCauses(data?.rootCauses ?? []);

  const periodLabel = (iso: string) =>
    new Date(iso).toLocaleDateString(
      locale,
      interval === 'month' ? { month: 'long', year: 'numeric', timeZone: data?.timeZone } : { day: 'numeric', month: 'short', year: 'numeric', timeZone: data?.timeZone },
    );
  // The causes that occur, in the taxonomy's order.
  const causes = data ? [...new Set(data.rows.map((r) => r.rootCause))].sort((a, b) => order(data, a) - order(data, b)) : [];
  const byTopic = (data?.topics ?? []).map((topic) => ({
    key: topic.topicKey,
    label: nameOf(topic.topicKey),
    reviewsDone: topic.reviewsDone,
    ...Object.fromEntries(causes.map((cause) => [cause, data!.rows.filter((r) => r.topicKey === topic.topicKey && r.rootCause === cause).reduce((sum, r) => sum + r.count, 0)])),
  }));
  const periods = [...new Set((data?.rows ?? []).map((r) => r.periodStart))].sort();
  const byPeriod = periods.map((start) => ({
    key: start,
    label: periodLabel(start),
    ...Object.fromEntries(causes.map((cause) => [cause, data!.rows.filter((r) => r.periodStart === start && r.rootCause === cause).reduce((sum, r) => sum + r.count, 0)])),
  }));

  const download = async () => {
    if (!path) return;
    setDownloadProblem(null);
    try {
      await downloadCsv(path, `root-causes-${interval}-${period.from}.csv`);
    } catch (error) {
      setDownloadProblem(common('error', { message: errorMessage(error) }));
    }
  };

  return (
    <div className="insights">
      <h1 ref={heading} tabIndex={-1}>
        {t('insights.heading')}
      </h1>
      <p className="muted">{t('insights.intro')}</p>
      <form className="panel filters" onSubmit={(e) => e.preventDefault()} aria-label={t('queue.filters')}>
        <PeriodFields value={period} onChange={setPeriod} />
        <div className="row">
          <div>
            <label htmlFor="insight-interval">{t('insights.interval')}</label>
            <select id="insight-interval" value={interval} onChange={(e) => setInsightInterval(e.target.value as InsightInterval)}>
              {INSIGHT_INTERVALS.map((value) => (
                <option key={value} value={value}>
                  {t(`insights.intervals.${value}`)}
                </option>
              ))}
            </select>
          </div>
          <div>
            <TopicSelect id="insight-topic" label={t('insights.topic')} anyLabel={t('insights.anyTopic')} value={topicKey} onChange={setTopicKey} />
          </div>
          <button type="button" className="align-end" onClick={() => void download()} disabled={!path}>
            {t('insights.download')}
          </button>
        </div>
        <p role="alert" className="form-error">
          {downloadProblem ?? (report.error ? common('error', { message: errorMessage(report.error) }) : '')}
        </p>
      </form>
      {report.isLoading ? (
        <p>{common('loading')}</p>
      ) : !data || data.rows.length === 0 ? (
        <p className="panel muted" data-testid="no-insights">
          {t('insights.none')}
        </p>
      ) : (
        <>
          <section className="panel" aria-labelledby="by-topic-heading">
            <h2 id="by-topic-heading">{t('insights.byTopic')}</h2>
            <figure aria-label={t('insights.chartByTopic')} className="chart">
              <ResponsiveContainer width="100%" height={Math.max(200, 60 + byTopic.length * 44)}>
                <BarChart data={byTopic} layout="vertical" margin={{ top: 8, right: 24, bottom: 4, left: 8 }}>
                  <CartesianGrid strokeDasharray="3 3" stroke="#c3cad3" />
                  <XAxis type="number" allowDecimals={false} stroke="#4a5360" />
                  <YAxis type="category" dataKey="label" width={170} stroke="#4a5360" />
                  <Tooltip />
                  <Legend />
                  {causes.map((cause, index) => (
                    <Bar key={cause} dataKey={cause} name={causeName(cause)} stackId="causes" fill={colourOf(index)} isAnimationActive={false} />
                  ))}
                </BarChart>
              </ResponsiveContainer>
            </figure>
            <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="by-topic-heading">
              <table data-testid="insights-by-topic">
                <thead>
                  <tr>
                    <th scope="col">{t('insights.topic')}</th>
                    {causes.map((cause) => (
                      <th key={cause} scope="col" className="number" data-cause={cause}>
                        {causeName(cause)}
                      </th>
                    ))}
                    <th scope="col" className="number">
                      {t('insights.reviewsDone')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {byTopic.map((row) => (
                    <tr key={row.key} data-topic={row.key}>
                      <th scope="row">{row.label}</th>
                      {causes.map((cause) => (
                        <td key={cause} className="number" data-cause={cause}>
                          {(row as Record<string, unknown>)[cause] as number}
                        </td>
                      ))}
                      <td className="number" data-testid="reviews-done">
                        {row.reviewsDone}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
          <section className="panel" aria-labelledby="by-period-heading">
            <h2 id="by-period-heading">{t('insights.byPeriod')}</h2>
            <figure aria-label={t('insights.chartByPeriod')} className="chart">
              <ResponsiveContainer width="100%" height={260}>
                <BarChart data={byPeriod} margin={{ top: 8, right: 24, bottom: 4, left: 0 }}>
                  <CartesianGrid strokeDasharray="3 3" stroke="#c3cad3" />
                  <XAxis dataKey="label" stroke="#4a5360" />
                  <YAxis allowDecimals={false} stroke="#4a5360" />
                  <Tooltip />
                  <Legend />
                  {causes.map((cause, index) => (
                    <Bar key={cause} dataKey={cause} name={causeName(cause)} stackId="causes" fill={colourOf(index)} isAnimationActive={false} />
                  ))}
                </BarChart>
              </ResponsiveContainer>
            </figure>
            <details>
              <summary>{t('insights.rows')}</summary>
              <div className="table-scroll">
                <table data-testid="insight-rows">
                  <thead>
                    <tr>
                      <th scope="col">{t('insights.period')}</th>
                      <th scope="col">{t('insights.topic')}</th>
                      <th scope="col">{t('insights.rootCause')}</th>
                      <th scope="col" className="number">
                        {t('insights.count')}
                      </th>
                      <th scope="col" className="number">
                        {t('insights.ofDone')}
                      </th>
                      <th scope="col">
                        <span className="visually-hidden">{improvement('openAction')}</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.rows.map((row) => (
                      <tr key={`${row.periodStart}|${row.topicKey}|${row.rootCause}`}>
                        <th scope="row">{periodLabel(row.periodStart)}</th>
                        <td>{nameOf(row.topicKey)}</td>
                        <td>{causeName(row.rootCause)}</td>
                        <td className="number">{row.count}</td>
                        <td className="number">{row.reviewsDone}</td>
                        <td>
                          <Link
                            to={newActionPath({ origin: 'insight', topicKeys: [row.topicKey], rootCauseKeys: [row.rootCause], from: data.from, to: data.to, interval: data.interval })}
                            aria-label={improvement('openActionFor', { topic: nameOf(row.topicKey), cause: causeName(row.rootCause) })}
                          >
                            {improvement('openAction')}
                          </Link>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </details>
          </section>
        </>
      )}
    </div>
  );
}

function order(report: RootCauseInsightReport, key: string): number {
  const index = report.rootCauses.findIndex((cause) => cause.key === key);
  return index === -1 ? Number.MAX_SAFE_INTEGER : index;
}
