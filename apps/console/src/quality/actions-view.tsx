import { Navigate, Route, Routes } from 'react-router';
import { ImprovementActionPage } from './improvement-action-page';
import { ImprovementActions } from './improvement-actions';
import { ImprovementActionsByEffectList } from './improvement-effect';

/**
 * Improvement actions for supervisors (and admins), who follow them up but do not open the quality
 * view: the list and one action, as quality leads see them there (decision 0038).
 */
export function ActionsView() {
  return (
    <Routes>
      <Route index element={<ImprovementActions />} />
      <Route path="by-effect" element={<ImprovementActionsByEffectList />} />
      <Route path=":id" element={<ImprovementActionPage />} />
      <Route path="*" element={<Navigate to="/actions" replace />} />
    </Routes>
  );
}
