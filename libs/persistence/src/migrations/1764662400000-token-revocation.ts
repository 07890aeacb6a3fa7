import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Signing out ends a session at once (docs/ui.md, "Security"). A session token carries an id
 * (`jti`) and its user's `token_epoch`; every request checks both in one query (two primary-key
 * probes): the token's id must not be in `revoked_tokens` (written by logout, kept until the token
 * would have expired anyway, then purged), and the epoch must still be the user's (bumped when an
 * admin changes the user's password, role, binding or deactivates the user: all their tokens end).
 */
export class TokenRevocation1764662400000 implements MigrationInterface {
  name = 'TokenRevocation1764662400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE revoked_tokens (
        jti uuid PRIMARY KEY,
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Logout purges the rows whose tokens have expired.
    await q.query(`CREATE INDEX revoked_tokens_expires_idx ON revoked_tokens (expires_at)`);
    await q.query(`ALTER TABLE users ADD COLUMN token_epoch int NOT NULL DEFAULT 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users DROP COLUMN IF EXISTS token_epoch`);
    await q.query(`DROP TABLE IF EXISTS revoked_tokens`);
  }
}
