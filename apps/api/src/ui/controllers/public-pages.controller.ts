import { Get, Inject, NotFoundException, Param, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { PublicQueries } from '#application';
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
    const query = params.q?.trim().slice(0, 100) || undefined;
    const result = await this.replies.list({ q: query, page: pageParam(params.page), pageSize: 15 });
    this.ui.page(req, res, 'public/replies', { result, q: query, pages: Math.max(1, Math.ceil(result.total / result.pageSize)) }, 200, 'public');
  }

  @Get('replies/:id')
  async show(@Req() req: UiRequest, @Res() res: Response, @Param('id', PageId) id: string): Promise<void> {
    const reply = await this.replies.get(id);
    if (!reply) throw new NotFoundException();
    this.ui.page(req, res, 'public/reply', { r: reply }, 200, 'public');
  }
}
