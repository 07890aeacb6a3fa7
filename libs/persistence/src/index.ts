export * from './entities/index.js';
export * from './data-source.js';
export * from './migrations/index.js';
export * from './status-columns.js';
export * from './returned.js';
export * from './search/search-terms.js';
export * from './prepared.js';
