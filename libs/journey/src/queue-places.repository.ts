import { AppConfig } from '@fc/config';
import { CallState, PlatformEventType, languageSkillKey, type QueuePlace } from '@fc/contracts';
import { estimateWaitSec } from '@fc/domain';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** How far back a queue's handle times count for its estimated wait. */
const HANDLE_TIME_WINDOW_SEC = 3600;
/**
 * How long one reading of every queue's mean handle time serves: an hour's mean moves slowly, and
 * read at every arrival it cost most of the database's time per call under load (it scans the
 * hour's completed calls).
 */
const HANDLE_TIME_TTL_MS = 30_000;

/**
 * The staff a wait estimate counts for one topic and language, qualified as routing first asks.
 * Escalation's later relaxations are left out, so the estimate errs long.
 */
export interface TopicStaffing {
  /** The topic's skill, and the proficiency its calls ask for first. */
  skill: string;
  minProficiency: number;
  /** The caller's language, as a skill key. */
  languageSkill: string;
  /** Count only agents the platform can ring (`TELEPHONY_REQUIRE_ENDPOINTS`), as routing sees them. */
  endpointRequired: boolean;
}

/**
 * Counts the logged-in agents who could take a topic's calls: idle (available) or busy (reserved,
 * on a call or in wrap-up). The live floor of the api process (libs/realtime) is one: it holds
 * every agent's state and skills in memory, fed by the change feed.
 */
export interface StaffSource {
  staffOf(wanted: TopicStaffing): { idle: number; busy: number };
}

/**
 * Reads queued callers' places in line and the waits they can expect (DESIGN §11): the place in
 * routing's order (priority, then time queued), the topic's qualified agents logged in, idle or
 * taken by a call, and the topic's recent handle time, turned into a wait by `estimateWaitSec`.
 * The staff counts come from this process's live floor, not from the database (decision 0056):
 * read at every arrival they cost the database more than any other statement of a call.
 */
@Injectable()
export class QueuePlacesRepository {
  /** Each topic's mean handle time over the last hour (absent: none completed), and when it was read. */
  private handleTimes: { readAt: number; meanSecByTopic: Promise<Map<string, number>> } | null = null;
  private staff: StaffSource | null = null;

  constructor(private readonly config: AppConfig) {}

  /** Where the staff counts come from: the live floor registers itself as it is made. */
  countStaffWith(source: StaffSource): void {
    this.staff = source;
  }

  /** The place of one queued call; null when the call is not queued. */
  async placeOf(manager: EntityManager, callId: string): Promise<QueuePlace | null> {
    return (await this.placesOf(manager, [callId])).get(callId) ?? null;
  }

  /** The place of a call this transaction has just put in a queue (throws if it is not queued: a broken caller). */
  async placeOfQueued(manager: EntityManager, callId: string): Promise<QueuePlace> {
    const place = await this.placeOf(manager, callId);
    if (!place) throw new Error(`call ${callId} is not queued`);
    return place;
  }

  /** The places of these calls, for those that are queued. */
  placesOf(manager: EntityManager, callIds: readonly string[]): Promise<Map<string, QueuePlace>> {
    if (callIds.length === 0) return Promise.resolve(new Map());
    return this.read(manager, [...callIds]);
  }

  /** The places of every queued call. */
  placesOfAllQueued(manager: EntityManager): Promise<Map<string, QueuePlace>> {
    return this.read(manager, null);
  }

  /**
   * What the platform last heard of each call's place (its latest `call.queued`, `call.requeued` or
   * `call.position`), and whether that was at least `intervalSec` ago. A call it never heard queue
   * is absent.
   */
  async lastHeardPlaces(manager: EntityManager, callIds: readonly string[], intervalSec: number): Promise<Map<string, { position: number | null; estimatedWaitSec: number | null; longAgo: boolean }>> {
    if (callIds.length === 0) return new Map();
    const rows: { call_id: string; position: number | null; wait: number | null; long_ago: boolean }[] = await manager.query(
      `SELECT DISTINCT ON (call_id) call_id, (data->>'position')::int AS position, (data->>'estimatedWaitSec')::int AS wait,
              at <= now() - make_interval(secs => $3) AS long_ago
         FROM platform_events
        WHERE call_id = ANY($1::uuid[]) AND type = ANY($2::varchar[])
        ORDER BY call_id, seq DESC`,
      [[...callIds], [PlatformEventType.Queued, PlatformEventType.Requeued, PlatformEventType.Position], intervalSec],
    );
    return new Map(rows.map((row) => [row.call_id, { position: row.position, estimatedWaitSec: row.wait, longAgo: row.long_ago }]));
  }

