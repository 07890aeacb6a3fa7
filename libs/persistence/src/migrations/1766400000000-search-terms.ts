import type { MigrationInterface, QueryRunner } from 'typeorm';
import { backfillSearchTerms } from '../search/search-terms.js';

/**
 * Search by words (issue 17, docs/performance.md): `proposals.search_terms`, the jieba words of
 * title and content at their character offsets (domain `proposalSearchVector`) as a `tsvector`,
 * GIN-indexed.
 * A query of dictionary words (数字政府, 养老) is looked up there; the trigram index stays for
 * every other query (a fragment, a name, Latin letters, punctuation) and for proposals whose terms
 * are not written yet.
 *
 * The use cases that write a title or content (提交, 修改后重新提交) write the terms in the same
 * statement; any other change of title or content clears them (the trigger below), so a proposal
 * is never looked up by stale words — without terms it is searched by substring, and
 * `backfillSearchTerms` writes them again. Existing proposals get theirs here.
 */
export class SearchTerms1766400000000 implements MigrationInterface {
  name = 'SearchTerms1766400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE proposals ADD COLUMN search_terms tsvector`);
    await q.query(`
      CREATE FUNCTION duban_clear_search_terms() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- The text changed and the statement did not write its terms: they are stale.
        IF NEW.search_terms IS NOT DISTINCT FROM OLD.search_terms THEN
          NEW.search_terms := NULL;
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER proposals_clear_search_terms BEFORE UPDATE OF title, content ON proposals
        FOR EACH ROW WHEN (NEW.title IS DISTINCT FROM OLD.title OR NEW.content IS DISTINCT FROM OLD.content)
        EXECUTE FUNCTION duban_clear_search_terms()`);
    await backfillSearchTerms(q);
    await q.query(`CREATE INDEX proposals_search_terms_idx ON proposals USING gin (search_terms)`);
    // The proposals still to segment: few or none, so the substring arm for them costs nothing.
    await q.query(`CREATE INDEX proposals_unsegmented_idx ON proposals (id) WHERE search_terms IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS proposals_clear_search_terms ON proposals`);
    await q.query(`DROP FUNCTION IF EXISTS duban_clear_search_terms()`);
    await q.query(`ALTER TABLE proposals DROP COLUMN IF EXISTS search_terms`);
  }
}
