import type { MetricsReport } from '@fc/contracts';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { api, query } from '../api/api-client';
import { useLocale } from '../i18n/locale';

const pct = (value: number | null) => (value === null ? null : Math.round(value * 1000) / 10);

/** Today's service level, FCR and ASA hour by hour, as charts and, for those who would rather read, a table. */
export function TodayCharts({ since }: { since: string | null }) {
  const { t } = useTranslation('supervisor');
  const locale = useLocale();
  const from = since ?? new Date(new Date().setHours(0, 0, 0, 0)).toISOString();
  const report = useQuery({
    queryKey: ['metrics', 'today-by-hour', from],
    queryFn: () => api<MetricsReport>(`/api/metrics${query({ from, to: new Date(Date.now() + 1000).toISOString(), groupBy: 'interval', interval: '1h' })}`),
    refetchInterval: 60_000,
  });
  const rows = (report.data?.rows ?? []).map((row) => ({
    hour: new Date(row.key.intervalStart!).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' }),
    serviceLevel: pct(row.figures.serviceLevel.value),
    fcr: pct(row.figures.fcr.value),
    asa: row.figures.asaSec.value === null ? null : Math.round(row.figures.asaSec.value),
  }));
  return (
    <section className="panel" aria-labelledby="charts-heading">
      <h2 id="charts-heading">{t('charts.heading')}</h2>
      {rows.length === 0 ? (
        <p className="muted">{t('charts.noData')}</p>
      ) : (
        <>
          <div className="charts">
            <figure aria-label={`${t('charts.serviceLevel')}, ${t('charts.fcr')}`}>
              <ResponsiveContainer width="100%" height={220}>
                <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
                  <CartesianGrid strokeDasharray="3 3" stroke="#c3cad3" />
                  <XAxis dataKey="hour" stroke="#4a5360" />
                  <YAxis domain={[0, 100]} unit=" %" stroke="#4a5360" />
                  <Tooltip />
                  <Legend />
                  <Line type="monotone" dataKey="serviceLevel" name={t('charts.serviceLevel')} stroke="#0b4f8a" strokeWidth={2} isAnimationActive={false} connectNulls />
                  <Line type="monotone" dataKey="fcr" name={t('charts.fcr')} stroke="#a3470b" strokeWidth={2} strokeDasharray="6 3" isAnimationActive={false} connectNulls />
                </LineChart>
              </ResponsiveContainer>
            </figure>
            <figure aria-label={t('charts.asa')}>
              <ResponsiveContainer width="100%" height={220}>
                <BarChart data={rows} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
                  <CartesianGrid strokeDasharray="3 3" stroke="#c3cad3" />
                  <XAxis dataKey="hour" stroke="#4a5360" />
                  <YAxis unit=" s" stroke="#4a5360" />
                  <Tooltip />
                  <Legend />
                  <Bar dataKey="asa" name={t('charts.asa')} fill="#2f6f4e" isAnimationActive={false} />
                </BarChart>
              </ResponsiveContainer>
            </figure>
          </div>
          <details>
            <summary>{t('charts.table')}</summary>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('charts.hour')}</th>
                  <th scope="col" className="number">
                    {t('charts.serviceLevel')}
                  </th>
                  <th scope="col" className="number">
                    {t('charts.fcr')}
                  </th>
                  <th scope="col" className="number">
                    {t('charts.asa')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.hour}>
                    <th scope="row">{row.hour}</th>
                    <td className="number">{row.serviceLevel === null ? '–' : `${row.serviceLevel} %`}</td>
                    <td className="number">{row.fcr === null ? '–' : `${row.fcr} %`}</td>
                    <td className="number">{row.asa ?? '–'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </>
      )}
    </section>
  );
}
