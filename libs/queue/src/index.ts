export * from './catalogue.js';
export * from './routing.js';
export * from './job-handler.js';
export * from './outbox-dispatcher.js';
export * from './queue.module.js';
export * from './consumers.js';
export * from './platform.module.js';
export * from './run-process.js';
