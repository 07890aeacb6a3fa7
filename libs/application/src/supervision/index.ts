// Supervision (督办): statistics, the replayed history, notices and key proposals, exports and rules as data.
export * from './config.js';
export * from './rules-layer.js';
export * from './rules/change-rules.js';
export * from './rules/update-session.js';
export * from './stats/figures.js';
export * from './stats/ranking.js';
export * from './stats/supervision-stats.js';
export * from './history/replay.js';
export * from './history/as-of.js';
export * from './notices/notices.js';
export * from './exports/tables.js';
export { DOCUMENT_CSP, DOCUMENT_CSS, chineseNumeralDate } from './exports/layout.js';
export * from './exports/letter.js';
export * from './exports/documents.js';
export * from './exports/formal-documents.js';
export * from './exports/pdf.js';
export * from './mail.js';
export * from './supervision.module.js';
