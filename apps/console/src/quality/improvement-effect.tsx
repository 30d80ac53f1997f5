import type { EffectFigure, ImprovementActionEffectView, ImprovementActionsByEffect } from '@fc/contracts';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, errorMessage } from '../api/api-client';
import { useLocale } from '../i18n/locale';
import { useTopics } from '../shared/use-topics';
import { dateTime, percent, whole } from './figures-format';
import { useActionsBase } from './improvement-actions';
import { usePageHeading } from './use-page-heading';

type FigureKey = keyof ImprovementActionEffectView['report']['figures'];
const FIGURES: readonly FigureKey[] = ['fcr', 'repeatAdjustedFcr', 'transferRate', 'rootCauseShare', 'csat'];

const verdictBadge = (verdict: EffectFigure['verdict']) => (verdict === 'improved' ? 'badge ok' : verdict === 'worsened' ? 'badge danger' : 'badge');

/** A difference of two shares in percentage points, signed, one decimal. */
function points(value: number, locale: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 1, signDisplay: 'exceptZero' }).format(value * 100);
}

/** One figure's share and what it was counted from. */
function Share({ figure, locale }: { figure: EffectFigure['before']; locale: string }) {
  const { t } = useTranslation('improvement');
  return (
    <>
      {percent(figure.value, locale)}
      <br />
      <span className="muted small">{t('effect.counts', { numerator: whole(figure.numerator, locale), denominator: whole(figure.denominator, locale) })}</span>
    </>
  );
}

/**
 * "Did it work?" for a done action: its topics' figures before and after it took effect, each
 * difference with its 95 % interval and what that says (decisions 0038 and 0039). The api keeps the
 * measurement and takes it again only while the figures can move, so opening this costs no report.
 */
export function ActionEffect({ actionId }: { actionId: string }) {
  const { t } = useTranslation('improvement');
  const { t: common } = useTranslation();
  const locale = useLocale();
  const effect = useQuery({ queryKey: ['improvement-action-effect', actionId], queryFn: () => api<ImprovementActionEffectView>(`/api/improvement-actions/${actionId}/effect`) });
  return (
    <section className="panel" aria-labelledby="action-effect" data-testid="action-effect">
      <h2 id="action-effect">{t('effect.heading')}</h2>
      {effect.isLoading && <p>{t('effect.loading')}</p>}
      {effect.error && (
        <p role="alert" className="form-error">
          {common('error', { message: errorMessage(effect.error) })}
        </p>
      )}
      {effect.data && <EffectTable view={effect.data} locale={locale} />}
    </section>
  );
}

function EffectTable({ view, locale }: { view: ImprovementActionEffectView; locale: string }) {
  const { t } = useTranslation('improvement');
  const { report } = view;
  const span = (window: { from: string; to: string }) => `${dateTime(window.from, locale)}–${dateTime(window.to, locale)}`;
  return (
    <>
      <p className="muted">{t('effect.intro', { at: dateTime(report.effectiveAt, locale), before: span(report.before), after: span(report.after) })}</p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('effect.figure')}</th>
              <th scope="col">{t('effect.before')}</th>
              <th scope="col">{t('effect.after')}</th>
              <th scope="col">{t('effect.difference')}</th>
              <th scope="col">{t('effect.interval')}</th>
              <th scope="col">{t('effect.verdict')}</th>
            </tr>
          </thead>
          <tbody>
            {FIGURES.map((key) => {
              const figure = report.figures[key];
              if (!figure) return null;
              return (
                <tr key={key} data-figure={key}>
                  <th scope="row">{t(`effect.figures.${key}`)}</th>
                  <td className="number">
                    <Share figure={figure.before} locale={locale} />
                  </td>
                  <td className="number">
                    <Share figure={figure.after} locale={locale} />
                  </td>
                  <td className="number">{figure.difference === null ? '–' : t('effect.points', { value: points(figure.difference, locale) })}</td>
                  <td className="number">{figure.ci95 ? `${points(figure.ci95.low, locale)} – ${points(figure.ci95.high, locale)}` : '–'}</td>
                  <td>
                    <span className={verdictBadge(figure.verdict)} data-verdict={figure.verdict}>
                      {t(`effect.verdicts.${figure.verdict}`)}
                    </span>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p className="muted small">
        {t('effect.method', { method: report.method })} {t('effect.measuredAt', { at: dateTime(view.measuredAt, locale) })}
      </p>
    </>
  );
}

/** Done actions by the kept effect on their FCR: better first, then no change, worse, too few calls, not measured. */
export function ImprovementActionsByEffectList() {
  const { t } = useTranslation('improvement');
  const { t: common } = useTranslation();
  const locale = useLocale();
  const { nameOf } = useTopics();
  const heading = usePageHeading('improvement-actions-by-effect');
  const base = useActionsBase();
  const list = useQuery({ queryKey: ['improvement-actions', 'by-effect'], queryFn: () => api<ImprovementActionsByEffect>('/api/improvement-actions/by-effect?limit=200') });
  return (
    <div className="improvement-actions-by-effect">
      <Link to={base}>
        <span aria-hidden="true">← </span>
        {t('action.back')}
      </Link>
      <h1 ref={heading} tabIndex={-1}>
        {t('effect.byEffectHeading')}
      </h1>
      <p className="muted">{t('effect.byEffectIntro')}</p>
      {list.error && (
        <p role="alert" className="form-error">
          {common('error', { message: errorMessage(list.error) })}
        </p>
      )}
      {list.data && list.data.items.length === 0 && <p>{t('effect.none')}</p>}
      {list.data && list.data.items.length > 0 && (
        <div className="table-wrap panel">
          <table data-testid="actions-by-effect">
            <thead>
              <tr>
                <th scope="col">{t('list.title')}</th>
                <th scope="col">{t('action.topics')}</th>
                <th scope="col">{t('action.effectiveAt')}</th>
                <th scope="col">{t('effect.figures.fcr')}</th>
                <th scope="col">{t('effect.difference')}</th>
                <th scope="col">{t('effect.verdict')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((item) => (
                <tr key={item.id} data-action-id={item.id}>
                  <td>
                    <Link to={`${base}/${item.id}`}>{item.title}</Link>
                  </td>
                  <td>{item.topicKeys.map(nameOf).join(', ') || '–'}</td>
                  <td>{dateTime(item.effectiveAt, locale)}</td>
                  <td className="number">{item.fcr ? `${percent(item.fcr.before.value, locale)} → ${percent(item.fcr.after.value, locale)}` : '–'}</td>
                  <td className="number">{item.fcr?.difference == null ? '–' : t('effect.points', { value: points(item.fcr.difference, locale) })}</td>
                  <td>
                    {item.fcr ? (
                      <span className={verdictBadge(item.fcr.verdict)} data-verdict={item.fcr.verdict}>
                        {t(`effect.verdicts.${item.fcr.verdict}`)}
                      </span>
                    ) : (
                      <span className="muted">{t('effect.notMeasured')}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
