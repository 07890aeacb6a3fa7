// The pure domain of Duban: state machines, time rules, the work calendar and deadlines.
// Nothing here imports NestJS or TypeORM.
export * from './errors.js';
export * from './clock.js';
export * from './shanghai-time.js';
export * from './proposal-state.js';
export * from './assignment-state.js';
export * from './rules.js';
export * from './work-calendar.js';
export * from './deadline-calculator.js';
export * from './deadline-ladder.js';
export * from './intake-classifier.js';
export * from './text-input.js';
export * from './proposal-search.js';
export * from './search-terms.js';
export * from './submission-sessions.js';
export * from './sentences.js';
export * from './similarity/index.js';
export * from './alert-escalation.js';
export * from './access-rules.js';
export * from './overdue.js';
export * from './states.js';
export * from './actions.js';
export * from './batch-actions.js';
export * from './department-types.js';
export * from './attachments.js';
