/** The room every supervisor socket joins once it has its snapshot. */
export const SUPERVISORS_ROOM = 'supervisors';

/** The room of one agent's sockets. */
export const agentRoom = (agentId: string) => `agent:${agentId}`;
