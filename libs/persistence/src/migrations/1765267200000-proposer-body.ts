import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which body a proposer belongs to (政协 or 人大): a CPPCC member files 提案 to CPPCC sessions, an
 * NPC deputy 建议 to NPC sessions, and the submission form and SubmitProposal offer and accept only
 * those. Existing proposers who led a proposal of an NPC session are NPC deputies; everyone else
 * (and every group, 党派团体, which only the CPPCC has) stays CPPCC.
 */
export class ProposerBody1765267200000 implements MigrationInterface {
  name = 'ProposerBody1765267200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE proposers ADD COLUMN body text NOT NULL DEFAULT 'cppcc' CHECK (body IN ('cppcc', 'npc'))`);
    await q.query(`
      UPDATE proposers pr SET body = 'npc'
       WHERE pr.kind = 'member'
         AND EXISTS (SELECT 1 FROM proposals p JOIN sessions s ON s.id = p.session_id WHERE p.lead_proposer_id = pr.id AND s.body = 'npc')
         AND NOT EXISTS (SELECT 1 FROM proposals p JOIN sessions s ON s.id = p.session_id WHERE p.lead_proposer_id = pr.id AND s.body = 'cppcc')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE proposers DROP COLUMN body`);
  }
}
