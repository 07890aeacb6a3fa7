import { Body, Inject, Param, Post, Req, Res, UploadedFile, UploadedFiles } from '@nestjs/common';
import type { Response } from 'express';
import { AcceptAssignment, ApproveReply, AssignOfficer, DraftReply, RecordCommunication, RequestAdjustment, RequestExtension, ReturnReply, SubmitOpinion, SubmitReply } from '#handling';
import { AdjustmentRequestDto, AssignOfficerDto, CommunicationDto, ExtensionRequestDto, OpinionDto, ReplyDraftDto, ReplyDto, ReturnReplyDto } from '../../dto/proposal.dto.js';
import { UploadFilesForm, UploadForm } from '../csrf.js';
import { attachmentLimits, type UploadedFileData } from '../../platform/uploads.js';
import { confirmed, flag, optional, text, validated, type FormBody } from '../forms.js';
import { PageId, UiController } from '../ui-controller.js';
import type { UiRequest } from '../ui.service.js';
import { ProposalPage } from './proposal-page.js';

/**
 * The proposal page's forms of a handling unit, one per assignment: 签收, 申请调整, 申请延期, 沟通,
 * 协办意见, 答复, and the unit's internal flow (分派经办人, 答复拟稿, 审签同意, 退回修改). Each calls its use
 * case; a refusal renders the page again with the form as typed.
 */
@UiController('proposals')
export class UnitActionsController {
  constructor(
    @Inject(ProposalPage) private readonly page: ProposalPage,
    @Inject(AcceptAssignment) private readonly acceptAssignment: AcceptAssignment,
    @Inject(RequestAdjustment) private readonly requestAdjustment: RequestAdjustment,
    @Inject(RequestExtension) private readonly requestExtension: RequestExtension,
    @Inject(RecordCommunication) private readonly recordCommunication: RecordCommunication,
    @Inject(SubmitOpinion) private readonly submitOpinion: SubmitOpinion,
    @Inject(SubmitReply) private readonly submitReply: SubmitReply,
    @Inject(AssignOfficer) private readonly assignOfficer: AssignOfficer,
    @Inject(DraftReply) private readonly draftReply: DraftReply,
    @Inject(ApproveReply) private readonly approveReply: ApproveReply,
    @Inject(ReturnReply) private readonly returnReply: ReturnReply,
  ) {}

  // ---- the handling unit ---------------------------------------------------------------------

  @Post(':id/assignments/:assignmentId/accept')
  accept(@Req() req: UiRequest, @Res() res: Response, @Param('id', PageId) id: string, @Param('assignmentId', PageId) assignmentId: string) {
    return this.page.act(req, res, id, `accept-${assignmentId}`, async (actor) => {
      await this.acceptAssignment.execute(actor, assignmentId);
      return '已签收。';
    });
  }

  @Post(':id/assignments/:assignmentId/adjustment-request')
  adjust(
    @Req() req: UiRequest, @Res() res: Response, @Param('id', PageId) id: string, @Param('assignmentId', PageId) assignmentId: string, @Body() body: FormBody,
  ) {
    return this.page.act(req, res, id, `adjust-${assignmentId}`, async (actor) => {
      const input = await validated(AdjustmentRequestDto, { reason: text(body, 'reason'), suggestedUnitId: optional(body, 'suggestedUnitId'), keepAsCo: flag(body, 'keepAsCo') });
      await this.requestAdjustment.execute(actor, assignmentId, input);
      return '调整申请已提交督查室。';
    });
  }

  @Post(':id/assignments/:assignmentId/extension-request')
  extend(
    @Req() req: UiRequest, @Res() res: Response, @Param('id', PageId) id: string, @Param('assignmentId', PageId) assignmentId: string, @Body() body: FormBody,
  ) {
    return this.page.act(req, res, id, `extend-${assignmentId}`, async (actor) => {
      const input = await validated(ExtensionRequestDto, { reason: text(body, 'reason'), newDueOn: text(body, 'newDueOn') });
      await this.requestExtension.execute(actor, assignmentId, input);
      return '延期申请已提交督查室。';
    });
  }

  @Post(':id/assignments/:assignmentId/communications')
  /** The form is multipart: the minutes and photos (纪要、照片) are recorded with the communication. */
  @UploadFilesForm('attachment', 10, attachmentLimits(10))
  communicate(
    @Req() req: UiRequest, @Res() res: Response, @Param('id', PageId) id: string, @Param('assignmentId', PageId) assignmentId: string,
    @UploadedFiles() uploaded?: UploadedFileData[],
  ) {
    const body = (req.body ?? {}) as FormBody;
    return this.page.act(req, res, id, `communicate-${assignmentId}`, async (actor) => {
      const input = await validated(CommunicationDto, { method: text(body, 'method'), happenedOn: text(body, 'happenedOn'), summary: text(body, 'summary') });
      // A file input left empty posts one part without a name and without bytes: not a file.
      const attachments = (uploaded ?? []).filter((f) => f.size > 0 || f.originalname !== '');
      await this.recordCommunication.execute(actor, assignmentId, { ...input, attachments });
      return attachments.length ? `沟通情况已记录，附件 ${attachments.length} 个。` : '沟通情况已记录。';
    });
  }

