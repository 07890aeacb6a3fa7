import { ArgumentsHost, Catch, Inject, Logger, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { SESSION_COOKIE } from '../auth/session-tokens.js';
import { CsrfError } from './csrf.js';
import { describeError } from './errors.js';
import { Ui, type UiRequest } from './ui.service.js';

/**
 * Errors of the UI's routes as pages: not signed in (or the session expired) → the login page,
 * which comes back here afterwards; 403/404/409/… → an error page with the status and the zh-CN
 * message of the error's code (the catalogue in libs/contracts/src/errors.ts, as the API's `messageZh`).
 */
@Catch()
export class UiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('UiExceptionFilter');

  constructor(@Inject(Ui) private readonly ui: Ui) {}

  catch(e: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<UiRequest>();
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return;
    const { status, message } = describeError(e);
    if (status >= 500) this.logger.error(e instanceof Error ? e.stack : String(e));
    if (status === 401) {
      const expired = !!req.cookies?.[SESSION_COOKIE];
      if (expired) res.clearCookie(SESSION_COOKIE, { path: '/' });
      const next = req.method === 'GET' ? req.originalUrl : (req.get('referer') ? new URL(req.get('referer')!, 'http://x').pathname : '/');
      this.ui.redirect(res, `/login?next=${encodeURIComponent(next)}`, {
        kind: 'error',
        text: expired ? '登录已过期，请重新登录。' : '请先登录。',
      });
      return;
    }
    if (status === 429 && req.path === '/login') {
      this.ui.page(req, res, 'login', { error: '登录尝试过于频繁，请一分钟后再试。', username: String(req.body?.username ?? ''), next: req.body?.next }, 429);
      return;
    }
    const title = e instanceof CsrfError ? '表单已失效' : ({ 403: '无权访问', 404: '页面不存在' } as Record<number, string>)[status] ?? '操作未完成';
    this.ui.page(req, res, 'error', { status, title, message }, status);
  }
}
