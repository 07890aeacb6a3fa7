import type { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { Actor } from '#kernel';
import { proposalOverdueSql } from './overdue-sql.js';
import { searchIsOneTerm } from './proposal-search.js';

/**
 * Overdue (逾期), the one definition: an open duty deadline past its due time. An adjustment window
 * that closed is not a duty. The condition over proposals `p`, `:now` bound to the clock's now; the
 * counters of migration 1765872000000 count by the same rule (`proposal_count_facts.due_at`).
 */
export const OVERDUE_CONDITION = proposalOverdueSql(':now');

/** Beyond this many matches a free-text search's total is a lower bound ("1,000+"). */
export const SEARCH_TOTAL_BOUND = 1000;

/** The filters a total is kept for (the register's and the API list's). */
export interface TotalFilter {
  sessionId?: string;
  status?: string;
  key?: boolean;
  unitId?: string;
  theme?: string;
  category?: string;
  overdue?: boolean;
  q?: string;
}

export interface Total {
  total: number;
  /** True when `total` is only a lower bound: a text search with more than SEARCH_TOTAL_BOUND matches. */
  totalIsLowerBound: boolean;
}

/**
 * How many proposals a register query matches, without counting them where it can:
 * - a free-text search counts up to SEARCH_TOTAL_BOUND + 1 matches and says "1,000+" beyond;
 * - for an actor who sees every proposal (staff), with session, status and key (重点) filters and at
 *   most one of unit, theme, category and overdue: a sum over the counter rows `proposal_counts`
 *   (kept exact by triggers in the transaction of every change), plus for overdue the proposals
 *   whose earliest duty falls due today before `now` (an index range of one day);
 * - otherwise (a unit's or a proposer's own proposals, two facets at once) `count(*)` of the query.
 * `qb` is the list's query over `p` with the filters applied, before ordering and paging.
 */
export async function proposalTotal<T extends ObjectLiteral>(
  em: EntityManager,
  actor: Actor,
  filter: TotalFilter,
  now: Date,
  qb: SelectQueryBuilder<T>,
): Promise<Total> {
  if (filter.q?.trim()) {
    const [sql, params] = qb.clone().select('1').limit(SEARCH_TOTAL_BOUND + 1).getQueryAndParameters();
    const bounded = `SELECT count(*)::int AS n FROM (${sql}) m`;
    const count = async (db: EntityManager) => ((await db.query(bounded, params)) as Array<{ n: number }>)[0].n;
    // Not inside the caller's transaction: SET LOCAL would outlive a savepoint and sample its later reads.
    const n = searchIsOneTerm(filter.q) && !em.queryRunner?.isTransactionActive ? await sampledFirst(em, count) : await count(em);
    return { total: Math.min(n, SEARCH_TOTAL_BOUND), totalIsLowerBound: n > SEARCH_TOTAL_BOUND };
  }
  const counted = seesEverything(actor) ? await countedTotal(em, filter, now) : null;
  if (counted !== null) return { total: counted, totalIsLowerBound: false };
  return { total: await countProposals(qb), totalIsLowerBound: false };
}

/**
 * How many of a term's GIN entries a sampled count reads (`gin_fuzzy_search_limit`): enough that
 * a term with more than SEARCH_TOTAL_BOUND matches keeps more than that many in the sample (none of
 * 20 frequencies from 1,100 to 100,000, 20 tries each, fell short at 2,000; docs/performance.md).
 */
export const SEARCH_TOTAL_SAMPLE = 3000;

/**
 * A search's bounded count, on a sample of the term's GIN entries first: with `gin_fuzzy_search_limit`
 * a GIN scan of a term with more entries than the limit returns a random subset of about that many
 * (Postgres documents it as a soft limit), so the bitmap and the table pages read to find 1,001
 * matches are those of ~3,000 instead of every match (12,500 for 数字政府 in the bench's 100,000). A
 * subset's matches are matches: more than SEARCH_TOTAL_BOUND of them proves "1,000+"; fewer is
 * counted again without the sample, so a total up to 1,000 stays exact. In a transaction of its
 * own (SET LOCAL); the page's query runs on another connection, unsampled.
 */
async function sampledFirst(em: EntityManager, count: (db: EntityManager) => Promise<number>): Promise<number> {
  return em.transaction(async (tx) => {
    // The term index's bitmap, not a scan of the table: the planner prices the scan that stops at
    // 1,001 matches of a common term below the bitmap (4.4 ms against 1.6 sampled, 3.2 in full, on the
    // bench's fresh 100,000) and knows nothing of the sample. Disabling the scan's plan adds 10^10 to its
    // cost, which would otherwise let JIT compile the statement (230 ms): jit off.
    await tx.query(
      `SELECT set_config('gin_fuzzy_search_limit', $1, true), set_config('enable_seqscan', 'off', true), set_config('jit', 'off', true)`,
      [String(SEARCH_TOTAL_SAMPLE)],
    );
    const sampled = await count(tx);
    if (sampled > SEARCH_TOTAL_BOUND) return sampled;
    // 1,000 or fewer in the sample: counted in full (still from the bitmap: fewer than 1,001 matches
    // of a common term, under a filter, would have the scan read the whole table).
    await tx.query(`SELECT set_config('gin_fuzzy_search_limit', '0', true)`);
    return count(tx);
  });
}

/**
 * How many proposals a register query matches: count(*), not TypeORM's getCount, whose
 * COUNT(DISTINCT p.id) sorts every matching id — with 100,000 proposals the register's total took
 * 43 ms that way and 10 ms this way (docs/performance.md). Right only for queries with one row per
 * proposal: filters as EXISTS clauses, joins to one row at most (the session).
 */
export async function countProposals<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>): Promise<number> {
  const counted = await qb.clone().select('count(*)::int', 'n').getRawOne<{ n: number }>();
  return counted?.n ?? 0;
}


