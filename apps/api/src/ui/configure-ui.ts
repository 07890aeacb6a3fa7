import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import { DubanConfig } from '#common';
import { Queues } from '#queue';
import { SESSION_COOKIE, SessionTokens } from '../auth/session-tokens.js';
import { httpErrorBody } from '../platform/error-filter.js';
import { Ui, type UiRequest } from './ui.service.js';
import { PUBLIC_DIR } from './views.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Where BullMQ's dashboard lives (admins only). */
export const QUEUES_PATH = '/admin/queues';

/**
 * Security headers. Everything Duban serves comes from Duban (intranets have no internet), so the
 * content security policy allows only 'self': no CDN, no inline script, no inline style. The two
 * third-party pages, Swagger UI and bull-board, also need inline styles; they get that and no more.
 */
function securityHeaders(config: DubanConfig): RequestHandler {
  const directives = {
    defaultSrc: ["'self'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
    objectSrc: ["'none'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    fontSrc: ["'self'"],
    connectSrc: ["'self'"],
  };
  const make = (styleSrc: string[]) =>
    helmet({
      contentSecurityPolicy: { useDefaults: false, directives: { ...directives, styleSrc } },
      // Plain-http intranet deployments exist: ask for HTTPS only in production.
      strictTransportSecurity: config.isProduction,
    });
  const strict = make(["'self'"]);
  const thirdParty = make(["'self'", "'unsafe-inline'"]);
  return (req, res, next) => (req.path.startsWith('/api/docs') || req.path.startsWith(QUEUES_PATH) ? thirdParty : strict)(req, res, next);
}

/** The host a browser says a request comes from matches this one (fetches of bull-board's own page). */
function sameOrigin(req: Request): boolean {
  const origin = req.get('origin');
  if (!origin) return req.get('sec-fetch-site') === 'same-origin';
  try {
    return new URL(origin).host === req.get('host');
  } catch {
    return false;
  }
}

/**
 * bull-board for admins: signed in by the session cookie, role admin. Its own scripts cannot send
 * Duban's CSRF token, so its state-changing requests (retry, clean, …) must come from this origin.
 */
function adminOnly(app: INestApplication): RequestHandler {
  const tokens = app.get(SessionTokens);
  const ui = app.get(Ui);
  return (req: Request, res: Response, next: NextFunction) => {
    void (async () => {
      const cookie = req.cookies?.[SESSION_COOKIE];
      const actor = cookie ? await tokens.verifyFor(req, cookie) : null;
      (req as UiRequest).actor = actor;
      if (!actor || actor.kind !== 'user') {
        if (req.method === 'GET') return ui.redirect(res, `/login?next=${encodeURIComponent(req.originalUrl)}`, { kind: 'error', text: '请先登录。' });
        return res.status(401).json(httpErrorBody(401, 'unauthenticated', 'Sign in first'));
      }
      if (actor.role !== 'admin') {
        return ui.page(req as UiRequest, res, 'error', { status: 403, title: '无权访问', message: '只有系统管理员可以查看任务队列。' }, 403);
      }
      if (!SAFE_METHODS.has(req.method) && !sameOrigin(req)) {
        return res.status(403).json(httpErrorBody(403, 'csrf_invalid', 'Cross-origin request refused'));
      }
      next();
    })().catch(next);
  };
}

/**
 * What the UI needs outside Nest's routing; call it before `app.init()` (configureApi does): helmet,
 * the stylesheet and htmx as static files under /assets, and bull-board at /admin/queues.
 */
export function configureUi(app: INestApplication): INestApplication {
  const config = app.get(DubanConfig);
  const server = app as NestExpressApplication;
  server.use(securityHeaders(config));
  const maxAge = config.isProduction ? '1d' : 0;
  server.useStaticAssets(PUBLIC_DIR, { prefix: '/assets/', index: false, maxAge });
  const htmx = dirname(createRequire(import.meta.url).resolve('htmx.org/dist/htmx.min.js'));
  server.useStaticAssets(htmx, { prefix: '/assets/vendor/htmx/', index: false, maxAge });

  const board = new ExpressAdapter();
  board.setBasePath(QUEUES_PATH);
  createBullBoard({
    queues: app.get(Queues).all().map((q) => new BullMQAdapter(q)),
    serverAdapter: board,
    options: { uiConfig: { boardTitle: '督办 · 任务队列', miscLinks: [{ text: '返回督办', url: '/' }] } },
  });
  const views = bullBoardViews();
  if (views) board.setViewsPath(views);
  server.use(QUEUES_PATH, adminOnly(app), board.getRouter());
  return app;
}

/**
 * bull-board's page without the web font it loads from fonts.googleapis.com (the CSP refuses it,
 * and an intranet cannot reach it): its own template, minus that <link>, written once to a
 * directory of its own; the page falls back to the system's sans-serif. Null (the original page)
 * when the template cannot be read or written.
 */
function bullBoardViews(): string | null {
  try {
    const ui = dirname(createRequire(import.meta.url).resolve('@bull-board/ui/package.json'));
    const { version } = JSON.parse(readFileSync(join(ui, 'package.json'), 'utf8')) as { version: string };
    const original = readFileSync(join(ui, 'dist', 'index.ejs'), 'utf8');
    const dir = join(tmpdir(), `duban-bull-board-${version}-${process.pid}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'index.ejs'), original.replace(/<link[^>]*href="https?:\/\/[^"]*"[^>]*>\s*/g, ''));
    return dir;
  } catch {
    return null;
  }
}
