export * from './address-tracker.js';
export * from './csv-text.js';
export * from './json-body-parser.js';
export * from './page-query.dto.js';
export * from './query-boolean.js';
export * from './query-integer.js';
export * from './security-headers.js';
export * from './uuid-param.js';
