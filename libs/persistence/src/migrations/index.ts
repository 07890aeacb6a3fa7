import { InitialSchema1764230400000 } from './1764230400000-initial-schema.js';

/** Every migration, oldest first. */
export const MIGRATIONS = [InitialSchema1764230400000];
