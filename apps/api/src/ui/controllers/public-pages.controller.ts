import { Get, Inject, NotFoundException, Param, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { PublicQueries } from '#handling';
import { Public } from '../../auth/auth.decorators.js';
import { pageParam, single } from '../forms.js';
import { PageId, UiController } from '../ui-controller.js';
import { Ui, type UiRequest } from '../ui.service.js';

/** 提案办理结果公开: published replies, for anyone, without any contact data of the proposers. */
@UiController('public')
@Public()
export class PublicPagesController {
  constructor(
    @Inject(Ui) private readonly ui: Ui,
    @Inject(PublicQueries) private readonly replies: PublicQueries,
  ) {}

  @Get('replies')
  async list(@Req() req: UiRequest, @Res() res: Response, @Query() raw: Record<string, unknown>): Promise<void> {
    const params = single(raw);
    const uuid = (v: string | undefined) => (v && /^[0-9a-f-]{36}$/i.test(v) ? v : undefined);
    const filter = {
      q: params.q?.trim().slice(0, 100) || undefined,
      sessionId: uuid(params.sessionId),
      kind: params.kind === 'proposal' || params.kind === 'suggestion' ? params.kind : undefined,
      category: params.category?.slice(0, 50) || undefined,
      unitId: uuid(params.unitId),
    } as const;
    const [result, facets] = await Promise.all([
      this.replies.list({ ...filter, page: pageParam(params.page), pageSize: 15 }),
      this.replies.facets(),
    ]);
    const filtered = Object.values(filter).some((v) => v !== undefined);
    this.ui.page(
      req, res, 'public/replies',
      { result, params: filter, q: filter.q, filtered, facets, pages: Math.max(1, Math.ceil(result.total / result.pageSize)) },
      200, 'public',
    );
  }

  @Get('replies/:id')
  async show(@Req() req: UiRequest, @Res() res: Response, @Param('id', PageId) id: string): Promise<void> {
    const reply = await this.replies.get(id);
    if (!reply) throw new NotFoundException();
    this.ui.page(req, res, 'public/reply', { r: reply }, 200, 'public');
  }
}
