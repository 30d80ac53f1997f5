import { PlatformEventType, type PlatformEvent } from '@fc/contracts';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { CallEntity } from './call.entity.js';

/**
 * What the telephony platform is told to do (DESIGN §11), written in the journey's transaction of
 * the change that causes it. `position` is given after commit by the replay feed's readers, one
 * numbering at a time (migration PlatformEventsNumberedByReaders, decision 0049), so no event
 * appears behind a cursor already handed out. Holds no raw number: `call.dial`'s is read from `caller_numbers`
 * when the event is sent.
 */
@Entity({ name: 'platform_events' })
@Index('platform_events_call_seq', ['callId', 'seq'], { unique: true })
@Index('platform_events_position', ['position'], { unique: true, where: '"position" IS NOT NULL' })
@Index('platform_events_undelivered', ['callId', 'seq'], { where: '"delivered_at" IS NULL' })
@Index('platform_events_at', ['at'])
@Index('platform_events_unnumbered', ['at', 'callId', 'seq'], { where: '"position" IS NULL' })
export class PlatformEventEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ManyToOne(() => CallEntity, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'call_id' })
  call?: Relation<CallEntity>;

  @Column({ name: 'call_id', type: 'uuid' })
  callId!: string;

  @Column({ name: 'external_id', type: 'varchar', length: 128 })
  externalId!: string;

  /** 1, 2, 3… per call: the call's last plus one, taken under the call's row lock. */
  @Column({ type: 'integer' })
  seq!: number;

  @Column({ type: 'varchar', length: 32 })
  type!: PlatformEventType;

  @Column({ type: 'timestamptz' })
  at!: Date;

  @Column({ type: 'jsonb' })
  // jsonb; `any` because TypeORM's insert types cannot recurse into a JSON type.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  data!: Record<string, any>;

  /** The replay feed's order, given by `platform_events_number` after commit; null until a reader numbers it. */
  @Column({ type: 'bigint', nullable: true, insert: false, update: false })
  position!: string | null;

  /** When the webhook receiver answered 2xx; null while it has not (or no webhook is set). */
  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt!: Date | null;
}

/**
 * The columns of a stored event, read as `platform_events e`, for {@link toPlatformEvent}: the
 * webhook's delivery and the replay feed read events this one way. `call.dial` carries the caller's
 * number, read from `caller_numbers` now (none is stored with the event); null once retention purged it.
 */
export const PLATFORM_EVENT_COLUMNS = `e.id, e.call_id, e.external_id, e.seq, e.type, e.at, e.data, e.position,
  CASE WHEN e.type = '${PlatformEventType.Dial}' THEN (SELECT n.phone_e164 FROM caller_numbers n WHERE n.call_id = e.call_id) END AS number`;

/** One row of {@link PLATFORM_EVENT_COLUMNS}. */
export interface PlatformEventRow {
  id: string;
  call_id: string;
  external_id: string;
  seq: number;
  type: PlatformEventType;
  at: Date;
  data: Record<string, unknown>;
  /** The replay feed's order; null until a reader numbers it. */
  position: string | null;
  number: string | null;
}

/** A stored event as the platform receives it, by webhook or from the replay feed: the number goes into `call.dial` only. */
export function toPlatformEvent(row: PlatformEventRow): PlatformEvent {
  return {
    id: row.id,
    callId: row.call_id,
    externalId: row.external_id,
    seq: row.seq,
    type: row.type,
    at: row.at.toISOString(),
    data: row.type === PlatformEventType.Dial ? { ...row.data, number: row.number } : row.data,
  } as PlatformEvent;
}
