// Intake (收案): filing, review, withdrawal, resubmission, classification; bulk import, similar proposals and routing suggestions; their job handlers.
export * from './use-cases/intake.js';
export * from './use-cases/classify.js';
export * from './use-cases/co-signing.js';
export * from './co-signing-queries.js';
export * from './intake-config.js';
export * from './proposal-similarity.js';
export * from './intake-queries.js';
export * from './unit-routing.js';
export * from './import/proposal-file.js';
export * from './import/row-validation.js';
export * from './import/import-proposals.js';
export * from './import/import-origin.js';
export * from './intake.module.js';
export * from './intake.handlers.js';
