// The directory (名录): sessions, units, proposers, users, passwords; who people are (actor names) and who is addressed (recipients).
export * from './actor-people.js';
export * from './directory.js';
export * from './directory.module.js';
export * from './recipients.js';
export { passwordProblem } from './password-policy.js';
