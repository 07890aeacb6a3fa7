// The contracts every context shares: the typed event catalogue, the zh-CN label catalogue and the
// error codes with their zh-CN messages.
// Types and tables only: nothing here imports NestJS or TypeORM.
export * from './events.js';
export * from './labels.js';
export * from './errors.js';
