import { Body, Get, Inject, Param, Post, Req, Res, UploadedFile } from '@nestjs/common';
import type { Response } from 'express';
import { AddSupervisionNote } from '#supervision';
import { AssignProposal, AttachmentQueries, UploadAttachment, DecideAdjustment, DecideExtension, GiveFeedback, PublishProposal } from '#handling';
import { ResubmitProposal, ReviewProposal, WithdrawProposal } from '#intake';
import { AssignDto, DecisionDto, FeedbackDto, PublishDto, ReasonDto, ResubmitDto, ReviewDto } from '../../dto/proposal.dto.js';
import { UploadForm } from '../csrf.js';
import { attachmentLimits, type UploadedFileData } from '../../platform/uploads.js';
import { sendAttachment } from '../../http/attachments.controller.js';
import { confirmed, flag, list, optional, text, validated, type FormBody } from '../forms.js';
import { RATING_LABELS, REVIEW_DECISION_LABELS } from '../labels.js';
import { PageId, UiController } from '../ui-controller.js';
import { Ui, type UiRequest } from '../ui.service.js';
import { ProposalPage } from './proposal-page.js';

/**
 * The proposal page's forms of the committee, the proposer and the supervision office: review,
 * withdraw, resubmit, assign, rate, publish; 督办意见 and the decisions on adjustment and extension
 * requests. Each calls its use case; a refusal renders the page again with the form as typed.
 */
@UiController('proposals')
export class ProposalActionsController {
  constructor(
    @Inject(ProposalPage) private readonly page: ProposalPage,
    @Inject(ReviewProposal) private readonly reviewProposal: ReviewProposal,
    @Inject(WithdrawProposal) private readonly withdrawProposal: WithdrawProposal,
    @Inject(ResubmitProposal) private readonly resubmitProposal: ResubmitProposal,
    @Inject(AssignProposal) private readonly assignProposal: AssignProposal,
    @Inject(GiveFeedback) private readonly giveFeedback: GiveFeedback,
    @Inject(PublishProposal) private readonly publishProposal: PublishProposal,
    @Inject(AddSupervisionNote) private readonly addSupervisionNote: AddSupervisionNote,
    @Inject(DecideAdjustment) private readonly decideAdjustment: DecideAdjustment,
    @Inject(DecideExtension) private readonly decideExtension: DecideExtension,
    @Inject(Ui) private readonly ui: Ui,
    @Inject(AttachmentQueries) private readonly attachments: AttachmentQueries,
    @Inject(UploadAttachment) private readonly uploadAttachment: UploadAttachment,
  ) {}

  // ---- 附件材料 ------------------------------------------------------------------------------

  /** 附件材料 of the proposal (the committee; its proposers until filing review is done: UploadAttachment decides). */
  @Post(':id/attachments')
  @UploadForm('attachment', attachmentLimits(1))
  attach(@Req() req: UiRequest, @Res() res: Response, @Param('id', PageId) id: string, @UploadedFile() file?: UploadedFileData) {
    return this.page.act(req, res, id, 'attach', async (actor) => {
      const row = await this.uploadAttachment.execute(actor, { type: 'proposal', id }, file && (file.size > 0 || file.originalname) ? file : undefined);
      return `附件「${row.filename}」已上传。`;
    });
  }

  /** A file of the proposal, as the reader may see it (recorded as a download). */
  @Get(':id/attachments/:attachmentId')
  async download(@Req() req: UiRequest, @Res() res: Response, @Param('attachmentId', PageId) attachmentId: string): Promise<void> {
    sendAttachment(res, await this.attachments.open(this.ui.user(req), attachmentId, 'ui'), true);
  }

  // ---- the committee -------------------------------------------------------------------------

  @Post(':id/review')
  review(@Req() req: UiRequest, @Res() res: Response, @Param('id', PageId) id: string, @Body() body: FormBody) {
    return this.page.act(req, res, id, 'review', async (actor) => {
      confirmed(body, '我确认以上审查结论');
      const input = await validated(ReviewDto, { decision: text(body, 'decision'), reason: optional(body, 'reason'), mergeIntoId: optional(body, 'mergeIntoId') });
      const p = await this.reviewProposal.execute(actor, id, input);
      return input.decision === 'file' ? `已立案，编为第${p.number}号。` : `审查结论已记录：${REVIEW_DECISION_LABELS[input.decision]}。`;
    });
  }

