// Deadlines (时限): opening, closing and recomputing deadlines and their ladders, the sweep and its job handler.
export * from './deadlines.js';
export * from './sweep.js';
export * from './deadlines.module.js';
export * from './deadline.handlers.js';
