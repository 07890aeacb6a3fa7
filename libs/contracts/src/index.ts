// The contracts every context shares: the typed event catalogue and the zh-CN label catalogue.
// Types and tables only: nothing here imports NestJS or TypeORM.
export * from './events.js';
export * from './labels.js';
