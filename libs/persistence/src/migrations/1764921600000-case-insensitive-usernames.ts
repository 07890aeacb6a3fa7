import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Usernames unique regardless of case: `Admin` could be created beside `admin`, two accounts a
 * person cannot tell apart on a login page. Logins compare lower(username) and use this index. A
 * database that already holds such a pair stops here with the pair named, for an admin to rename
 * one (no account is renamed or merged behind anyone's back).
 */
export class CaseInsensitiveUsernames1764921600000 implements MigrationInterface {
  name = 'CaseInsensitiveUsernames1764921600000';

  async up(q: QueryRunner): Promise<void> {
    const clashes: { names: string }[] = await q.query(
      `SELECT string_agg(username, ', ' ORDER BY username) AS names FROM users GROUP BY lower(username) HAVING count(*) > 1`,
    );
    if (clashes.length) {
      throw new Error(`usernames that differ only in case must be renamed before this migration: ${clashes.map((c) => c.names).join('; ')}`);
    }
    await q.query(`CREATE UNIQUE INDEX users_username_lower_key ON users (lower(username))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS users_username_lower_key`);
  }
}
