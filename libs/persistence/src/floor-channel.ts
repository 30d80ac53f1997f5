/**
 * The channel the database's triggers announce every change of a call, an agent or the topics on
 * (migration RealtimeFeed): the live floor and the routing leader listen to it.
 */
export const FLOOR_CHANNEL = 'floor_changes';
