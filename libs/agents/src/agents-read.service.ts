import { AgentNotFoundError } from '@fc/journey';
import { CallState, type AgentMeView, type AgentOfferView } from '@fc/contracts';
import { AGENT_HOLDING_CALL_STATES } from '@fc/domain';
import { agentSkillsJson, stateList } from '@fc/persistence';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** The statement's row: the view's fields as they are, but the timestamps the statement cannot write as ISO instants. */
type MeRow = Omit<AgentMeView, 'stateSince' | 'offer'> & {
  stateSince: Date;
  offer: (Omit<AgentOfferView, 'waitedSec'> & { queuedAt: string | null }) | null;
};

/** The calls an agent is on: the offer aside, at most one (the one-active-call index). */
const HOLDING_A_CALL = AGENT_HOLDING_CALL_STATES.filter((state) => state !== CallState.Offered);

/**
 * The agent's own view in one statement (one round trip, one snapshot): it answers every change of
 * state an agent makes, as well as `GET /api/agents/me`. The calls' timestamps come as JSON text,
 * so they are read back into dates to be written out as ISO instants like every other.
 */
const ME = `
  SELECT a.id, u.username, u.display_name AS "displayName", a.team, a.state, a.state_reason AS "stateReason", a.state_since AS "stateSince",
    ${agentSkillsJson('a.id')} AS skills,
    (SELECT json_build_object('callId', c.id, 'direction', c.direction, 'dialAttempts', c.dial_attempts, 'topicKey', t.key, 'language', c.language,
        'queuedAt', c.queued_at, 'expiresAt', c.offer_expires_at)
      FROM calls c JOIN topics t ON t.id = c.topic_id
      WHERE c.agent_id = a.id AND c.state IN ${stateList([CallState.Offered])} LIMIT 1) AS offer,
    (SELECT json_build_object('callId', c.id, 'state', c.state) FROM calls c
      WHERE c.agent_id = a.id AND c.state IN ${stateList(HOLDING_A_CALL)} LIMIT 1) AS "activeCall"
  FROM agents a JOIN users u ON u.id = a.user_id
  WHERE a.id = $1`;

@Injectable()
export class AgentsReadService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The agent's own view: state, skills, the offer waiting for them and the call they are on. */
  async me(agentId: string): Promise<AgentMeView> {
    const [row]: MeRow[] = await this.dataSource.query(ME, [agentId]);
    if (!row) throw new AgentNotFoundError();
    const { offer } = row;
    return {
      id: row.id,
      username: row.username,
      displayName: row.displayName,
      team: row.team,
      state: row.state,
      stateReason: row.stateReason,
      stateSince: row.stateSince.toISOString(),
      skills: row.skills,
      offer: offer && {
        callId: offer.callId,
        direction: offer.direction,
        dialAttempts: offer.dialAttempts,
        topicKey: offer.topicKey,
        language: offer.language,
        waitedSec: offer.queuedAt ? Math.max(0, Math.round((Date.now() - Date.parse(offer.queuedAt)) / 1000)) : 0,
        expiresAt: new Date(offer.expiresAt).toISOString(),
      },
      activeCall: row.activeCall,
    };
  }
}
