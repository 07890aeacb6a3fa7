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
  const like = param(`%${escapeLike(search.text)}%`);
  // Dictionary words are looked up by the proposals' jieba terms (GIN, positions checked in the
  // tsvector, no ILIKE over the text); any
  // other query, and a proposal whose terms are not written yet, by substring (trigram-indexed).
  const terms = searchQueryTerms(search.text);
  const substring = `(p.title || ' ' || p.content) ILIKE ${like}`;
  const inText = terms ? `(p.search_terms @@ ${param(searchTsquery(terms))}::tsquery OR (p.search_terms IS NULL AND ${substring}))` : substring;
  // The proposers matched once (an InitPlan), not per proposal: both arms can then use an index (the
  // trigram one and proposals_lead_proposer_idx, in a BitmapOr); a correlated EXISTS made it a scan.
  const words = `${inText} OR p.lead_proposer_id = ANY (ARRAY(SELECT qp.id FROM proposers qp WHERE qp.name ILIKE ${like}))`;
  if (search.number === null) return `(${words})`;
  const session: string[] = [];
  if (search.kind) session.push(`qs.body = ${param(search.kind === 'suggestion' ? 'npc' : 'cppcc')}`);
  if (search.sessionHint) session.push(`qs.name ILIKE ${param(`%${escapeLike(search.sessionHint)}%`)}`);
  const ofSession = session.length ? ` AND EXISTS (SELECT 1 FROM sessions qs WHERE qs.id = p.session_id AND ${session.join(' AND ')})` : '';
  return `((p.number = ${param(search.number)}${ofSession}) OR ${words})`;
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
