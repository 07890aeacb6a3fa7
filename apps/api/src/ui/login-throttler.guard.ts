import { HttpException, HttpStatus, Inject, Injectable, SetMetadata, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { DubanConfig } from '#common';
import { REDIS } from '#queue';

export const IS_LOGIN = 'duban:login';

/**
 * Marks a sign-in handler. The limiter recognises sign-in by the handler Express routed to, not by
 * the path string: `/api/v1/Auth/Login/` and `/Login` reach the same handlers and are counted alike.
 */
export const LoginRoute = () => SetMetadata(IS_LOGIN, true);

export interface LoginLimit {
  name: string;
  /** Attempts allowed per window. */
  limit: number;
  windowSeconds: number;
  key: (req: Request) => string;
}

const ipOf = (req: Request): string => String(req.ip ?? req.socket?.remoteAddress ?? 'unknown');
const usernameOf = (req: Request): string => {
  const name: unknown = req.body?.username;
  return typeof name === 'string' ? name.trim().toLowerCase() : '';
};

/**
 * Sign-in attempts per minute: 10 for one account from one address (guessing a password), 60 from
 * one address in all (trying many accounts). Both routes (the UI's form and the API) share them.
 */
export const LOGIN_LIMITS: LoginLimit[] = [
  { name: 'account', limit: 10, windowSeconds: 60, key: (req) => `${ipOf(req)}|${usernameOf(req)}` },
  { name: 'address', limit: 60, windowSeconds: 60, key: (req) => ipOf(req) },
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
 * Rate-limits sign-in, and nothing else, with counters in Redis (rate-limiter-flexible), so that
 * every API copy of a deployment counts the same attempts; the keys carry the deployment's queue
 * prefix. A refused attempt answers 429 with Retry-After and does not reach the password check.
 * Should Redis be unreachable, sign-in is refused (503 from the store error) rather than unlimited.
 */
@Injectable()
export class LoginThrottlerGuard implements CanActivate {
  private readonly limiters: Array<{ limit: LoginLimit; store: RateLimiterRedis }>;

  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(REDIS) redis: Redis,
    @Inject(DubanConfig) config: DubanConfig,
  ) {
    this.limiters = LOGIN_LIMITS.map((limit) => ({
      limit,
      store: new RateLimiterRedis({
        storeClient: redis,
        keyPrefix: `${config.queuePrefix}:login:${limit.name}`,
        points: limit.limit,
        duration: limit.windowSeconds,
      }),
    }));
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    if (!this.reflector.get<boolean>(IS_LOGIN, context.getHandler())) return true;
    const req = context.switchToHttp().getRequest<Request>();
    let retryAfterMs = 0;
    for (const { limit, store } of this.limiters) {
      try {
        await store.consume(limit.key(req));
      } catch (refusal) {
        if (!(refusal instanceof RateLimiterRes)) throw refusal;
        retryAfterMs = Math.max(retryAfterMs, refusal.msBeforeNext);
      }
    }
    if (retryAfterMs > 0) {
      context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(Math.max(1, Math.ceil(retryAfterMs / 1000))));
      throw new TooManyLoginsException();
    }
    return true;
  }
}
