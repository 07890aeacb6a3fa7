export * from './config/env.schema.js';
export * from './config/duban-config.js';
export * from './logging/logger.module.js';
