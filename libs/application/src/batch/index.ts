export * from './batch-actions.js';
export * from './batch.module.js';
