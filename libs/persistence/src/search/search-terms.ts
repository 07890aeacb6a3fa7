import { proposalSearchVector } from '#domain';

/** The one method of a TypeORM QueryRunner, DataSource or EntityManager the backfill needs. */
interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/**
 * Writes the search terms (`proposals.search_terms`, domain `proposalSearchVector`) of every proposal
 * that has none, `batch` at a time, in id order; returns how many it wrote. The migration that adds
 * the column runs it; so does the bench after seeding with SQL. A proposal without terms is still
 * found (by substring), so running this late changes speed, not results.
 */
export async function backfillSearchTerms(db: Queryable, batch = 1000): Promise<number> {
  let after = '00000000-0000-0000-0000-000000000000';
  let written = 0;
  for (;;) {
    const rows = (await db.query(
      `SELECT id, title, content FROM proposals WHERE search_terms IS NULL AND id > $1 ORDER BY id LIMIT $2`,
      [after, batch],
    )) as Array<{ id: string; title: string; content: string }>;
    if (rows.length === 0) return written;
    // A text too long for positions keeps none (null): it is searched by substring.
    const terms = rows.map((r) => ({ id: r.id, terms: proposalSearchVector(r.title, r.content) })).filter((r) => r.terms !== null);
    await db.query(
      `UPDATE proposals p SET search_terms = v.terms::tsvector
         FROM jsonb_to_recordset($1::jsonb) AS v(id uuid, terms text)
        WHERE p.id = v.id AND p.search_terms IS NULL`,
      [JSON.stringify(terms)],
    );
    written += rows.length;
    after = rows[rows.length - 1].id;
  }
}

/**
 * A vector of words (`column`) with their pairs added: for each word at p and each word at p + its
 * length, the term `first+second` at p (domain `pairTerm`), as `proposalSearchVector` writes them from the text; migration
 * 1766710000000 adds them to the vectors written before. Offsets count UTF-16 units, as the domain's:
 * a word's length in them is its UTF-8 bytes less twice its characters (a Han character is 3 bytes
 * and one unit, or 4 bytes and two beyond the BMP). Rebuilt from text so that positions are kept as
 * they are (`||` on tsvectors shifts the right one's).
 */
export const SEARCH_TERM_PAIRS_SQL = (column: string) => `(
  ${column}::text || coalesce(' ' || (
    SELECT string_agg(format('%s:%s', quote_literal(pair), array_to_string(at, ',')), ' ')
      FROM (SELECT a.lexeme || '+' || b.lexeme AS pair, array_agg(DISTINCT pa ORDER BY pa) AS at
              FROM unnest(${column}) a, unnest(a.positions) pa, unnest(${column}) b, unnest(b.positions) pb
             WHERE pb = pa + octet_length(a.lexeme) - 2 * length(a.lexeme)
             GROUP BY a.lexeme, b.lexeme) pairs), '')
)::tsvector`;
