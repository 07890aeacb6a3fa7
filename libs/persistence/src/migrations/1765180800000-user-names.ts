import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Users get a real name (姓名) and a title (职务): the timeline, emails and letters name the person
 * who acted — "王晓（市行政审批和政务信息管理局 科长）" — never their login. Both optional, so that
 * existing users keep working until the administrator fills them in.
 */
export class UserNames1765180800000 implements MigrationInterface {
  name = 'UserNames1765180800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN display_name text, ADD COLUMN title text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users DROP COLUMN display_name, DROP COLUMN title`);
  }
}
