import type { EntityManager } from 'typeorm';
import { TopicEntity } from './entities/index.js';

/**
 * Topic ids to keys, as read. A topic's key never changes (the catalog takes it only at
 * creation) and a topic is never deleted (calls restrict it), so an id's key, once read, holds for
 * the life of the process: the views answered after each agent action need no query for it.
 */
const keys = new Map<string, string>();

/** The key of a topic that exists (throws TypeORM's EntityNotFoundError otherwise). */
export async function topicKeyOf(manager: EntityManager, topicId: string): Promise<string> {
  const known = keys.get(topicId);
  if (known !== undefined) return known;
  const { key } = await manager.findOneByOrFail(TopicEntity, { id: topicId });
  keys.set(topicId, key);
  return key;
}
