import { readFileSync } from 'node:fs';
import Joi from 'joi';

/**
 * The configuration files (config/*.json) are validated with Joi, the library of the environment
 * schema (env.schema.ts): one way to say what a setting must be, one shape of error.
 *
 * Each file is read once, when its provider is built at startup (DubanCoreModule, SupervisionModule),
 * and injected by token; nothing reads a config file or `process.env` later.
 */

/** One bad field of a configuration file: `field` is its path in the JSON, e.g. `similarity.duplicateThreshold`. */
export interface ConfigFileProblem {
  field: string;
  message: string;
}

/** Thrown by {@link loadConfigFile} and {@link validateConfigFile}: names the file and every bad field. */
export class ConfigFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly ConfigFileProblem[],
  ) {
    super(
      `Invalid configuration file ${file} (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  - ${p.field}: ${p.message}`).join('\n'),
    );
    this.name = 'ConfigFileError';
  }

  /** The offending fields, without duplicates. */
  get fields(): string[] {
    return [...new Set(this.problems.map((p) => p.field))];
  }
}

/** Joi's path (['routing', 'rules', 0, 'units']) as people read it: routing.rules[0].units. */
function fieldOf(path: ReadonlyArray<string | number>): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${key}` : key), '') || '(the whole file)';
}

/**
 * Validates an already parsed configuration document with `schema` (every problem reported, not just
 * the first; defaults applied) and returns the typed value. `file` names it in the error.
 */
export function validateConfigFile<T>(file: string, raw: unknown, schema: Joi.Schema<T>): T {
  const { error, value } = schema.validate(raw, { abortEarly: false, convert: false, errors: { wrap: { label: false } } });
  if (error) throw new ConfigFileError(file, error.details.map((d) => ({ field: fieldOf(d.path), message: d.message })));
  return value as T;
}

/** Reads a JSON configuration file and validates it ({@link validateConfigFile}); an unreadable or malformed file is a ConfigFileError too. */
export function loadConfigFile<T>(file: string, schema: Joi.Schema<T>): T {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ConfigFileError(file, [{ field: '(the whole file)', message: (e as Error).message }]);
  }
  return validateConfigFile(file, raw, schema);
}

/**
 * A Joi rule that hands the value to a checker of the domain (e.g. `validateRules`, which also
 * checks session overrides and the admin's rules layer at run time, so it stays the domain's) and
 * reports its refusal as a problem of the field, in the checker's own words; returns its clean copy.
 */
export function checkedBy<T>(check: (value: unknown) => T): Joi.AnySchema<T> {
  return Joi.any().custom((value: unknown, helpers) => {
    try {
      return check(value);
    } catch (e) {
      return helpers.message({ custom: (e as Error).message.replaceAll('{', '(').replaceAll('}', ')') });
    }
  }) as Joi.AnySchema<T>;
}
