import { createSecretKey, randomUUID, type KeyObject } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { DataSource } from 'typeorm';
import type { Actor, Role } from '#kernel';
import type { UnitRole } from '#domain';
import { DubanConfig } from '#common';
import type { UserRow } from '#persistence';

export const SESSION_COOKIE = 'duban_session';

/** The most session checks an API process keeps (then it starts afresh): ~1 KB each. */
const MAX_CACHED = 10_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The token of an `Authorization: Bearer` header, if the request has one. */
export function bearerToken(req: { headers: { authorization?: string } }): string | undefined {
  const header = req.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice(7) : undefined;
}

interface SessionClaims {
  sub: string;
  username: string;
  role: Role;
  unitId: string | null;
  proposerId: string | null;
  /** The token's id: logout revokes it (table revoked_tokens). */
  jti: string;
  /** The user's token_epoch when the token was issued: bumping it ends every token of the user. */
  epoch: number;
  /** Set by jsonwebtoken: seconds since the epoch. */
  exp?: number;
}

/**
 * Bearer tokens and the UI's session cookie carry the same signed claims. The role, unit and
 * proposer in them are informative only: every request takes them from the user row. A token is good while its
 * signature and expiry hold, its id has not been revoked (logout) and its user is active with the
 * same token epoch (an admin changing the user's password, role or binding, or deactivating the
 * user, bumps it). That check is one query (two primary-key probes); its answer is reused by this
 * process for DUBAN_SESSION_CHECK_MS (2 s in production, 0 — every request — elsewhere): a logout
 * takes effect at once in the process that handled it (it forgets its check of the token) and within
 * that bound in the other API processes; an admin's change of a user within that bound everywhere
 * (docs/ui.md, "Security").
 */
@Injectable()
export class SessionTokens {
  /**
   * The secret as a KeyObject, made once. Given a string, jsonwebtoken first tries to read it as a
   * PEM public key on every verify (createPublicKey, which throws): ~1.5 ms of CPU per request, the
   * largest single cost of an API call (docs/performance.md). @nestjs/jwt types `secret` as
   * string | Buffer but hands it to jsonwebtoken as it is, which takes a KeyObject.
   */
  private readonly key: Buffer;
  /** One check per request and token, however many guards ask (auth, CSRF, bull-board's). */
  private readonly checked = new WeakMap<object, { token: string; actor: Promise<Actor | null> }>();
  /** Recent checks by token, each good until `until` (DUBAN_SESSION_CHECK_MS); at most MAX_CACHED. */
  private readonly recent = new Map<string, { until: number; actor: Actor | null }>();
  private readonly checkMs: number;

  constructor(
    @Inject(JwtService) private readonly jwt: JwtService,
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(DubanConfig) config: DubanConfig,
  ) {
    this.checkMs = config.sessionCheckMs;
    this.key = createSecretKey(Buffer.from(config.jwtSecret, 'utf8')) satisfies KeyObject as unknown as Buffer;
  }

  issue(user: UserRow): Promise<string> {
    const claims: SessionClaims = {
      sub: user.id, username: user.username, role: user.role, unitId: user.unitId, proposerId: user.proposerId,
      jti: randomUUID(), epoch: user.tokenEpoch ?? 0,
    };
    return this.jwt.signAsync(claims, { secret: this.key });
  }

  /** The signed claims of a well-formed, unexpired token of this kind (revoked or not). */
  private async claims(token: string): Promise<SessionClaims | null> {
    try {
      const c = await this.jwt.verifyAsync<SessionClaims>(token, { secret: this.key });
      // Tokens from before revocation existed carry no id: they could not be revoked, so they are refused.
      // A subject that is not a uuid would make the user query fail (500) instead of a 401.
      return typeof c.jti === 'string' && Number.isInteger(c.epoch) && typeof c.sub === 'string' && UUID.test(c.sub) ? c : null;
    } catch {
      return null;
    }
  }

  /**
   * The actor of a good token, as the user row says now: the token only names the user (`sub`), its
   * epoch and its id. Username, role, unit and proposer come from the same query that checks the
   * epoch and the revocation, so a claim that was forged (with a leaked key) or went stale has no
   * effect — the row decides.
   */
  async verify(token: string): Promise<Actor | null> {
    if (this.checkMs <= 0) return (await this.check(token)).actor;
    const now = Date.now();
    const hit = this.recent.get(token);
    if (hit && hit.until > now) return hit.actor;
    const { actor, exp } = await this.check(token);
    if (this.recent.size >= MAX_CACHED) this.recent.clear();
    // Never trusted beyond the token's own expiry.
    this.recent.set(token, { until: Math.min(now + this.checkMs, exp ? exp * 1000 : now), actor });
    return actor;
  }

  private async check(token: string): Promise<{ actor: Actor | null; exp?: number }> {
    const c = await this.claims(token);
    if (!c) return { actor: null };
    const [row]: Array<{ username: string; display_name: string | null; role: Role; unit_id: string | null; proposer_id: string | null; unit_role: UnitRole | null }> = await this.ds.query(
      `SELECT u.username, u.display_name, u.role, u.unit_id, u.proposer_id, u.unit_role
         FROM users u
        WHERE u.id = $1 AND u.active AND u.token_epoch = $2
          AND NOT EXISTS (SELECT 1 FROM revoked_tokens r WHERE r.jti = $3)`,
      [c.sub, c.epoch, c.jti],
    );
    if (!row) return { actor: null, exp: c.exp };
    return {
      actor: { kind: 'user', id: c.sub, username: row.username, displayName: row.display_name, role: row.role, unitId: row.unit_id, proposerId: row.proposer_id, unitRole: row.unit_role },
      exp: c.exp,
    };
  }

  /** `verify`, once per request: the guards that each look at the same token share the answer. */
  verifyFor(request: object, token: string): Promise<Actor | null> {
    const seen = this.checked.get(request);
    if (seen?.token === token) return seen.actor;
    const actor = this.verify(token);
    this.checked.set(request, { token, actor });
    return actor;
  }

  /**
   * Logout: the token stops working at once, everywhere. Its id is kept until the token would have
   * expired anyway; the rows of tokens already expired are purged on the way (an index range scan).
   * A token that is malformed or expired needs nothing.
   */
  async revoke(token: string): Promise<void> {
    this.recent.delete(token);
    const c = await this.claims(token);
    if (!c?.exp) return;
    await this.ds.query(`INSERT INTO revoked_tokens (jti, expires_at) VALUES ($1, to_timestamp($2)) ON CONFLICT (jti) DO NOTHING`, [c.jti, c.exp]);
    await this.ds.query(`DELETE FROM revoked_tokens WHERE expires_at < now()`);
  }
}
