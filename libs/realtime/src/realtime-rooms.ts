/** The room every supervisor socket joins once it has its snapshot. */
export const SUPERVISORS_ROOM = 'supervisors';

const AGENT_ROOM_PREFIX = 'agent:';

/** The room of one agent's sockets. */
export const agentRoom = (agentId: string) => `${AGENT_ROOM_PREFIX}${agentId}`;

/** The agent whose room this is, or null for any other room. */
export const agentIdOfRoom = (room: string): string | null => (room.startsWith(AGENT_ROOM_PREFIX) ? room.slice(AGENT_ROOM_PREFIX.length) : null);

/** The room of one user's sockets on a namespace, to end their sessions when their access is revoked. */
export const userRoom = (userId: string) => `user:${userId}`;
