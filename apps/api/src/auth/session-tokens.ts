import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { Actor, Role } from '#application';
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
  constructor(@Inject(JwtService) private readonly jwt: JwtService) {}

  issue(user: UserRow): Promise<string> {
    const claims: SessionClaims = { sub: user.id, username: user.username, role: user.role, unitId: user.unitId, proposerId: user.proposerId };
    return this.jwt.signAsync(claims);
  }

  async verify(token: string): Promise<Actor | null> {
    try {
      const c = await this.jwt.verifyAsync<SessionClaims>(token);
      return { kind: 'user', id: c.sub, username: c.username, role: c.role, unitId: c.unitId, proposerId: c.proposerId };
    } catch {
      return null;
    }
  }
}
