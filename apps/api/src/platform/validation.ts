import { applyDecorators, BadRequestException, ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsInt, Max, Min, ValidateBy, buildMessage, type ValidationOptions } from 'class-validator';
import type { NextFunction, Request, Response } from 'express';
import { DateTime } from 'luxon';
import { textProblem as domainTextProblem, type TextProblem } from '#domain';
import { toErrorBody } from './error-filter.js';

// ---- body limits ------------------------------------------------------------------------------

/** The longest text field of any request (ReplyDto.content; proposals' content is 50,000). */
export const LONGEST_TEXT_FIELD = 100_000;
/**
 * Bytes one counted character may take on the wire: class-validator counts a surrogate pair (an
 * emoji, a rare CJK character) as one character, which is 4 bytes of UTF-8, 12 bytes
 * percent-encoded (%F0%9F%98%80) and 12 bytes as a JSON escape (\ud83d\ude00). A common Chinese
 * character is 3 bytes of UTF-8, 9 percent-encoded.
 */
export const WORST_BYTES_PER_CHARACTER = 12;
/** Every other field of the largest form (signatory, contacts, CSRF token, names) with room to spare. */
export const OTHER_FIELDS_BYTES = 64 * 1024;

/**
 * The JSON and urlencoded body limits, in bytes: a request whose every field is within its own
 * limit always fits (1,264,000 bytes, about 1.2 MB). Multipart uploads have their own limit
 * (MAX_IMPORT_BYTES). Used by configureApi; nothing else sets a body limit.
 */
export const BODY_LIMIT_BYTES = LONGEST_TEXT_FIELD * WORST_BYTES_PER_CHARACTER + OTHER_FIELDS_BYTES;

// ---- text every field must be -----------------------------------------------------------------

/** Keys that reach an object's prototype when assigned: never a field of any DTO. */
export const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

const TEXT_PROBLEMS: Record<TextProblem, string> = {
  control_character: 'must not contain control characters (NUL and other C0 characters besides tab, CR and LF)',
  lone_surrogate: 'must not contain unpaired UTF-16 surrogates',
};

/** Why a string cannot be accepted as text (the domain's rule, libs/domain/src/text-input.ts), or null when it can. */
export function textProblem(value: string): string | null {
  const problem = domainTextProblem(value);
  return problem ? TEXT_PROBLEMS[problem] : null;
}

export interface InputProblem {
  field: string;
  problem: string;
}

const MAX_REPORTED = 20;

/**
 * Every key and string of a parsed body or query that no field may hold: control characters,
 * lone surrogates, and prototype keys anywhere. Walks without recursion (a body may nest deeply)
 * and reports at most 20 problems, each with the field's dotted path (`assignments.0.title`).
 */
export function inputProblems(value: unknown, root = ''): InputProblem[] {
  const problems: InputProblem[] = [];
  const stack: Array<[unknown, string]> = [[value, root]];
  while (stack.length > 0 && problems.length < MAX_REPORTED) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      const problem = textProblem(v);
      if (problem) problems.push({ field: path || 'body', problem });
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], path ? `${path}.${i}` : String(i)]);
    } else if (v !== null && typeof v === 'object' && !Buffer.isBuffer(v)) {
      const keys = Object.keys(v);
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i]!;
        const field = path ? `${path}.${key}` : key;
        if (PROTOTYPE_KEYS.has(key)) problems.push({ field, problem: 'is not a field (prototype keys are refused)' });
        else if (textProblem(key)) problems.push({ field: path || 'body', problem: `has a field name that ${textProblem(key)}` });
        else stack.push([(v as Record<string, unknown>)[key], field]);
      }
    }
  }
  return problems;
}

/** The API's 400 for refused input, the same shape as a failed DTO validation. */
export function validationFailed(problems: InputProblem[]): BadRequestException {
  return new BadRequestException({
    code: 'validation_failed',
    message: problems.map((p) => `${p.field} ${p.problem}`).join('; '),
    fields: [...new Set(problems.map((p) => p.field))],
  });
}

/** Where the middleware leaves a refused UI form for its handler (which re-renders it as typed). */
export const REFUSED_INPUT = Symbol('duban.refusedInput');

/** The problems the input layer found in a UI form's body, if any. */
export function refusedInput(body: unknown): InputProblem[] | undefined {
  return body !== null && typeof body === 'object' ? (body as { [REFUSED_INPUT]?: InputProblem[] })[REFUSED_INPUT] : undefined;
}

/** Routes that answer JSON, whatever the client: the API, the health check and the metrics. (Express routes case-insensitively.) */
const JSON_ROUTES = /^\/(api|health|metrics)(\/|$)/i;

