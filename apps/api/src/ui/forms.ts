import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import { inputProblems, MAX_PAGE, refusedInput } from '../platform/validation.js';
import { describeProblems, FormError } from './errors.js';

/** A posted form: every value a string or, for repeated names, a list of strings. */
export type FormBody = Record<string, string | string[] | undefined>;

/**
 * A form the input layer refused (a control character, a lone surrogate, a prototype key): the
 * first read of any field throws, inside the handler's own try, so the form is shown again as typed.
 */
function accepted(body: FormBody): FormBody {
  const problems = refusedInput(body);
  if (problems) throw new FormError(problems.map((p) => p.field), describeProblems(problems));
  return body;
}

/** The trimmed text of a field ('' when absent). */
export function text(body: FormBody, name: string): string {
  const v = accepted(body)[name];
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

/**
 * An irreversible act (提交答复, 提交回执, 公开…) needs its confirmation box ticked: the form's
 * required checkbox `confirm` without JavaScript, the confirm dialog with it (duban.js ticks the
 * box when the user agrees). Refused as a form error naming 确认 otherwise.
 */
export function confirmed(body: FormBody, what: string): void {
  if (!flag(body, 'confirm')) throw new FormError(['confirm'], `请勾选“${what}”确认后再提交（此操作提交后不能撤销）。`);
}

/** A number field; NaN (refused by validation) when not a whole number, undefined when empty. */
export function integer(body: FormBody, name: string): number | undefined {
  const t = text(body, name);
  if (!t) return undefined;
  return /^-?\d+$/.test(t) ? Number(t) : Number.NaN;
}

/** Every non-empty value of a repeated field (checkboxes, multi-selects). */
export function list(body: FormBody, name: string): string[] {
  const v = accepted(body)[name];
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
  const problems = inputProblems(values);
  if (problems.length > 0) throw new FormError(problems.map((p) => p.field), describeProblems(problems));
  const defined = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined));
  const instance = plainToInstance(dto, defined);
  const errors = await validate(instance, { whitelist: true });
  if (errors.length > 0) throw new FormError(fields(errors));
  return instance;
}

/**
 * A page's query string as one string per name: `?q=a&q=b` is an array to Express, which no page
 * means; the first value is taken. (Control characters and lone surrogates were refused before.)
 */
export function single(query: Record<string, unknown> | undefined): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(query ?? {})) {
    const first = Array.isArray(v) ? v[0] : v;
    out[k] = typeof first === 'string' ? first : undefined;
  }
  return out;
}

/** `?page=` of a UI list: a whole number, clamped to 1–MAX_PAGE (a page past the end is empty, never an error). */
export function pageParam(value: unknown): number {
  const v = Array.isArray(value) ? value[0] : value;
  const n = typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v.trim()) : 1;
  return Number.isSafeInteger(n) ? Math.min(Math.max(1, n), MAX_PAGE) : MAX_PAGE;
}

/** `@Query(singleValues) query: Record<string, string>`: the query through `single`. */
export const singleValues = { transform: (value: unknown) => single(value as Record<string, unknown>) };
