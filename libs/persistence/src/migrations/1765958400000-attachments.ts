import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Attachments (附件, issue 14): files of proposals, replies (the signed 答复函), communications and
 * supervision notices. The bytes live in the attachment store (disk or S3); a row is inserted in the
 * same flow as the object is stored, and the object is removed again when the transaction fails.
 * A reply has at most one letter.
 */
export class Attachments1765958400000 implements MigrationInterface {
  name = 'Attachments1765958400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE attachments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        proposal_id uuid NOT NULL REFERENCES proposals(id),
        owner_type text NOT NULL CHECK (owner_type IN ('proposal','reply','communication','supervision_notice')),
        owner_id uuid NOT NULL,
        purpose text NOT NULL DEFAULT 'file' CHECK (purpose IN ('file','letter')),
        filename text NOT NULL CHECK (length(filename) BETWEEN 1 AND 255),
        media_type text NOT NULL,
        format text NOT NULL,
        size_bytes int NOT NULL CHECK (size_bytes > 0),
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        storage_key text NOT NULL UNIQUE,
        uploaded_by uuid REFERENCES users(id),
        uploaded_at timestamptz NOT NULL,
        CHECK (purpose <> 'letter' OR (owner_type = 'reply' AND format = 'pdf'))
      )`);
    await q.query(`CREATE INDEX attachments_owner_idx ON attachments (owner_type, owner_id, uploaded_at)`);
    await q.query(`CREATE INDEX attachments_proposal_idx ON attachments (proposal_id)`);
    await q.query(`CREATE UNIQUE INDEX attachments_one_letter_idx ON attachments (owner_id) WHERE purpose = 'letter'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS attachments`);
  }
}
