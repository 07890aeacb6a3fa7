import { Body, Get, Inject, NotFoundException, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AdminLists, Pickers, type SqlRow } from '#handling';
import { Proposers, Sessions, Units, Users } from '#directory';
import { ResendNotification } from '#notifications';
import { UpdateSession } from '#supervision';
import { type Actor } from '#kernel';
import { Roles } from '../../auth/auth.decorators.js';
import { RECORDS, RECORD_KINDS, formValues, recordValues, type RecordKind } from '../admin-records.js';
import { describeError } from '../errors.js';
import { pageParam, validated, type FormBody } from '../forms.js';
import { NOTIFICATION_STATUS_LABELS } from '../labels.js';
import { PageId, UiController } from '../ui-controller.js';
import { Ui, type UiRequest } from '../ui.service.js';

interface Directory {
  list(actor: Actor, page?: number, pageSize?: number): Promise<{ items: Array<SqlRow>; total: number }>;
  get(actor: Actor, id: string): Promise<SqlRow>;
  create(actor: Actor, input: Record<string, unknown>): Promise<{ id: string }>;
  update(actor: Actor, id: string, input: Record<string, unknown>): Promise<unknown>;
}

function kindOf(value: string): RecordKind {
  if (!(RECORD_KINDS as string[]).includes(value)) throw new NotFoundException();
  return value as RecordKind;
}

/** 系统管理: sessions, units (with their mailboxes), proposers, users and roles; dead notifications. Admin only. */
@UiController('admin')
@Roles('admin')
export class AdminPagesController {
  private readonly directories: Record<RecordKind, Directory>;

  constructor(
    @Inject(Ui) private readonly ui: Ui,
    @Inject(AdminLists) private readonly lists: AdminLists,
    @Inject(Pickers) private readonly pickers: Pickers,
    @Inject(ResendNotification) private readonly resendNotification: ResendNotification,
    @Inject(Sessions) sessions: Sessions,
    @Inject(Units) units: Units,
    @Inject(Proposers) proposers: Proposers,
    @Inject(Users) users: Users,
    @Inject(UpdateSession) private readonly updateSession: UpdateSession,
  ) {
    this.directories = { sessions, units, proposers, users } as unknown as Record<RecordKind, Directory>;
  }

  // ---- dead notifications (before the :kind routes) ------------------------------------------

  @Get('notifications')
  async notifications(@Req() req: UiRequest, @Res() res: Response, @Query('status') status?: string, @Query('page') page?: string): Promise<void> {
    const filter = status === 'all' ? undefined : status && status in NOTIFICATION_STATUS_LABELS ? status : 'dead';
    const list = await this.lists.notifications(filter, pageParam(page));
    this.ui.page(req, res, 'admin/notifications', {
      list,
      status: filter ?? 'all',
      pages: Math.max(1, Math.ceil(list.total / list.pageSize)),
      statuses: Object.entries(NOTIFICATION_STATUS_LABELS).map(([code, label]) => ({ code, label })),
    });
  }

  @Post('notifications/:id/resend')
  async resend(@Req() req: UiRequest, @Res() res: Response, @Param('id', PageId) id: string): Promise<void> {
    try {
      await this.resendNotification.execute(this.ui.user(req), id);
      this.ui.redirect(res, '/admin/notifications', { kind: 'ok', text: '通知已重新排队发送。' });
    } catch (e) {
      const { status, message } = describeError(e);
      if (status !== 409) throw e;
      this.ui.redirect(res, '/admin/notifications', { kind: 'error', text: message });
    }
  }

  // ---- directory records ---------------------------------------------------------------------

  @Get(':kind')
  async list(@Req() req: UiRequest, @Res() res: Response, @Param('kind') kindParam: string): Promise<void> {
    const kind = kindOf(kindParam);
    const actor = this.ui.user(req);
    const { items, total } = await this.directories[kind].list(actor, 1, 500);
    const bindings = kind === 'users' ? await this.pickers.userBindings() : { units: [], proposers: [] };
    this.ui.page(req, res, 'admin/list', { kind, def: RECORDS[kind], items, total, bindings });
  }

  @Get(':kind/new')
  async newRecord(@Req() req: UiRequest, @Res() res: Response, @Param('kind') kindParam: string): Promise<void> {
    const kind = kindOf(kindParam);
    await this.form(req, res, kind, null, kind === 'units' ? { kind: 'department' } : kind === 'proposers' ? { kind: 'member' } : {});
  }

  @Post(':kind')
  async create(@Req() req: UiRequest, @Res() res: Response, @Param('kind') kindParam: string, @Body() body: FormBody): Promise<void> {
    const kind = kindOf(kindParam);
    try {
      const input = await validated(RECORDS[kind].create, recordValues(kind, body, 'create'));
      await this.directories[kind].create(this.ui.user(req), input as Record<string, unknown>);
      this.ui.redirect(res, `/admin/${kind}`, { kind: 'ok', text: `${RECORDS[kind].noun}已创建。` });
    } catch (e) {
      const { status, message } = describeError(e);
      if (status >= 500 || [401, 403, 404].includes(status)) throw e;
      await this.form(req, res, kind, null, body, message, status);
    }
  }

  @Get(':kind/:id')
  async edit(@Req() req: UiRequest, @Res() res: Response, @Param('kind') kindParam: string, @Param('id', PageId) id: string): Promise<void> {
    const kind = kindOf(kindParam);
    const row = await this.directories[kind].get(this.ui.user(req), id);
    await this.form(req, res, kind, id, formValues(kind, row));
  }

  @Post(':kind/:id')
  async update(
    @Req() req: UiRequest, @Res() res: Response, @Param('kind') kindParam: string, @Param('id', PageId) id: string, @Body() body: FormBody,
  ): Promise<void> {
    const kind = kindOf(kindParam);
    try {
      const input = await validated(RECORDS[kind].update, recordValues(kind, body, 'edit'));
      // A session goes through the rules change (as PATCH /api/v1/sessions/:id does): its override is versioned and recomputes.
      const saved = kind === 'sessions'
        ? await this.updateSession.execute(this.ui.user(req), id, input)
        : await this.directories[kind].update(this.ui.user(req), id, input as Record<string, unknown>);
      const rules = (saved as { rulesChange?: { version: number; recomputed: number } | null }).rulesChange;
      const text = rules ? `${RECORDS[kind].noun}已保存；时限规则为本届第${rules.version}版，重新计算了${rules.recomputed}项进行中的期限。` : `${RECORDS[kind].noun}已保存。`;
      this.ui.redirect(res, `/admin/${kind}`, { kind: 'ok', text });
    } catch (e) {
      const { status, message } = describeError(e);
      if (status >= 500 || [401, 403, 404].includes(status)) throw e;
      await this.form(req, res, kind, id, body, message, status);
    }
  }

  private async form(
    req: UiRequest, res: Response, kind: RecordKind, id: string | null, values: Record<string, unknown>, error?: string, status = 200,
  ): Promise<void> {
    const bindings = kind === 'users' ? await this.pickers.userBindings() : { units: [], proposers: [] };
    this.ui.page(req, res, 'admin/form', { kind, def: RECORDS[kind], id, values, error, bindings, mode: id ? 'edit' : 'create' }, status);
  }
}
