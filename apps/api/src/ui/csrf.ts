import { createHmac } from 'node:crypto';
import { ForbiddenException, Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { doubleCsrf } from 'csrf-csrf';
import type { Request, Response } from 'express';
import { DubanConfig } from '#common';
import { IS_PUBLIC } from '../auth/auth.decorators.js';
import { SESSION_COOKIE, SessionTokens } from '../auth/session-tokens.js';

/** The hidden form field and the header that carry the CSRF token. */
export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Raised when a state-changing request lacks a valid CSRF token (HTTP 403, code `csrf_invalid`). */
export class CsrfError extends ForbiddenException {
  constructor() {
    super({ code: 'csrf_invalid', message: 'Missing or invalid CSRF token: reload the page and try again (表单已失效，请刷新页面后重试)' });
  }
}

/**
 * A form posted the ordinary way: its body is parsed before the guards run. A multipart body is
 * parsed later (by an upload interceptor), so an upload sends the token in the header.
 */
const isForm = (req: Request): boolean => !!req.is('application/x-www-form-urlencoded');

/**
 * Double-submit CSRF tokens (csrf-csrf): an http-only cookie holds a token bound by HMAC to the
 * session cookie, and every state-changing request must echo it, in the `_csrf` field of a form or
 * the `X-CSRF-Token` header of a script's request or an upload. The token changes when the session does.
 */
@Injectable()
export class Csrf {
  private readonly utils: ReturnType<typeof doubleCsrf>;

  constructor(@Inject(DubanConfig) config: DubanConfig) {
    const secret = createHmac('sha256', config.jwtSecret).update('duban:csrf').digest('base64url');
    this.utils = doubleCsrf({
      getSecret: () => secret,
      getSessionIdentifier: (req) => String(req.cookies?.[SESSION_COOKIE] ?? ''),
      cookieName: config.isProduction ? '__Host-duban_csrf' : 'duban_csrf',
      cookieOptions: { sameSite: 'strict', path: '/', secure: config.isProduction, httpOnly: true },
      // A form sends the field, a script the header; never both ways for one request.
      getCsrfTokenFromRequest: (req) => (isForm(req) ? req.body?.[CSRF_FIELD] : req.headers[CSRF_HEADER]),
    });
  }

  /** The token to put in this response's forms (sets or keeps the cookie). */
  token(req: Request, res: Response): string {
    return this.utils.generateCsrfToken(req, res);
  }

  valid(req: Request): boolean {
    return this.utils.validateRequest(req);
  }
}

/**
 * Refuses (403) a state-changing request without a valid CSRF token when it would be authenticated
 * by the session cookie, and every state-changing request to a UI route (the login form and the
 * feedback form included). Requests that carry `Authorization: Bearer` are not exposed to CSRF and
 * pass; so do requests whose cookie authenticates nobody (the auth guard refuses those).
 */
@Injectable()
export class CsrfGuard implements CanActivate {
  constructor(
    @Inject(Csrf) private readonly csrf: Csrf,
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(SessionTokens) private readonly tokens: SessionTokens,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<Request>();
    if (SAFE_METHODS.has(req.method)) return true;
    if (req.headers.authorization?.startsWith('Bearer ')) return true;
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    const publicForm = isPublic && !req.path.startsWith('/api/');
    if (!publicForm) {
      // A public API route is not authenticated by the cookie; an invalid cookie authenticates nobody.
      if (isPublic) return true;
      const cookie = req.cookies?.[SESSION_COOKIE];
      if (!cookie || !(await this.tokens.verify(cookie))) return true;
    }
    if (!this.csrf.valid(req)) throw new CsrfError();
    return true;
  }
}
