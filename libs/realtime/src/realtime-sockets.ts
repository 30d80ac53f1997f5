import type { AgentClientToServerEvents, AgentServerToClientEvents, InterServerEvents, SocketData, SupervisorClientToServerEvents, SupervisorServerToClientEvents } from '@fc/contracts';
import type { Namespace, Socket } from 'socket.io';

/** `/agent`, typed by its events (libs/contracts). */
export type AgentNamespace = Namespace<AgentClientToServerEvents, AgentServerToClientEvents, InterServerEvents, SocketData>;
export type AgentSocket = Socket<AgentClientToServerEvents, AgentServerToClientEvents, InterServerEvents, SocketData>;

/** `/supervisor`, typed by its events (libs/contracts). */
export type SupervisorNamespace = Namespace<SupervisorClientToServerEvents, SupervisorServerToClientEvents, InterServerEvents, SocketData>;
export type SupervisorSocket = Socket<SupervisorClientToServerEvents, SupervisorServerToClientEvents, InterServerEvents, SocketData>;
