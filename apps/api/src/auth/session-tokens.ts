import { createSecretKey, type KeyObject } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { Actor, Role } from '#application';
import { DubanConfig } from '#common';
import type { UserRow } from '#persistence';

export const SESSION_COOKIE = 'duban_session';

interface SessionClaims {
  sub: string;
  username: string;
  role: Role;
  unitId: string | null;
  proposerId: string | null;
}

/** Bearer tokens and the UI's session cookie carry the same signed claims. */
@Injectable()
export class SessionTokens {
  /**
   * The secret as a KeyObject, made once. Given a string, jsonwebtoken first tries to read it as a
   * PEM public key on every verify (createPublicKey, which throws): ~1.5 ms of CPU per request, the
   * largest single cost of an API call (docs/performance.md). @nestjs/jwt types `secret` as
   * string | Buffer but hands it to jsonwebtoken as it is, which takes a KeyObject.
   */
  private readonly key: Buffer;

  constructor(
    @Inject(JwtService) private readonly jwt: JwtService,
    @Inject(DubanConfig) config: DubanConfig,
  ) {
    this.key = createSecretKey(Buffer.from(config.jwtSecret, 'utf8')) satisfies KeyObject as unknown as Buffer;
  }

  issue(user: UserRow): Promise<string> {
    const claims: SessionClaims = { sub: user.id, username: user.username, role: user.role, unitId: user.unitId, proposerId: user.proposerId };
    return this.jwt.signAsync(claims, { secret: this.key });
  }

  async verify(token: string): Promise<Actor | null> {
    try {
      const c = await this.jwt.verifyAsync<SessionClaims>(token, { secret: this.key });
      return { kind: 'user', id: c.sub, username: c.username, role: c.role, unitId: c.unitId, proposerId: c.proposerId };
    } catch {
      return null;
    }
  }
}
