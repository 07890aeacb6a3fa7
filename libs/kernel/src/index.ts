// The shared kernel: AppContext and Tx, actors and access, errors, pages, the clock, the rules in force (with the admin's layer), the alert themes, and the global core module.
export * from './actor.js';
export * from './errors.js';
export * from './page.js';
export * from './app-context.js';
export * from './rules-provider.js';
export * from './access.js';
export * from './alert-themes.js';
export * from './intake-config.js';
export * from './core.module.js';
export * from './simulated-clock.js';
export * from './rules-layer.js';
export * from './sign-off-facts.js';
export * from './transient-retry.js';
