import { Body, Inject, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { BATCH_LIMIT, BatchActions, type BatchParams } from '#batch';
import { Pickers } from '#handling';
import { BATCH_ACTIONS, mayRunBatch, type BatchAction } from '#domain';
import { BATCH_LABELS, doneText, itemName, refusalText, willText } from '../../batch/batch-text.js';
import { describeError } from '../errors.js';
import { integer, list, text, type FormBody } from '../forms.js';
import { UiController } from '../ui-controller.js';
import { Ui, safeLocal, type UiRequest, type UserActor } from '../ui.service.js';

/** The default text of a 催办 notice (the office may change it on the preview page). */
const URGE_TEXT = '请抓紧办理，按期答复提案者，并将办理情况书面回复市政府督查室。';

/**
 * 批量操作 from a list's selection: the preview (per item what will happen or why it cannot), the
 * confirmation, and the per-item result. Every item goes through its own use case (BatchActions).
 */
@UiController('batch')
export class BatchPagesController {
  constructor(
    @Inject(Ui) private readonly ui: Ui,
    @Inject(BatchActions) private readonly batch: BatchActions,
    @Inject(Pickers) private readonly pickers: Pickers,
  ) {}

  /** The action asked for, if this user may run it (else a 403 page). */
  private action(req: UiRequest, res: Response, body: FormBody): { actor: UserActor; action: BatchAction } | null {
    const actor = this.ui.user(req);
    const action = text(body, 'action') as BatchAction;
    if ((BATCH_ACTIONS as readonly string[]).includes(action) && mayRunBatch(actor.role, action)) return { actor, action };
    this.ui.page(req, res, 'error', { status: 403, title: '无权访问', message: '您的角色不能进行此项批量操作。' }, 403);
    return null;
  }

  @Post('preview')
  async preview(@Req() req: UiRequest, @Res() res: Response, @Body() body: FormBody): Promise<void> {
    const asked = this.action(req, res, body);
    if (!asked) return;
    await this.renderPreview(req, res, asked.actor, asked.action, body);
  }

  private async renderPreview(req: UiRequest, res: Response, actor: UserActor, action: BatchAction, body: FormBody, error?: string, status = 200) {
    const back = safeLocal(text(body, 'back'), '/proposals');
    const ids = list(body, 'ids');
    const base = { action, label: BATCH_LABELS[action], back, limit: BATCH_LIMIT };
    if (ids.length === 0 || ids.length > BATCH_LIMIT) {
      const message = ids.length === 0 ? '请先勾选要办理的项目。' : `一次最多办理 ${BATCH_LIMIT} 项，请减少勾选的项目。`;
      return this.ui.page(req, res, 'batch/preview', { ...base, items: [], error: message }, 400);
    }
    const params = this.params(action, body);
    let preview;
    try {
      preview = await this.batch.preview(actor, action, ids, { leadUnitId: params.leadUnitId });
    } catch (e) {
      const { status: code, message } = describeError(e);
      if (code >= 500 || [401, 403].includes(code)) throw e;
      preview = await this.batch.preview(actor, action, ids, {});
      error ??= message;
      status = code;
    }
    const items = preview.items.map((i) => ({
      id: i.id, proposalId: i.proposalId, name: itemName(i), title: i.title, unitName: i.unitName, dueOn: i.dueOn, dueAt: i.dueAt, deadlineKind: i.deadlineKind,
      ok: !i.refusal, text: i.refusal ? refusalText(i.refusal) : willText(action, i, preview.leadUnitName),
    }));
    const units = action === 'assign' ? await this.pickers.activeDepartments() : [];
    this.ui.page(req, res, 'batch/preview', {
      ...base,
      items,
      eligible: items.filter((i) => i.ok),
      units,
      values: { leadUnitId: params.leadUnitId ?? '', content: params.content ?? URGE_TEXT, workdays: body.workdays ?? '' },
      error,
    }, status);
  }

  @Post('run')
  async run(@Req() req: UiRequest, @Res() res: Response, @Body() body: FormBody): Promise<void> {
    const asked = this.action(req, res, body);
    if (!asked) return;
    const { actor, action } = asked;
    let result;
    try {
      result = await this.batch.run(actor, action, list(body, 'ids'), this.params(action, body));
    } catch (e) {
      const { status, message } = describeError(e);
      if (status >= 500 || [401, 403].includes(status)) throw e;
      // A batch-wide field (the lead unit, the notice's text) was refused: the preview again, with the message.
      return this.renderPreview(req, res, actor, action, body, message, status);
    }
    const items = result.items.map((i) => ({
      id: i.id, proposalId: i.proposalId, name: itemName(i), title: i.title, done: i.outcome === 'done',
      text: i.error ? refusalText(i.error) : doneText(action, i, result.leadUnitName),
    }));
    this.ui.page(req, res, 'batch/result', {
      action, label: BATCH_LABELS[action], back: safeLocal(text(body, 'back'), '/proposals'), items, done: result.done, refused: result.refused,
    });
  }

  private params(action: BatchAction, body: FormBody): BatchParams {
    if (action === 'assign') return { leadUnitId: text(body, 'leadUnitId') || null };
    if (action === 'urge') {
      const workdays = integer(body, 'workdays');
      return { content: text(body, 'content') || null, workdays: workdays ?? null };
    }
    return {};
  }
}
