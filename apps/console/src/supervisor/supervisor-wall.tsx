import { CallDirection, type TopicTodayFigures } from '@fc/contracts';
import { useTranslation } from 'react-i18next';
import { ConnectionBanner } from '../layout/connection-banner';
import { AgentsGrid } from './agents-grid';
import { AlertsPanel } from './alerts-panel';
import { FollowUpsPanel } from './follow-ups-panel';
import { QueueTable } from './queue-table';
import { TodayCharts } from './today-charts';
import { useFloor } from './use-floor';

/** The supervisor's wall: queues, agents, alerts, today's figures by hour, follow-ups. */
export function SupervisorWall() {
  const { t } = useTranslation('supervisor');
  const { t: common } = useTranslation();
  const { status, floor, tick, alerts } = useFloor();
  const today = new Map<string, TopicTodayFigures>((tick?.topics ?? []).map((f) => [f.topicKey, f]));
  const snapshot = floor?.snapshot(new Date()) ?? null;
  // Where each callback call stands: when this changes, the follow-ups it carries out have moved.
  const callbacksOnFloor = (snapshot?.calls ?? [])
    .filter((call) => call.direction === CallDirection.Callback)
    .map((call) => `${call.id}:${call.state}`)
    .sort()
    .join(',');
  return (
    <div className="supervisor-wall">
      <ConnectionBanner status={status} />
      <h1>{t('title')}</h1>
      {!floor || !snapshot ? (
        <p>{common('loading')}</p>
      ) : (
        <>
          <QueueTable queues={floor.queues()} today={today} />
          <div className="grid wide-left">
            <AgentsGrid agents={snapshot.agents} />
            <AlertsPanel alerts={alerts} agentOf={(id) => floor.agent(id)} />
          </div>
          <div className="grid">
            <TodayCharts since={tick?.since ?? null} />
            <FollowUpsPanel callbacksOnFloor={callbacksOnFloor} />
          </div>
        </>
      )}
    </div>
  );
}