  @Post(':id/withdraw')
  withdraw(@Req() req: UiRequest, @Res() res: Response, @Param('id', PageId) id: string, @Body() body: FormBody) {
    return this.page.act(req, res, id, 'withdraw', async (actor) => {
      confirmed(body, '我确认撤回这件提案');
      const input = await validated(ReasonDto, { reason: optional(body, 'reason') });
      await this.withdrawProposal.execute(actor, id, input.reason);
      return '提案已撤回。';
    });
  }

  @Post(':id/resubmit')
  resubmit(@Req() req: UiRequest, @Res() res: Response, @Param('id', PageId) id: string, @Body() body: FormBody) {
    return this.page.act(req, res, id, 'resubmit', async (actor) => {
      const input = await validated(ResubmitDto, { title: optional(body, 'title'), content: optional(body, 'content'), category: optional(body, 'category') });
      await this.resubmitProposal.execute(actor, id, input);
      return '提案已修改并重新提交。';
    });
  }

  @Post(':id/assign')
  assign(@Req() req: UiRequest, @Res() res: Response, @Param('id', PageId) id: string, @Body() body: FormBody) {
    return this.page.act(req, res, id, 'assign', async (actor) => {
      const input = await validated(AssignDto, {
        leadUnitId: optional(body, 'leadUnitId'),
        coUnitIds: list(body, 'coUnitIds'),
        separateUnitIds: list(body, 'separateUnitIds'),
        key: flag(body, 'key'),
        leaderName: optional(body, 'leaderName'),
      });
      const created = await this.assignProposal.execute(actor, id, input);
      return `已交办给 ${created.length} 个单位。`;
    });
  }

  @Post(':id/feedback')
  feedback(@Req() req: UiRequest, @Res() res: Response, @Param('id', PageId) id: string, @Body() body: FormBody) {
    return this.page.act(req, res, id, 'feedback', async (actor) => {
      confirmed(body, '我确认以上评价');
      const input = await validated(FeedbackDto, { rating: text(body, 'rating'), comment: optional(body, 'comment') });
      await this.giveFeedback.execute(actor, id, input);
      return `回执已记录：${RATING_LABELS[input.rating]}。`;
    });
  }

  @Post(':id/publish')
  publish(@Req() req: UiRequest, @Res() res: Response, @Param('id', PageId) id: string, @Body() body: FormBody) {
    return this.page.act(req, res, id, 'publish', async (actor) => {
      confirmed(body, '我确认公开此答复');
      const input = await validated(PublishDto, { publicationIndex: optional(body, 'publicationIndex') });
      const p = await this.publishProposal.execute(actor, id, input);
      return `已公开，索引号 ${p.publicationIndex}。`;
    });
  }

  // ---- the supervision office ----------------------------------------------------------------

  @Post(':id/supervision-notes')
  supervise(@Req() req: UiRequest, @Res() res: Response, @Param('id', PageId) id: string, @Body() body: FormBody) {
    return this.page.act(req, res, id, 'supervise', async (actor) => {
      await this.addSupervisionNote.execute(actor, id, text(body, 'note'));
      return '督办意见已记录。';
    });
  }

  @Post(':id/adjustment-requests/:requestId/decision')
  decideAdjustmentRequest(
    @Req() req: UiRequest, @Res() res: Response, @Param('id', PageId) id: string, @Param('requestId', PageId) requestId: string, @Body() body: FormBody,
  ) {
    return this.page.act(req, res, id, `adjustment-${requestId}`, async (actor) => {
      confirmed(body, '我确认作出此决定');
      const input = await validated(DecisionDto, { approve: flag(body, 'approve'), newUnitId: optional(body, 'newUnitId'), reason: optional(body, 'reason') });
      await this.decideAdjustment.execute(actor, requestId, input);
      return input.approve ? '已同意调整，系统将按调整结果重新交办。' : '已决定不予调整，原单位继续办理。';
    });
  }

  @Post(':id/extension-requests/:requestId/decision')
  decideExtensionRequest(
    @Req() req: UiRequest, @Res() res: Response, @Param('id', PageId) id: string, @Param('requestId', PageId) requestId: string, @Body() body: FormBody,
  ) {
    return this.page.act(req, res, id, `extension-${requestId}`, async (actor) => {
      confirmed(body, '我确认作出此决定');
      const input = await validated(DecisionDto, { approve: flag(body, 'approve'), reason: optional(body, 'reason') });
      await this.decideExtension.execute(actor, requestId, input);
      return input.approve ? '已同意延期，期限已顺延。' : '已决定不予延期。';
    });
  }
}
