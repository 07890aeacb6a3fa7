/**
 * What no text Duban stores may hold, wherever it comes from (an HTTP body, a query, an imported
 * file): the API's input layer (apps/api/src/platform/validation.ts) and the import's row checks
 * (libs/intake/src/import/row-validation.ts) both ask this.
 */

/** C0 control characters other than tab, LF and CR (NUL first of all: PostgreSQL text cannot hold it). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;
// eslint-disable-next-line no-control-regex -- as above, every occurrence
const CONTROL_ALL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g;
/** A UTF-16 surrogate without its partner: not a character, and not storable as UTF-8. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATE_ALL = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export type TextProblem = 'control_character' | 'lone_surrogate';

/** Why a string cannot be stored as text, or null when it can. */
export function textProblem(value: string): TextProblem | null {
  if (CONTROL.test(value)) return 'control_character';
  if (LONE_SURROGATE.test(value)) return 'lone_surrogate';
  return null;
}

/** The string with every such character replaced by U+FFFD, for showing or logging what was refused. */
export function printableText(value: string): string {
  return value.replace(CONTROL_ALL, '\uFFFD').replace(LONE_SURROGATE_ALL, '\uFFFD');
}