/** True when the request is for a JSON route, false for the UI's pages. */
export function isJsonRoute(req: Request): boolean {
  return JSON_ROUTES.test(req.path);
}

/**
 * The one input layer, mounted after the body parsers for every route: refuses a query string or
 * a JSON / urlencoded body with a control character, a lone surrogate or a prototype key.
 * - API (`/api/…`, /health, /metrics): 400 `{statusCode, code: 'validation_failed', message, fields}` at once.
 * - A UI form post (urlencoded): the problems ride on the body; the form's handler refuses it
 *   when it reads the form (forms.ts) and shows the form again with what was typed.
 * - Any other UI request (a page's query string): `refusePage` answers (a 400 page in Chinese).
 */
export function inputGuard(refusePage: (req: Request, res: Response, problems: InputProblem[]) => void) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const problems = [...inputProblems(req.query, ''), ...inputProblems(req.body, '')].slice(0, MAX_REPORTED);
    if (problems.length === 0) return next();
    if (isJsonRoute(req)) {
      res.status(400).json(toErrorBody(validationFailed(problems)));
      return;
    }
    const queryProblems = inputProblems(req.query, '');
    if (queryProblems.length === 0 && req.is('application/x-www-form-urlencoded') && req.body && typeof req.body === 'object') {
      Object.defineProperty(req.body, REFUSED_INPUT, { value: problems, enumerable: false });
      return next();
    }
    refusePage(req, res, problems);
  };
}

// ---- decorators -------------------------------------------------------------------------------

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar day written YYYY-MM-DD, in the years this system can mean (1900–2999). */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string' || !ISO_DATE.test(value)) return false;
  const day = DateTime.fromISO(value, { zone: 'utc' });
  return day.isValid && day.year >= 1900 && day.year <= 2999;
}

/** A date field: 'YYYY-MM-DD' and a day that exists (no 2024-02-30, no 0000-00-00). */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCalendarDate',
      validator: {
        validate: (value) => isCalendarDate(value),
        defaultMessage: buildMessage((each) => `${each}$property must be a calendar date YYYY-MM-DD (a day that exists, 1900–2999)`, options),
      },
    },
    options,
  );
}

/** An instant (ISO 8601 with a time) that parses to a real time between 1900 and 2999. */
export function isInstant(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > 40 || !/^\d{4}-\d{2}-\d{2}T/.test(value)) return false;
  if (!isCalendarDate(value.slice(0, 10))) return false;
  const dt = DateTime.fromISO(value, { setZone: true });
  return dt.isValid && !Number.isNaN(new Date(value).getTime());
}

export function IsInstant(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isInstant',
      validator: {
        validate: (value) => isInstant(value),
        defaultMessage: buildMessage((each) => `${each}$property must be an ISO 8601 instant such as 2024-06-30T12:00:00+08:00`, options),
      },
    },
    options,
  );
}

/** Strings lose their surrounding white space before validation: a required '   ' is empty, and refused. */
export const Trim = (): PropertyDecorator => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

/** The highest page number any list accepts. */
export const MAX_PAGE = 100_000;

/** A query's digits as a number; anything else (1e308, -1, 1.5, NaN) stays as it is and fails IsInt/Min. */
const digits = Transform(({ value }) => (typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : value));

/** `?page=`: a whole number 1–100,000. */
export const IsPage = (): PropertyDecorator => applyDecorators(digits, IsInt(), Min(1), Max(MAX_PAGE));

/** `?pageSize=`: a whole number 1–max. */
export const IsPageSize = (max: number): PropertyDecorator => applyDecorators(digits, IsInt(), Min(1), Max(max));

// ---- the pipe -----------------------------------------------------------------------------------

function flatten(errors: ValidationError[], prefix = ''): Array<{ field: string; problems: string[] }> {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, problems: Object.values(e.constraints) }] : [];
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/**
 * Bodies and queries are validated against their DTOs; a 400 names every bad field. It also runs
 * the input layer's checks on what the middleware cannot see: the fields of a multipart upload,
 * parsed by multer inside the route. (A UI form the middleware marked is its handler's to refuse.)
 */
class InputValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if ((metadata.type === 'body' || metadata.type === 'query') && !refusedInput(value)) {
      const problems = inputProblems(value);
      if (problems.length > 0) throw validationFailed(problems);
    }
    return super.transform(value, metadata);
  }
}

export const validationPipe = new InputValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  exceptionFactory: (errors) => {
    const problems = flatten(errors);
    return new BadRequestException({
      code: 'validation_failed',
      message: problems.map((p) => p.problems.join(', ')).join('; '),
      fields: problems.map((p) => p.field),
    });
  },
});
