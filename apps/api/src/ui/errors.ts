import { FIELD_LABELS, type ErrorCode } from '#contracts';
import { toErrorBody } from '../platform/error-filter.js';
import type { InputProblem } from '../platform/validation.js';

/** The Chinese name of each form field (the error catalogue's, libs/contracts/src/errors.ts). */
export { FIELD_LABELS };

/** A form that did not validate: names each bad field (and why, when the input layer refused it). */
export class FormError extends Error {
  constructor(readonly fields: string[], message?: string) {
    super(message ?? `请检查：${[...new Set(fields)].map((f) => FIELD_LABELS[f] ?? f).join('、')}`);
  }
}

/** What the input layer (platform/validation.ts) refused, in Chinese, naming each field. */
export function describeProblems(problems: InputProblem[]): string {
  const why = (p: string) =>
    p.includes('control') ? '含有不允许的控制字符（如 NUL）' : p.includes('surrogate') ? '含有无法保存的字符（不成对的代理项）' : p.includes('prototype') ? '不是可以提交的字段' : '无法接受';
  const parts = [...new Map(problems.map((p) => [p.field, `「${FIELD_LABELS[p.field] ?? p.field}」${why(p.problem)}`])).values()];
  return `请检查：${parts.join('；')}。`;
}

/**
 * What went wrong, in Chinese, with the HTTP status it maps to and its stable code: the API's own
 * error body (toErrorBody), whose `messageZh` comes from the one catalogue keyed by error code.
 */
export function describeError(e: unknown): { status: number; message: string; code: ErrorCode } {
  if (e instanceof FormError) return { status: 400, message: e.message, code: 'FIELD_INVALID' };
  const body = toErrorBody(e);
  return { status: body.statusCode, message: body.messageZh, code: body.errorCode };
}
