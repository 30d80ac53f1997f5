import { useTranslation } from 'react-i18next';
import { NavLink, Navigate, Route, Routes } from 'react-router';
import { CalibrationList, CalibrationPage } from '../evaluations/calibration-page';
import { MetricsHistory } from './metrics-history';
import { ReviewPage } from './review-page';
import { ReviewQueue } from './review-queue';
import { RootCauseInsights } from './root-cause-insights';

/** The quality lead's day: the review queue, one review, root-cause insights and metrics history. */
export function QualityView() {
  const { t } = useTranslation('quality');
  const { t: evaluations } = useTranslation('evaluations');
  return (
    <div className="quality-view">
      <nav aria-label={t('nav.label')} className="subnav">
        <ul>
          <li>
            <NavLink to="/quality" end>
              {t('nav.queue')}
            </NavLink>
          </li>
          <li>
            <NavLink to="/quality/insights">{t('nav.insights')}</NavLink>
          </li>
          <li>
            <NavLink to="/quality/metrics">{t('nav.metrics')}</NavLink>
          </li>
          <li>
            <NavLink to="/quality/calibrations">{evaluations('calibration.nav')}</NavLink>
          </li>
        </ul>
      </nav>
      <Routes>
        <Route index element={<ReviewQueue />} />
        <Route path="reviews/:id" element={<ReviewPage />} />
        <Route path="insights" element={<RootCauseInsights />} />
        <Route path="metrics" element={<MetricsHistory />} />
        <Route path="calibrations" element={<CalibrationList />} />
        <Route path="calibrations/:id" element={<CalibrationPage />} />
        <Route path="*" element={<Navigate to="/quality" replace />} />
      </Routes>
    </div>
  );
}
