import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { parseProposalSearch, searchQueryTerms, searchTsquery } from '#domain';

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The search box's condition over proposals `p`, for every list that has one (the register, the
 * API's `GET /proposals`, the public replies): the words in title and content — as jieba words
 * (`search_terms`, domain `searchQueryTerms`) when they are dictionary words, else as a substring
 * (trigram-indexed) — or in the lead proposer's name, or — when
 * they name a number (第196号, 196号, No.196, １９６, 提案196: domain `parseProposalSearch`) — the
 * proposal of that number, of the kind (提案/建议) and session they name. `param` binds a value and
 * returns its placeholder (`$3`, `:search0`), so raw SQL and query builders share the one condition.
 */
export function proposalSearchCondition(raw: string | null | undefined, param: (value: unknown) => string): string | null {
  const search = parseProposalSearch(raw);
  if (search.text === '') return null;
  // Dictionary words are looked up by the proposals' jieba terms (GIN; one or two words are one
  // term, more are pairs checked by position in the tsvector; no ILIKE over the text); any
  // other query, and a proposal whose terms are not written yet, by substring (trigram-indexed).
  const terms = searchQueryTerms(search.text);
  // The substring arms of a query of Han characters (the terms' queries): strpos, which for text
  // without upper and lower case and without LIKE's wildcards finds what ILIKE finds, for less — ILIKE
  // lowers both strings of every row it checks (500 proposers' names: 0.16 ms of CPU against 0.04),
  // and the planner estimates the text's ILIKE over the column's statistics (planning the bounded
  // count: 0.33 ms against 0.10) for an arm that matches only the few proposals without terms.
  const pattern = param(terms ? search.text : `%${escapeLike(search.text)}%`);
  const contains = (column: string) => (terms ? `strpos(${column}, ${pattern}) > 0` : `${column} ILIKE ${pattern}`);
  const substring = contains(`(p.title || ' ' || p.content)`);
  const inText = terms ? `(p.search_terms @@ ${param(searchTsquery(terms))}::tsquery OR (p.search_terms IS NULL AND ${substring}))` : substring;
  // The proposers matched once (an InitPlan), not per proposal: both arms can then use an index (the
  // trigram one and proposals_lead_proposer_idx, in a BitmapOr); a correlated EXISTS made it a scan.
  const words = `${inText} OR p.lead_proposer_id = ANY (ARRAY(SELECT qp.id FROM proposers qp WHERE ${contains('qp.name')}))`;
  if (search.number === null) return `(${words})`;
  const session: string[] = [];
  if (search.kind) session.push(`qs.body = ${param(search.kind === 'suggestion' ? 'npc' : 'cppcc')}`);
  if (search.sessionHint) session.push(`qs.name ILIKE ${param(`%${escapeLike(search.sessionHint)}%`)}`);
  const ofSession = session.length ? ` AND EXISTS (SELECT 1 FROM sessions qs WHERE qs.id = p.session_id AND ${session.join(' AND ')})` : '';
  return `((p.number = ${param(search.number)}${ofSession}) OR ${words})`;
}

/**
 * Whether the search's words are one term of the GIN index (one word, or two: their pair) — the
 * searches whose bounded total can be counted on a sample of the index first (proposal-totals.ts).
 */
export function searchIsOneTerm(raw: string | null | undefined): boolean {
  const text = parseProposalSearch(raw).text;
  const terms = text === '' ? null : searchQueryTerms(text);
  return terms !== null && terms.length <= 2;
}

/** Adds the search condition to a query builder over proposals `p` (named parameters). */
export function whereProposalSearch<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, raw: string | null | undefined): SelectQueryBuilder<T> {
  const params: Record<string, unknown> = {};
  const condition = proposalSearchCondition(raw, (value) => {
    const name = `search${Object.keys(params).length}`;
    params[name] = value;
    return `:${name}`;
  });
  return condition ? qb.andWhere(condition, params) : qb;
}
