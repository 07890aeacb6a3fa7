// Smart intake: bulk import, similar proposals (并案建议) and routing suggestions (承办单位建议).
export * from './intake-config.js';
export * from './proposal-similarity.js';
export * from './intake-queries.js';
export * from './import/proposal-file.js';
export * from './import/row-validation.js';
export * from './import/import-proposals.js';
export * from './import/import-origin.js';
export * from './intake.module.js';
