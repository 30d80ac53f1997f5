/** The room every supervisor socket joins once it has its snapshot. */
export const SUPERVISORS_ROOM = 'supervisors';

/** The room of one agent's sockets. */
export const agentRoom = (agentId: string) => `agent:${agentId}`;

/** The room of one user's sockets on a namespace, to end their sessions when their access is revoked. */
export const userRoom = (userId: string) => `user:${userId}`;
