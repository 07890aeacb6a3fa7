import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CLOCK, type Actor, type Role } from '#kernel';
import { DubanConfig } from '#common';
import type { Clock } from '#domain';
import { Csrf } from './csrf.js';
import { ROLE_LABELS, UNIT_ROLE_LABELS } from './labels.js';
import { Views } from './views.js';

/** A request as the auth guard leaves it: `actor` is the signed-in user or null. */
export type UiRequest = Request & { actor?: Actor | null };

export type UserActor = Extract<Actor, { kind: 'user' }>;

export interface Flash {
  kind: 'ok' | 'error';
  text: string;
}

const FLASH_COOKIE = 'duban_flash';

interface NavItem {
  href: string;
  text: string;
  /** The link is current for this path prefix. */
  match: string;
}

/** The menu a role sees. */
function navigation(role: Role | undefined): NavItem[] {
  if (!role) return [{ href: '/public/replies', text: '公开答复', match: '/public' }];
  const items: NavItem[] = [
    { href: '/', text: '工作台', match: '/$' },
    // A member's 我的提案 is the phone-first list of their proposals (/mine); the register stays at /proposals.
    role === 'proposer' ? { href: '/mine', text: '我的提案', match: '/mine' } : { href: '/proposals', text: '提案登记簿', match: '/proposals' },
  ];
  if (['admin', 'committee', 'proposer'].includes(role)) items.push({ href: '/proposals/new', text: '提交提案', match: '/proposals/new' });
  if (role === 'proposer') items.push({ href: '/co-signing', text: '联名邀请', match: '/co-signing' });
  if (['admin', 'committee'].includes(role)) items.push({ href: '/imports', text: '批量导入', match: '/imports' });
  if (role === 'unit') items.push({ href: '/assignments', text: '本单位承办', match: '/assignments' });
  if (role !== 'proposer') items.push({ href: '/deadlines', text: '期限清单', match: '/deadlines' });
  if (role !== 'proposer') items.push({ href: role === 'unit' ? '/supervision/notices' : '/supervision', text: '督办', match: '/supervision' });
  if (role === 'admin') {
    items.push(
      { href: '/admin/sessions', text: '届次', match: '/admin/sessions' },
      { href: '/admin/units', text: '单位', match: '/admin/units' },
      { href: '/admin/proposers', text: '提案者', match: '/admin/proposers' },
      { href: '/admin/users', text: '用户', match: '/admin/users' },
      { href: '/admin/notifications', text: '通知', match: '/admin/notifications' },
      { href: '/admin/queues', text: '队列', match: '/admin/queues' },
    );
  }
  items.push({ href: '/public/replies', text: '公开答复', match: '/public' });
  return items;
}

/** Renders pages with what every page needs (the user, the menu, the CSRF token, a flash message) and redirects. */
@Injectable()
export class Ui {
  constructor(
    @Inject(Views) private readonly views: Views,
    @Inject(Csrf) private readonly csrf: Csrf,
    @Inject(DubanConfig) private readonly config: DubanConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  now(): Date {
    return this.clock.now();
  }

  /** The signed-in user (the auth guard has made sure there is one on non-public routes). */
  user(req: UiRequest): UserActor {
    const actor = req.actor;
    if (!actor || actor.kind !== 'user') throw new Error('no signed-in user on this request');
    return actor;
  }

  /** Sends a page. Pages with a user's data are never cached; public ones may be for a minute. */
  page(req: UiRequest, res: Response, template: string, data: Record<string, unknown> = {}, status = 200, cache: 'private' | 'public' = 'private'): void {
    const actor = req.actor?.kind === 'user' ? req.actor : null;
    const path = req.path;
    const nav = navigation(actor?.role).map((n) => ({ ...n, current: n.match === '/$' ? path === '/' : path.startsWith(n.match) }));
    // The most specific menu entry wins (提交提案 over 提案登记簿).
    const current = nav.filter((n) => n.current).sort((a, b) => b.match.length - a.match.length)[0];
    nav.forEach((n) => (n.current = n === current));
    // The token (and its cookie) only when the page has a form that needs it.
    let token: string | undefined;
    const csrfToken = () => (token ??= this.csrf.token(req, res));
    const html = this.views.render(template, {
      actor,
      // A unit user's post too where it is not the default (承办单位 · 分管领导).
      roleLabel: actor ? (actor.role === 'unit' && actor.unitRole && actor.unitRole !== 'liaison' ? `${ROLE_LABELS.unit} · ${UNIT_ROLE_LABELS[actor.unitRole]}` : ROLE_LABELS[actor.role]) : null,
      nav,
      csrfToken,
      flash: this.takeFlash(req, res),
      now: this.clock.now(),
      path,
      timeTravel: this.config.timeTravel,
      ...data,
    });
    res.setHeader('Cache-Control', cache === 'public' && !actor && token === undefined ? 'public, max-age=60' : 'no-store');
    res.status(status).type('html').send(html);
  }

  /** See Other: after a form post, the browser GETs the next page (a reload never posts twice). */
  redirect(res: Response, url: string, flash?: Flash): void {
    if (flash) {
      res.cookie(FLASH_COOKIE, JSON.stringify(flash), {
        httpOnly: true, sameSite: 'lax', secure: this.config.isProduction, path: '/', maxAge: 60_000,
      });
    }
    res.redirect(303, safeLocal(url));
  }

  private takeFlash(req: Request, res: Response): Flash | null {
    const raw = req.cookies?.[FLASH_COOKIE];
    if (!raw) return null;
    res.clearCookie(FLASH_COOKIE, { path: '/' });
    try {
      const f = JSON.parse(raw) as Flash;
      return (f.kind === 'ok' || f.kind === 'error') && typeof f.text === 'string' ? { kind: f.kind, text: f.text.slice(0, 500) } : null;
    } catch {
      return null;
    }
  }
}

/** Only paths on this site: a `next=` parameter must not send anyone elsewhere. */
export function safeLocal(url: string | undefined | null, fallback = '/'): string {
  if (!url || !url.startsWith('/') || url.startsWith('//') || url.startsWith('/\\')) return fallback;
  return url;
}
