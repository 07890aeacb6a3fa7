import { createHmac } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';

/**
 * The JWTs (HS256) of Duban's signed links — the feedback link (回执) and the co-signing link (联名) —
 * each signed with a key derived from the link secret for its own purpose, and carrying that
 * purpose: a token of one kind is never taken for the other, nor for a session token.
 */
export class LinkSigner {
  private readonly jwt: JwtService;

  constructor(secret: string, readonly purpose: string) {
    this.jwt = new JwtService({ secret: createHmac('sha256', secret).update(purpose).digest('base64url') });
  }

  sign(claims: Record<string, string | number>, expiresAt: Date): string {
    return this.jwt.sign({ purpose: this.purpose, ...claims, exp: Math.floor(expiresAt.getTime() / 1000) }, { algorithm: 'HS256' });
  }

  /**
   * The claims of a genuine token of this purpose, expired or not (expiry is judged by the caller,
   * with the app's clock); null for a malformed, forged or other token.
   */
  read(token: string): (Record<string, unknown> & { exp: number }) | null {
    try {
      const c = this.jwt.verify<Record<string, unknown>>(token, { algorithms: ['HS256'], ignoreExpiration: true });
      return c.purpose === this.purpose && Number.isInteger(c.exp) ? (c as Record<string, unknown> & { exp: number }) : null;
    } catch {
      return null;
    }
  }
}