  private async read(manager: EntityManager, callIds: string[] | null): Promise<Map<string, QueuePlace>> {
    const staff = this.staff;
    // Only the api's processes announce places, and each has a live floor; a process without one has no business here.
    if (!staff) throw new Error('queue places need the live floor to count staff: none in this process');
    // The state is written into the text, and the calls asked for make a text of their own: a
    // prepared statement's generic plan can then use the queued calls' partial index (decision 0049).
    // The queue's order is MATERIALIZED: the generic plan guesses one queued call, and inlined it
    // was worked out again for each queued call (decision 0051).
    const rows: { id: string; topic_key: string; position: number; topic_id: string; language: string; skill: string; min_proficiency: number }[] = await manager.query(
      `WITH target AS (
         SELECT id, topic_id, language FROM calls WHERE state = '${CallState.Queued}' ${callIds ? 'AND id = ANY($1::uuid[])' : 'AND $1::uuid[] IS NULL'}
       ),
       ranked AS MATERIALIZED (
         SELECT c.id, row_number() OVER (PARTITION BY c.topic_id ORDER BY c.priority DESC, c.queued_at, c.id)::int AS position
           FROM calls c
          WHERE c.state = '${CallState.Queued}' AND c.topic_id IN (SELECT topic_id FROM target)
       )
       SELECT target.id, t.key AS topic_key, ranked.position, target.topic_id, target.language, s.key AS skill, t.min_proficiency
         FROM target
         JOIN topics t ON t.id = target.topic_id
         JOIN skills s ON s.id = t.skill_id
         JOIN ranked ON ranked.id = target.id`,
      [callIds],
    );
    const handleTimes = rows.length > 0 ? await this.meanHandleSecByTopic(manager) : new Map<string, number>();
    // Counted once per topic and language: every queued caller is read on each announcement round.
    const staffing = new Map<string, { idle: number; busy: number }>();
    const staffOf = (topicId: string, wanted: TopicStaffing) => {
      const key = `${topicId}|${wanted.languageSkill}`;
      let counted = staffing.get(key);
      if (!counted) staffing.set(key, (counted = staff.staffOf(wanted)));
      return counted;
    };
    return new Map(
      rows.map((r) => {
        const { idle, busy } = staffOf(r.topic_id, {
          skill: r.skill,
          minProficiency: r.min_proficiency,
          languageSkill: languageSkillKey(r.language),
          endpointRequired: this.config.telephonyRequireEndpoints,
        });
        const meanHandleSec = handleTimes.get(r.topic_id) ?? this.config.defaultHandleSec;
        return [r.id, { topicKey: r.topic_key, position: r.position, estimatedWaitSec: estimateWaitSec({ position: r.position, idle, busy, meanHandleSec }) }];
      }),
    );
  }

  /** Every topic's mean handle time over the last hour, read at most once per {@link HANDLE_TIME_TTL_MS} by this process. */
  private meanHandleSecByTopic(manager: EntityManager): Promise<Map<string, number>> {
    if (this.handleTimes && Date.now() - this.handleTimes.readAt < HANDLE_TIME_TTL_MS) return this.handleTimes.meanSecByTopic;
    const reading = manager
      .query(
        `SELECT topic_id, avg(EXTRACT(EPOCH FROM completed_at - answered_at))::float AS mean_handle_sec
           FROM calls
          WHERE state = $1 AND completed_at >= now() - make_interval(secs => $2) AND answered_at IS NOT NULL
          GROUP BY topic_id`,
        [CallState.Completed, HANDLE_TIME_WINDOW_SEC],
      )
      .then(
        (rows: { topic_id: string; mean_handle_sec: number }[]) => new Map(rows.map((row) => [row.topic_id, row.mean_handle_sec])),
        // A failed reading is not kept (the next arrival reads again), and the transactions sharing
        // it estimate with the default handle time rather than fail for another's query.
        () => {
          if (this.handleTimes?.meanSecByTopic === reading) this.handleTimes = null;
          return new Map<string, number>();
        },
      );
    this.handleTimes = { readAt: Date.now(), meanSecByTopic: reading };
    return reading;
  }
}
