import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import { FormError } from './errors.js';

/** A posted form: every value a string or, for repeated names, a list of strings. */
export type FormBody = Record<string, string | string[] | undefined>;

/** The trimmed text of a field ('' when absent). */
export function text(body: FormBody, name: string): string {
  const v = body[name];
  return (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).trim();
}

/** The trimmed text, or undefined when empty (optional fields). */
export function optional(body: FormBody, name: string): string | undefined {
  return text(body, name) || undefined;
}

/** A checkbox or a yes/no choice. */
export function flag(body: FormBody, name: string): boolean {
  return ['on', 'true', '1', 'yes'].includes(text(body, name));
}

/** A number field; NaN (refused by validation) when not a whole number, undefined when empty. */
export function integer(body: FormBody, name: string): number | undefined {
  const t = text(body, name);
  if (!t) return undefined;
  return /^-?\d+$/.test(t) ? Number(t) : Number.NaN;
}

/** Every non-empty value of a repeated field (checkboxes, multi-selects). */
export function list(body: FormBody, name: string): string[] {
  const v = body[name];
  const all = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return all.map((x) => x.trim()).filter(Boolean);
}

function fields(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((e) => [...(e.constraints ? [prefix + e.property] : []), ...fields(e.children ?? [], `${prefix}${e.property}.`)]);
}

/**
 * Validates converted form values against the API's own DTO (the same rules as a JSON request),
 * keeping only the DTO's properties; throws a FormError naming each bad field.
 */
export async function validated<T extends object>(dto: new () => T, values: Record<string, unknown>): Promise<T> {
  const defined = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined));
  const instance = plainToInstance(dto, defined);
  const errors = await validate(instance, { whitelist: true });
  if (errors.length > 0) throw new FormError(fields(errors));
  return instance;
}
