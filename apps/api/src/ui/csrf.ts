import { createHmac } from 'node:crypto';
import {
  applyDecorators, ForbiddenException, Inject, Injectable, SetMetadata, UseInterceptors,
  type CallHandler, type CanActivate, type ExecutionContext, type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { FileInterceptor, FilesInterceptor } from '@nestjs/platform-express';
import { doubleCsrf } from 'csrf-csrf';
import type { Request, Response } from 'express';
import type { Observable } from 'rxjs';
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
 * parsed later (by an upload interceptor): a script's upload sends the token in the header, and an
 * upload form (`@UploadForm`) sends the field, checked once the body is parsed.
 */
const isForm = (req: Request): boolean => !!req.is('application/x-www-form-urlencoded');
const isMultipart = (req: Request): boolean => !!req.is('multipart/form-data');

/** Requests of an `@UploadForm` route whose multipart body has been parsed: their token is the `_csrf` field. */
const parsedUploads = new WeakSet<Request>();

/** Metadata of a route whose multipart body is checked after parsing (set only by `@UploadForm`). */
const CSRF_AFTER_UPLOAD = 'duban:csrf-after-upload';

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
      // A form sends the field (an upload form too, once its body is parsed), a script the header;
      // never both ways for one request.
      getCsrfTokenFromRequest: (req) => (isForm(req) || parsedUploads.has(req) ? req.body?.[CSRF_FIELD] : req.headers[CSRF_HEADER]),
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
 * pass; so do requests whose cookie authenticates nobody (the auth guard refuses those). The one
 * deferral: a multipart post to an `@UploadForm` route is checked by its interceptor after parsing.
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
    const afterUpload = this.reflector.getAllAndOverride<boolean>(CSRF_AFTER_UPLOAD, [context.getHandler(), context.getClass()]);
    if (afterUpload && isMultipart(req)) return true; // CsrfAfterUpload checks it once multer has parsed it
    await this.check(context);
    return true;
  }

  /** Throws `CsrfError` if this request needs a valid token and has none. */
  async check(context: ExecutionContext): Promise<void> {
    const req = context.switchToHttp().getRequest<Request>();
    if (SAFE_METHODS.has(req.method)) return;
    if (req.headers.authorization?.startsWith('Bearer ')) return;
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    const publicForm = isPublic && !req.path.startsWith('/api/');
    if (!publicForm) {
      // A public API route is not authenticated by the cookie; an invalid cookie authenticates nobody.
      if (isPublic) return;
      const cookie = req.cookies?.[SESSION_COOKIE];
      if (!cookie || !(await this.tokens.verifyFor(req, cookie))) return;
    }
    if (!this.csrf.valid(req)) throw new CsrfError();
  }
}

/**
 * The second half of `@UploadForm`: runs after multer (the interceptor before it) has parsed the
 * multipart body and before the handler, and checks the `_csrf` field as the guard checks a form's.
 */
@Injectable()
export class CsrfAfterUpload implements NestInterceptor {
  constructor(@Inject(CsrfGuard) private readonly guard: CsrfGuard) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const req = context.switchToHttp().getRequest<Request>();
    if (isMultipart(req)) {
      parsedUploads.add(req);
      await this.guard.check(context);
    }
    return next.handle();
  }
}

/**
 * An upload form that works without JavaScript: a plain `<form enctype="multipart/form-data">`
 * posts its hidden `_csrf` field inside the multipart body, which Nest parses only after the
 * guards, in `FileInterceptor`. So the guard leaves a multipart post to this route alone, and
 * `CsrfAfterUpload` checks the field right after multer and before the handler: a post without a
 * valid token is refused (403) before anything is stored (multer keeps the file in memory only).
 * Both halves come from this one decorator, so the guard's deferral never exists without the check.
 *
 * Why not the token in the action URL (`?_csrf=`), which the guard could check before parsing:
 * a token in a URL ends up in access logs, in the address bar and history when the answer is a
 * page (a refused file), and in `Referer` headers, which OWASP's CSRF guidance warns against.
 * Parsing first costs little: the auth guard has already refused a post that is not signed in (and
 * a cross-site post carries no `SameSite=Lax` session cookie), and multer's limits still apply; a
 * file over the limit is refused with 413 before the token is looked at, storing nothing either.
 */
export const UploadForm = (field: string, options: Record<string, unknown>) =>
  applyDecorators(
    SetMetadata(CSRF_AFTER_UPLOAD, true),
    UseInterceptors(FileInterceptor(field, options as Parameters<typeof FileInterceptor>[1]), CsrfAfterUpload),
  );

/** `@UploadForm` for a field that takes several files (up to `max`): the same CSRF check after multer. */
export const UploadFilesForm = (field: string, max: number, options: Record<string, unknown>) =>
  applyDecorators(
    SetMetadata(CSRF_AFTER_UPLOAD, true),
    UseInterceptors(FilesInterceptor(field, max, options as Parameters<typeof FilesInterceptor>[2]), CsrfAfterUpload),
  );
