import { HttpException, HttpStatus, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request, Response } from 'express';

/** The sign-in routes: the UI's form and the API's JSON login. */
const LOGIN_PATHS = new Set(['/login', '/api/v1/auth/login']);

export interface LoginLimit {
  name: string;
  /** Attempts allowed per window. */
  limit: number;
  windowMs: number;
  key: (req: Request) => string;
}

const ipOf = (req: Request): string => String(req.ip ?? req.socket?.remoteAddress ?? 'unknown');

/**
 * Sign-in attempts per minute: 10 for one account from one address (guessing a password), 60 from
 * one address in all (trying many accounts).
 */
export const LOGIN_LIMITS: LoginLimit[] = [
  { name: 'account', limit: 10, windowMs: 60_000, key: (req) => `${ipOf(req)}|${String(req.body?.username ?? '').trim().toLowerCase()}` },
  { name: 'address', limit: 60, windowMs: 60_000, key: (req) => ipOf(req) },
];

/** 429, in the API's error shape; the UI shows it on the login form. */
export class TooManyLoginsException extends HttpException {
  constructor() {
    super(
      { code: 'too_many_requests', message: 'Too many sign-in attempts: wait a minute and try again (登录尝试过于频繁，请一分钟后再试)' },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}

/**
 * Rate-limits sign-in, and nothing else, with fixed windows counted in this process's memory (the
 * same model as @nestjs/throttler's default storage; that package itself is CommonJS requiring the
 * ESM-only @nestjs/common 12, which Jest cannot load on Node 20). A refused attempt answers 429
 * with Retry-After and does not reach the password check.
 */
@Injectable()
export class LoginThrottlerGuard implements CanActivate {
  private readonly hits = new Map<string, { count: number; resetAt: number }>();
  private sweptAt = 0;

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<Request>();
    if (req.method !== 'POST' || !LOGIN_PATHS.has(req.path)) return true;
    const now = Date.now();
    this.sweep(now);
    let retryAfterMs = 0;
    for (const limit of LOGIN_LIMITS) {
      const key = `${limit.name}:${limit.key(req)}`;
      const entry = this.hits.get(key);
      const current = entry && entry.resetAt > now ? entry : { count: 0, resetAt: now + limit.windowMs };
      current.count += 1;
      this.hits.set(key, current);
      if (current.count > limit.limit) retryAfterMs = Math.max(retryAfterMs, current.resetAt - now);
    }
    if (retryAfterMs > 0) {
      context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(Math.ceil(retryAfterMs / 1000)));
      throw new TooManyLoginsException();
    }
    return true;
  }

  /** Forgets finished windows now and then, so the map stays small. */
  private sweep(now: number): void {
    if (now - this.sweptAt < 60_000) return;
    this.sweptAt = now;
    for (const [key, entry] of this.hits) if (entry.resetAt <= now) this.hits.delete(key);
  }
}
