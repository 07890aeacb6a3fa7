import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Smart intake: bulk imports with their row report, the similarity index's documents (the terms of
 * each proposal, so a worker rebuilds its in-memory index without segmenting every text again), and
 * each proposal's most similar earlier proposals.
 */
export class SmartIntake1764403200000 implements MigrationInterface {
  name = 'SmartIntake1764403200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE proposal_imports (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        session_id uuid NOT NULL REFERENCES sessions(id),
        filename text NOT NULL,
        format text NOT NULL CHECK (format IN ('xlsx','csv')),
        file_sha256 text NOT NULL CHECK (file_sha256 ~ '^[0-9a-f]{64}$'),
        file bytea NOT NULL,
        status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued','running','completed','failed')),
        failure text,
        total_rows int CHECK (total_rows >= 0),
        processed_rows int NOT NULL DEFAULT 0 CHECK (processed_rows >= 0),
        imported_count int NOT NULL DEFAULT 0,
        skipped_count int NOT NULL DEFAULT 0,
        invalid_count int NOT NULL DEFAULT 0,
        requested_by uuid NOT NULL REFERENCES users(id),
        requested_at timestamptz NOT NULL,
        started_at timestamptz,
        finished_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (status <> 'failed' OR failure IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX proposal_imports_session_idx ON proposal_imports (session_id, requested_at DESC)`);
    await q.query(`CREATE INDEX proposal_imports_file_idx ON proposal_imports (session_id, file_sha256)`);

    // One row of an import's report: imported (with its proposal), skipped (already there) or invalid (with its problems).
    await q.query(`
      CREATE TABLE proposal_import_rows (
        import_id uuid NOT NULL REFERENCES proposal_imports(id) ON DELETE CASCADE,
        row_no int NOT NULL CHECK (row_no > 0),
        status text NOT NULL CHECK (status IN ('imported','skipped','invalid')),
        identity text,
        number int,
        title text,
        proposal_id uuid REFERENCES proposals(id),
        problems jsonb NOT NULL DEFAULT '[]'::jsonb,
        PRIMARY KEY (import_id, row_no),
        CHECK (status = 'invalid' OR proposal_id IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX proposal_import_rows_status_idx ON proposal_import_rows (import_id, status)`);

    // The similarity index's documents: a proposal's terms as of a version of its text. seq grows with
    // every (re)indexing, so each worker's in-memory index catches up by reading seq > what it has.
    await q.query(`CREATE SEQUENCE similarity_documents_seq`);
    await q.query(`
      CREATE TABLE similarity_documents (
        proposal_id uuid PRIMARY KEY REFERENCES proposals(id) ON DELETE CASCADE,
        seq bigint NOT NULL DEFAULT nextval('similarity_documents_seq') UNIQUE,
        text_md5 text NOT NULL,
        terms jsonb NOT NULL,
        length int NOT NULL CHECK (length >= 0),
        indexed_at timestamptz NOT NULL DEFAULT now(),
        searched_md5 text,
        searched_at timestamptz
      )`);
    // A worker's sync re-reads the documents of the last minutes; its catch-up looks at recent proposals.
    await q.query(`CREATE INDEX similarity_documents_indexed_at_idx ON similarity_documents (indexed_at)`);
    await q.query(`CREATE INDEX proposals_created_at_idx ON proposals (created_at)`);

    await q.query(`
      CREATE TABLE proposal_similarities (
        proposal_id uuid NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
        similar_id uuid NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
        rank int NOT NULL CHECK (rank > 0),
        score real NOT NULL CHECK (score >= 0 AND score <= 1.0001),
        duplicate boolean NOT NULL,
        shared_terms text[] NOT NULL DEFAULT '{}',
        computed_at timestamptz NOT NULL,
        PRIMARY KEY (proposal_id, similar_id),
        CHECK (proposal_id <> similar_id)
      )`);
    await q.query(`CREATE INDEX proposal_similarities_similar_idx ON proposal_similarities (similar_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS proposal_similarities`);
    await q.query(`DROP INDEX IF EXISTS proposals_created_at_idx`);
    await q.query(`DROP TABLE IF EXISTS similarity_documents`);
    await q.query(`DROP SEQUENCE IF EXISTS similarity_documents_seq`);
    await q.query(`DROP TABLE IF EXISTS proposal_import_rows`);
    await q.query(`DROP TABLE IF EXISTS proposal_imports`);
  }
}
