import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 联名 (co-signing, issue 14): the lead proposer's invitations to co-sign a proposal, one per
 * (proposal, invitee), each answered once (domain co-signing.ts). A confirmed invitation also puts
 * its invitee in proposal_co_proposers, in the same transaction: that list stays what every reader
 * (visibility, the reply's addressees, the documents) takes as the proposal's co-proposers.
 */
export class CoSigning1766100000000 implements MigrationInterface {
  name = 'CoSigning1766100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE co_signing_invitations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        proposal_id uuid NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
        proposer_id uuid NOT NULL REFERENCES proposers(id),
        invited_by uuid NOT NULL REFERENCES proposers(id),
        state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending','confirmed','declined')),
        via text CHECK (via IN ('app','link')),
        invited_at timestamptz NOT NULL,
        answered_at timestamptz,
        version int NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (proposal_id, proposer_id),
        CHECK (proposer_id <> invited_by),
        CHECK ((state = 'pending') = (answered_at IS NULL))
      )`);
    await q.query(`CREATE INDEX co_signing_invitations_proposer_idx ON co_signing_invitations (proposer_id, state)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS co_signing_invitations`);
  }
}
