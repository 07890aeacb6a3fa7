import type { MigrationInterface, QueryRunner } from 'typeorm';
import { SEARCH_TERM_PAIRS_SQL } from '../search/search-terms.js';

/**
 * The search terms' pairs (issue 17, docs/performance.md "Pairs of words as terms"): every two words
 * one right after the other in a proposal's text as one more term of `proposals.search_terms`
 * (domain `proposalSearchVector`, `pairTerm`: 数字+政府 at the offset of 数字), so that a query of
 * two words is one term of the GIN index — exact there, and counted by the planner from the column's
 * statistics rather than as two independent words.
 *
 * The existing vectors already hold every word at every offset it was kept at, so the pairs are
 * derived from them here (`SEARCH_TERM_PAIRS_SQL`), without segmenting the texts again: the same
 * pairs the domain writes from the text (test/search-terms.e2e-spec.ts compares them). The index is
 * rebuilt after the update rather than updated row by row.
 */
export class SearchTermPairs1766710000000 implements MigrationInterface {
  name = 'SearchTermPairs1766710000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS proposals_search_terms_idx`);
    await q.query(`UPDATE proposals SET search_terms = ${SEARCH_TERM_PAIRS_SQL('search_terms')} WHERE search_terms IS NOT NULL`);
    await q.query(`CREATE INDEX proposals_search_terms_idx ON proposals USING gin (search_terms)`);
    await q.query(`ANALYZE proposals`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS proposals_search_terms_idx`);
    // The words without their pairs (a pair's term has a +, no word has).
    await q.query(
      `UPDATE proposals SET search_terms = (
         SELECT coalesce(string_agg(format('%s:%s', quote_literal(t.lexeme), array_to_string(t.positions, ',')), ' ')::tsvector, ''::tsvector)
           FROM unnest(search_terms) t WHERE strpos(t.lexeme, '+') = 0)
        WHERE search_terms IS NOT NULL`,
    );
    await q.query(`CREATE INDEX proposals_search_terms_idx ON proposals USING gin (search_terms)`);
  }
}
