import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';

/** The shortest password Duban accepts (NIST SP 800-63B asks for at least 8; a city's staff get 12). */
export const MIN_PASSWORD_LENGTH = 12;
/** zxcvbn's score (0–4) a password must reach: 3 is "safely unguessable: moderate protection from offline attacks". */
export const MIN_PASSWORD_SCORE = 3;
const MAX_PASSWORD_LENGTH = 200; // the login form takes 200

/** Built once: the dictionaries (common passwords, names, English words, keyboard layouts) take a few ms to index. */
let estimator: ZxcvbnFactory | undefined;
function strength(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...en.dictionary },
    graphs: common.adjacencyGraphs,
    translations: en.translations,
  });
  return estimator;
}

const fold = (s: string) => s.normalize('NFKC').toLowerCase().replace(/[\s\-_.@]/g, '');

/**
 * What is wrong with a new password for this user (密码规则), or null. The rules: at least 12
 * characters; not one character repeated; nothing built from the username (it, reversed, or the
 * password inside it); and a zxcvbn score of at least 3 with the username and "duban" as words an
 * attacker knows — which turns away common passwords, keyboard walks, dates and repeats.
 */
export async function passwordProblem(password: string, username: string): Promise<string | null> {
  const chars = [...password];
  if (chars.length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (chars.length > MAX_PASSWORD_LENGTH) return `must be at most ${MAX_PASSWORD_LENGTH} characters`;
  if (new Set(chars).size === 1) return 'must not be one character repeated';
  const name = fold(username);
  const folded = fold(password);
  const reversed = [...name].reverse().join('');
  if (name.length >= 3 && (folded.includes(name) || folded.includes(reversed) || name.includes(folded))) {
    return 'must not be built from the username';
  }
  const result = await strength().check(password, [username, 'duban', '督办']);
  if (result.score < MIN_PASSWORD_SCORE) {
    const why = result.feedback.warning ? `: ${result.feedback.warning}` : '';
    return `is too easy to guess (strength ${result.score} of 4, at least ${MIN_PASSWORD_SCORE} needed)${why}`;
  }
  return null;
}
