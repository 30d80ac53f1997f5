export * from './agents-read.service.js';
export * from './agents.module.js';
export * from './dto/set-agent-state.dto.js';
