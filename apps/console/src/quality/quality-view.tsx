import { useTranslation } from 'react-i18next';
import { NavLink, Navigate, Route, Routes } from 'react-router';
import { CalibrationList, CalibrationPage } from '../evaluations/calibration-page';
import { ImprovementActionForm } from './improvement-action-form';
import { ImprovementActionPage } from './improvement-action-page';
import { ImprovementActionsByEffectList } from './improvement-effect';
import { ImprovementActions } from './improvement-actions';
import { MetricsHistory } from './metrics-history';
import { ReviewPage } from './review-page';
import { ReviewQueue } from './review-queue';
import { RootCauseInsights } from './root-cause-insights';

/** The quality lead's day: the review queue, one review, root-cause insights, metrics history and improvement actions. */
export function QualityView() {
  const { t } = useTranslation('quality');
  const { t: evaluations } = useTranslation('evaluations');
  const { t: improvement } = useTranslation('improvement');
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
            <NavLink to="/quality/actions">{improvement('nav')}</NavLink>
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
        <Route path="actions" element={<ImprovementActions />} />
        <Route path="actions/new" element={<ImprovementActionForm />} />
        <Route path="actions/by-effect" element={<ImprovementActionsByEffectList />} />
        <Route path="actions/:id" element={<ImprovementActionPage />} />
        <Route path="*" element={<Navigate to="/quality" replace />} />
      </Routes>
    </div>
  );
}
