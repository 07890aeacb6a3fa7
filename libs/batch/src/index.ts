// Batch actions (批量交办、签收、催办、公开) over the single-item use cases.
export * from './batch-actions.js';
export * from './batch.module.js';
