import { jiebaFor } from './similarity/tokenizer.js';

/**
 * 检索词 as words (issue 17, docs/performance.md): a proposal's title and content segmented by jieba
 * into the words a search box's words are looked up by, in a `tsvector` with a GIN index
 * (`proposals.search_terms`), instead of a trigram-checked substring of the whole text.
 *
 * - A proposal's terms: every dictionary word of two or more Han characters at every offset where it
 *   occurs (jieba's full mode), NFKC-folded; the base dictionary, not the intake's user words (the
 *   terms must not change when the configuration does).
 * - Besides the words, every pair of words one right after the other in the text, as one term
 *   (数字+政府 where 数字 starts and 政府 follows at once: `pairTerm`), so that a query of two words is
 *   one term — exact in the GIN index, no positions to check on the table, and a frequency the
 *   planner reads from the column's statistics instead of multiplying the two words' as if they were
 *   independent (docs/performance.md, "Pairs of words as terms").
 * - A query is looked up by terms only when it is Han characters alone and jieba cuts it into
 *   dictionary words of two or more characters (数字政府 → 数字 then 政府, 养老, 乡村振兴), as those words
 *   one right after the other: a match is a substring match and, as every dictionary word is
 *   indexed wherever it occurs, every substring match is a match (recall and the limits in
 *   docs/performance.md). Anything else — a fragment that is no
 *   word (数字政 → 数字 + 政), a name jieba does not know, Latin letters, digits, punctuation, spaces
 *   (之2000）) — is searched as a substring, as before; so is a proposal whose terms are not written
 *   yet (`search_terms IS NULL`: rows inserted by SQL, before the backfill).
 */

const HAN_ONLY = /^\p{Script=Han}+$/u;
const isTerm = (w: string) => w.length >= 2 && HAN_ONLY.test(w);
/** Postgres keeps positions up to 16383 and 256 of them per lexeme. */
const MAX_POSITION = 16383;
const MAX_POSITIONS_PER_TERM = 256;

/** jieba's dictionary loaded on first use (~0.3 s), shared with the similarity tokenizer. */
const jieba = () => jiebaFor();

const quote = (t: string) => `'${t.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

/**
 * A proposal's search terms as a `tsvector` literal: every dictionary word of two or more Han
 * characters at every offset where it occurs in `title + ' ' + content` (jieba's full mode, which
 * lists all of them: 中华人民共和国 → 中华, 中华人民, 华人, 人民, 人民共和国, 共和, 共和国…), not only
 * the words of one segmentation, so that a query's words next to each other in the text are found
 * wherever they occur (searchTsquery's `<N>`); and every two words one right after the other as
 * one more term (`pairTerm`, at the first word's offset). Offsets count UTF-16 units from 1. Null when the
 * text is longer than Postgres keeps positions for (16,383): such a proposal is searched by substring.
 */
export function proposalSearchVector(title: string, content: string): string | null {
  const text = `${title} ${content}`.normalize('NFKC');
  if (text.length >= MAX_POSITION) return null;
  const positions = new Map<string, number[]>();
  // Full mode lists the words by where they start, each once per start: a word already listed at
  // `at`, or one that does not start there, starts further on.
  let at = 0;
  const here = new Set<string>();
  for (const word of jieba().cutAll(text)) {
    while (at < text.length && (here.has(word) || !text.startsWith(word, at))) {
      at++;
      here.clear();
    }
    if (at >= text.length) break;
    here.add(word);
    if (!isTerm(word)) continue;
    const list = positions.get(word) ?? [];
    if (list.length < MAX_POSITIONS_PER_TERM) list.push(at + 1);
    positions.set(word, list);
  }
  // The pairs: a word at p followed by a word at p + its length (from the kept positions, as the
  // phrase query read them; migration 1766710000000 derives the same from the stored vectors).
  const startingAt = new Map<number, string[]>();
  for (const [t, ps] of positions) {
    for (const p of ps) {
      const starting = startingAt.get(p);
      if (starting) starting.push(t);
      else startingAt.set(p, [t]);
    }
  }
  const pairs = new Map<string, number[]>();
  for (const [t, ps] of positions) {
    for (const p of ps) {
      for (const next of startingAt.get(p + t.length) ?? []) {
        const pair = pairTerm(t, next);
        const list = pairs.get(pair);
        if (list) list.push(p);
        else pairs.set(pair, [p]);
      }
    }
  }
  return [...positions, ...pairs].map(([t, ps]) => `${quote(t)}:${ps.join(',')}`).join(' ');
}

/** The term of two words one right after the other in the text: 数字+政府 (`+` is in no word). */
export const pairTerm = (first: string, second: string) => `${first}+${second}`;

/**
 * The words a query is looked up by, in order, or null when it must be searched as a substring (see
 * above).
 */
export function searchQueryTerms(text: string): string[] | null {
  const folded = text.normalize('NFKC').trim();
  if (!HAN_ONLY.test(folded)) return null;
  const cut = jieba().cut(folded, false);
  return cut.every(isTerm) ? cut : null;
}

/**
 * A `tsquery` literal for the words one after the other in the text, each term quoted (taken
 * verbatim: no parser, no stemming): one word is itself (养老 → '养老'), two are their pair
 * (数字政府 → '数字+政府', one term), more are their pairs one after the other — each pair starts
 * where the previous one's second word does (推进数字政府 → '推进+数字' <2> '数字+政府').
 */
export function searchTsquery(terms: readonly string[]): string {
  if (terms.length === 1) return quote(terms[0]);
  const pairs = terms.slice(1).map((t, i) => pairTerm(terms[i], t));
  return pairs.map((pair, i) => (i === 0 ? quote(pair) : `<${terms[i].length}> ${quote(pair)}`)).join(' ');
}
