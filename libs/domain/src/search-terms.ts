import { jiebaFor } from './similarity/tokenizer.js';

/**
 * 检索词 as words (issue 17, docs/performance.md): a proposal's title and content segmented by jieba
 * into the words a search box's words are looked up by, in a `tsvector` with a GIN index
 * (`proposals.search_terms`), instead of a trigram-checked substring of the whole text.
 *
 * - A proposal's terms: every dictionary word of two or more Han characters at every offset where it
 *   occurs (jieba's full mode), NFKC-folded; the base dictionary, not the intake's user words (the
 *   terms must not change when the configuration does).
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
 * wherever they occur (searchTsquery's `<N>`). Offsets count UTF-16 units from 1. Null when the
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
  return [...positions].map(([t, ps]) => `${quote(t)}:${ps.join(',')}`).join(' ');
}

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
 * A `tsquery` literal for the words one after the other in the text, each quoted (taken verbatim:
 * no parser, no stemming): 数字政府 → '数字' <2> '政府' (政府 starts two characters after 数字).
 */
export function searchTsquery(terms: readonly string[]): string {
  return terms.map((t, i) => (i === 0 ? quote(t) : `<${terms[i - 1].length}> ${quote(t)}`)).join(' ');
}