const seesEverything = (actor: Actor) => actor.kind === 'user' && actor.role !== 'unit' && actor.role !== 'proposer';

/** The total from the counters, or null when the filter is not one they keep. */
async function countedTotal(em: EntityManager, f: TotalFilter, now: Date): Promise<number | null> {
  const facets = [
    f.unitId !== undefined && (['unit', f.unitId] as const),
    f.theme !== undefined && (['theme', f.theme] as const),
    f.category !== undefined && (['category', f.category] as const),
  ].filter((x) => x !== false);
  if (facets.length + (f.overdue !== undefined ? 1 : 0) > 1) return null;
  const dims = [f.sessionId ?? null, f.status ?? null, f.key ?? null];
  const ofDims = `($3::uuid IS NULL OR session_id = $3) AND ($4::text IS NULL OR status = $4) AND ($5::boolean IS NULL OR key = $5)`;
  const sum = async (facet: string, value: string) => {
    const [{ n }] = await em.query(
      `SELECT coalesce(sum(n), 0)::int AS n FROM proposal_counts WHERE facet = $1 AND value = $2 AND ${ofDims}`,
      [facet, value, ...dims],
    );
    return n as number;
  };
  if (f.overdue === undefined) return facets.length ? sum(facets[0][0], facets[0][1]) : sum('all', '');
  // Overdue at `now`: the days before today (UTC) from the counters, today's share from the facts' due index.
  const dayStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const [{ n }] = await em.query(
    `SELECT (SELECT coalesce(sum(n), 0) FROM proposal_counts WHERE facet = 'due' AND value < $1 AND ${ofDims})
          + (SELECT count(*) FROM proposal_count_facts WHERE due_at >= $2 AND due_at < $6 AND ${ofDims}) AS n`,
    [dayStart.toISOString().slice(0, 10), dayStart, ...dims, now],
  );
  const overdue = Number(n);
  return f.overdue ? overdue : (await sum('all', '')) - overdue;
}

/** The values a facet has now (the register's pickers of category and theme), without a scan of proposals. */
export async function proposalFacetValues(em: EntityManager, facet: 'category' | 'theme'): Promise<string[]> {
  const rows: Array<{ value: string }> = await em.query(
    `SELECT value FROM proposal_counts WHERE facet = $1 GROUP BY value HAVING sum(n) > 0 ORDER BY value`,
    [facet],
  );
  return rows.map((r) => r.value);
}
