import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Units know their duties (issue 16): `units.duties` (职能, from the unit's 三定 description) and
 * `units.department_type` (部门类型, a code of the national list in libs/domain department-types),
 * which routing suggestions learn from. Both optional: a unit without them is suggested from its
 * history only.
 */
export class UnitDuties1765526400000 implements MigrationInterface {
  name = 'UnitDuties1765526400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE units ADD COLUMN duties text, ADD COLUMN department_type text`);
    // The similarity features changed (words and character bigrams, variants folded): documents of
    // version 1 are recomputed by the intake workers' catch-up; their search results stay until then.
    await q.query(`ALTER TABLE similarity_documents ADD COLUMN features smallint NOT NULL DEFAULT 1`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE similarity_documents DROP COLUMN IF EXISTS features`);
    await q.query(`ALTER TABLE units DROP COLUMN IF EXISTS duties, DROP COLUMN IF EXISTS department_type`);
  }
}