  @Post(':id/assignments/:assignmentId/opinion')
  opinion(
    @Req() req: UiRequest, @Res() res: Response, @Param('id', PageId) id: string, @Param('assignmentId', PageId) assignmentId: string, @Body() body: FormBody,
  ) {
    return this.page.act(req, res, id, `opinion-${assignmentId}`, async (actor) => {
      confirmed(body, '我已核对协办意见');
      const input = await validated(OpinionDto, { content: text(body, 'content') });
      await this.submitOpinion.execute(actor, assignmentId, input);
      return '协办意见已提交主办单位。';
    });
  }

  @Post(':id/assignments/:assignmentId/reply')
  /** The form is multipart: the signed letter (答复函, PDF) goes with the reply, or neither is recorded. */
  @UploadForm('letter', attachmentLimits(1))
  reply(
    @Req() req: UiRequest, @Res() res: Response, @Param('id', PageId) id: string, @Param('assignmentId', PageId) assignmentId: string,
    @UploadedFile() letter?: UploadedFileData,
  ) {
    const body = (req.body ?? {}) as FormBody;
    return this.page.act(req, res, id, `reply-${assignmentId}`, async (actor) => {
      confirmed(body, '我已核对，确认提交此答复');
      const input = await validated(ReplyDto, {
        content: text(body, 'content'),
        resultCategory: text(body, 'resultCategory'),
        signedBy: text(body, 'signedBy'),
        contactName: text(body, 'contactName'),
        contactPhone: text(body, 'contactPhone'),
        public: flag(body, 'public'),
      });
      const withLetter = letter && (letter.size > 0 || letter.originalname) ? { letter } : {};
      await this.submitReply.execute(actor, assignmentId, { ...input, ...withLetter });
      return '答复已提交，系统将通知提案者。';
    });
  }

  // ---- the unit's internal flow (单位内部流转与审签) ---------------------------------------------

  @Post(':id/assignments/:assignmentId/officer')
  officer(
    @Req() req: UiRequest, @Res() res: Response, @Param('id', PageId) id: string, @Param('assignmentId', PageId) assignmentId: string, @Body() body: FormBody,
  ) {
    return this.page.act(req, res, id, `officer-${assignmentId}`, async (actor) => {
      const input = await validated(AssignOfficerDto, { officerUserId: text(body, 'officerUserId') });
      await this.assignOfficer.execute(actor, assignmentId, input);
      return '已分派经办人，系统将通知经办人。';
    });
  }

  @Post(':id/assignments/:assignmentId/reply-draft')
  draft(
    @Req() req: UiRequest, @Res() res: Response, @Param('id', PageId) id: string, @Param('assignmentId', PageId) assignmentId: string, @Body() body: FormBody,
  ) {
    return this.page.act(req, res, id, `draft-${assignmentId}`, async (actor) => {
      const input = await validated(ReplyDraftDto, {
        content: text(body, 'content'),
        resultCategory: text(body, 'resultCategory'),
        contactName: text(body, 'contactName'),
        contactPhone: text(body, 'contactPhone'),
        public: flag(body, 'public'),
      });
      await this.draftReply.execute(actor, assignmentId, input);
      return '答复稿已报分管领导审签。';
    });
  }

  /** Multipart: the signed letter (答复函, PDF) scanned after signing goes out with the reply. */
  @Post(':id/assignments/:assignmentId/reply-draft/approve')
  @UploadForm('letter', attachmentLimits(1))
  approve(
    @Req() req: UiRequest, @Res() res: Response, @Param('id', PageId) id: string, @Param('assignmentId', PageId) assignmentId: string,
    @UploadedFile() letter?: UploadedFileData,
  ) {
    const body = (req.body ?? {}) as FormBody;
    return this.page.act(req, res, id, `signoff-${assignmentId}`, async (actor) => {
      confirmed(body, '我已审核，同意签发');
      await this.approveReply.execute(actor, assignmentId, letter && (letter.size > 0 || letter.originalname) ? { letter } : {});
      return '已审签同意，答复已发出，系统将通知提案者。';
    });
  }

  @Post(':id/assignments/:assignmentId/reply-draft/return')
  returnDraft(
    @Req() req: UiRequest, @Res() res: Response, @Param('id', PageId) id: string, @Param('assignmentId', PageId) assignmentId: string, @Body() body: FormBody,
  ) {
    return this.page.act(req, res, id, `return-${assignmentId}`, async (actor) => {
      const input = await validated(ReturnReplyDto, { comment: text(body, 'comment') });
      await this.returnReply.execute(actor, assignmentId, input);
      return '答复稿已退回经办人修改。';
    });
  }
}
