export * from './config/env.schema.js';
export * from './config/notify-channels.js';
export { PUBLIC_SECRETS, MIN_SECRET_LENGTH, secretProblem, estimatedEntropyBits } from './config/secrets.js';
export * from './config/duban-config.js';
export * from './config/config-file.js';
export * from './logging/logger.module.js';
export { Batcher } from './batching/batcher.js';
export { SingleFlight } from './batching/single-flight.js';
