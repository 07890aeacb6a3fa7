import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 提案草稿 (issue 14, the member's pages on a phone): a proposal a member is still writing, kept on
 * the server so it survives a closed tab, a lost connection or a switch from phone to computer.
 * A draft is its author's only (user_id); it has no number, no state and no events — submitting it
 * creates the proposal (SubmitProposal) and, in the same transaction, turns its files into the
 * proposal's 附件材料 and deletes it. Its files are stored like attachments (checked, scanned,
 * checksummed) under `<draft id>/<file id>` (uuids, as a proposal's files are keyed); their rows move to `attachments` on submission.
 */
export class ProposalDrafts1766200000000 implements MigrationInterface {
  name = 'ProposalDrafts1766200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE proposal_drafts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id),
        proposer_id uuid NOT NULL REFERENCES proposers(id),
        session_id uuid REFERENCES sessions(id),
        title text NOT NULL DEFAULT '' CHECK (length(title) <= 200),
        content text NOT NULL DEFAULT '' CHECK (length(content) <= 50000),
        category text CHECK (length(category) <= 50),
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        version int NOT NULL DEFAULT 1
      )`);
    await q.query(`CREATE INDEX proposal_drafts_user_idx ON proposal_drafts (user_id, updated_at DESC)`);
    await q.query(`
      CREATE TABLE proposal_draft_files (
        id uuid PRIMARY KEY,
        draft_id uuid NOT NULL REFERENCES proposal_drafts(id) ON DELETE CASCADE,
        filename text NOT NULL CHECK (length(filename) BETWEEN 1 AND 255),
        media_type text NOT NULL,
        format text NOT NULL,
        size_bytes int NOT NULL CHECK (size_bytes > 0),
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        storage_key text NOT NULL UNIQUE,
        uploaded_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX proposal_draft_files_draft_idx ON proposal_draft_files (draft_id, uploaded_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS proposal_draft_files`);
    await q.query(`DROP TABLE IF EXISTS proposal_drafts`);
  }
}
