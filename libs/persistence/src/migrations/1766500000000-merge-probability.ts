import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 并案建议的把握 (issue 16): the merge classifier's probability that a similar earlier proposal is the
 * same subject, stored with the result it decided (`duplicate`). Null where the pair was judged by
 * the cosine threshold (a long text, or results computed before this migration).
 */
export class MergeProbability1766500000000 implements MigrationInterface {
  name = 'MergeProbability1766500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE proposal_similarities ADD COLUMN merge_probability real`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE proposal_similarities DROP COLUMN merge_probability`);
  }
}
