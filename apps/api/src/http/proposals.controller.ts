import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Query, UploadedFile, UploadedFiles } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AttachmentUpload, AttachmentsUpload, type UploadedFileData } from '../platform/uploads.js';
import { AcceptAssignment, ApproveReply, AssignOfficer, AssignProposal, DraftReply, ReturnReply, DecideAdjustment, DecideExtension, GiveFeedback, ProposalQueries, PublishProposal, RecordCommunication, RequestAdjustment, RequestExtension, SubmitOpinion, SubmitReply } from '#handling';
import { ResubmitProposal, ReviewProposal, SubmitProposal, WithdrawProposal } from '#intake';
import { type Actor } from '#kernel';
import { CurrentActor, MayTake } from '../auth/auth.decorators.js';
import {
  AdjustmentRequestDto, AssignDto, AssignOfficerDto, ReplyDraftDto, ReturnReplyDto, CommunicationDto, CreateProposalDto, DecisionDto, ExtensionRequestDto, FeedbackDto,
  ListProposalsQuery, OpinionDto, ProposalPageDto, PublishDto, ReasonDto, ReplyDto, ResubmitDto, ReviewDto,
} from '../dto/proposal.dto.js';
import { assignmentView } from './views.js';

const id = new ParseUUIDPipe();

@ApiTags('proposals')
@ApiBearerAuth()
@Controller('api/v1/proposals')
export class ProposalsController {
  constructor(
    @Inject(ProposalQueries) private readonly queries: ProposalQueries,
    @Inject(SubmitProposal) private readonly submit: SubmitProposal,
    @Inject(ReviewProposal) private readonly review: ReviewProposal,
    @Inject(WithdrawProposal) private readonly withdrawal: WithdrawProposal,
    @Inject(ResubmitProposal) private readonly resubmission: ResubmitProposal,
    @Inject(AssignProposal) private readonly assign: AssignProposal,
    @Inject(GiveFeedback) private readonly feedback: GiveFeedback,
    @Inject(PublishProposal) private readonly publication: PublishProposal,
  ) {}

  @Post()
  @MayTake('submit')
  async create(@CurrentActor() actor: Actor, @Body() body: CreateProposalDto) {
    const p = await this.submit.execute(actor, body);
    return this.queries.get(actor, p.id);
  }

  @Get()
  @ApiOkResponse({ type: ProposalPageDto })
  list(@CurrentActor() actor: Actor, @Query() query: ListProposalsQuery) {
    return this.queries.list(actor, query);
  }

  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('id', id) proposalId: string) {
    return this.queries.get(actor, proposalId);
  }

  /** What the caller may do on the proposal now (domain availableActions): the proposal page offers exactly these. */
  @Get(':id/actions')
  async actions(@CurrentActor() actor: Actor, @Param('id', id) proposalId: string) {
    return { items: await this.queries.actions(actor, proposalId) };
  }

  @Get(':id/events')
  events(@CurrentActor() actor: Actor, @Param('id', id) proposalId: string) {
    return this.queries.events(actor, proposalId);
  }

  @Post(':id/review')
  @HttpCode(200)
  @MayTake('review')
  async reviewProposal(@CurrentActor() actor: Actor, @Param('id', id) proposalId: string, @Body() body: ReviewDto) {
    await this.review.execute(actor, proposalId, body);
    return this.queries.get(actor, proposalId);
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @MayTake('withdraw')
  async withdraw(@CurrentActor() actor: Actor, @Param('id', id) proposalId: string, @Body() body: ReasonDto) {
    await this.withdrawal.execute(actor, proposalId, body.reason);
    return this.queries.get(actor, proposalId);
  }

  @Post(':id/resubmit')
  @HttpCode(200)
  @MayTake('resubmit')
  async resubmit(@CurrentActor() actor: Actor, @Param('id', id) proposalId: string, @Body() body: ResubmitDto) {
    await this.resubmission.execute(actor, proposalId, body);
    return this.queries.get(actor, proposalId);
  }

  /** Returns the array of created assignments (docs/design.md, "HTTP API v1"). */
  @Post(':id/assignments')
  @MayTake('assign')
  async assignUnits(@CurrentActor() actor: Actor, @Param('id', id) proposalId: string, @Body() body: AssignDto) {
    return (await this.assign.execute(actor, proposalId, body)).map(assignmentView);
  }

  @Post(':id/feedback')
  @MayTake('rate')
  async rate(@CurrentActor() actor: Actor, @Param('id', id) proposalId: string, @Body() body: FeedbackDto) {
    await this.feedback.execute(actor, proposalId, body);
    return this.queries.get(actor, proposalId);
  }

  @Post(':id/publish')
  @HttpCode(200)
  @MayTake('publish')
  async publish(@CurrentActor() actor: Actor, @Param('id', id) proposalId: string, @Body() body: PublishDto) {
    await this.publication.execute(actor, proposalId, body);
    return this.queries.get(actor, proposalId);
  }
}

@ApiTags('assignments')
@ApiBearerAuth()
@Controller('api/v1/assignments')
export class AssignmentsController {
  constructor(
    @Inject(AcceptAssignment) private readonly acceptance: AcceptAssignment,
    @Inject(RequestAdjustment) private readonly adjustment: RequestAdjustment,
    @Inject(RequestExtension) private readonly extension: RequestExtension,
    @Inject(RecordCommunication) private readonly communication: RecordCommunication,
    @Inject(SubmitOpinion) private readonly opinion: SubmitOpinion,
    @Inject(SubmitReply) private readonly reply: SubmitReply,
    @Inject(AssignOfficer) private readonly officer: AssignOfficer,
    @Inject(DraftReply) private readonly drafting: DraftReply,
    @Inject(ApproveReply) private readonly approval: ApproveReply,
    @Inject(ReturnReply) private readonly returning: ReturnReply,
  ) {}

  @Post(':id/accept')
  @MayTake('accept')
  @HttpCode(200)
  async accept(@CurrentActor() actor: Actor, @Param('id', id) assignmentId: string) {
    return assignmentView(await this.acceptance.execute(actor, assignmentId));
  }

  @Post(':id/adjustment-requests')
  @MayTake('adjust')
  requestAdjustment(@CurrentActor() actor: Actor, @Param('id', id) assignmentId: string, @Body() body: AdjustmentRequestDto) {
    return this.adjustment.execute(actor, assignmentId, body);
  }

  @Post(':id/extension-requests')
  @MayTake('extend')
  requestExtension(@CurrentActor() actor: Actor, @Param('id', id) assignmentId: string, @Body() body: ExtensionRequestDto) {
    return this.extension.execute(actor, assignmentId, body);
  }

  /** JSON, or multipart with the minutes and photos (field `attachment`, up to 10 files) recorded with it. */
  @Post(':id/communications')
  @MayTake('communicate')
  @ApiConsumes('application/json', 'multipart/form-data')
  @AttachmentsUpload('attachment', 10)
  communicate(@CurrentActor() actor: Actor, @Param('id', id) assignmentId: string, @Body() body: CommunicationDto, @UploadedFiles() files?: UploadedFileData[]) {
    return this.communication.execute(actor, assignmentId, { ...body, attachments: files ?? [] });
  }

  @Post(':id/opinions')
  @MayTake('opinion')
  submitOpinion(@CurrentActor() actor: Actor, @Param('id', id) assignmentId: string, @Body() body: OpinionDto) {
    return this.opinion.execute(actor, assignmentId, body);
  }

  /**
   * JSON, or multipart with the signed letter (field `letter`, a PDF: 答复函扫描件), recorded with the
   * reply or not at all; the rules' `attachments.replyLetterRequired` makes it required (400 naming `letter`).
   */
  @Post(':id/reply')
  @MayTake('reply')
  @ApiConsumes('application/json', 'multipart/form-data')
  @AttachmentUpload('letter', { booleans: ['public'] })
  submitReply(@CurrentActor() actor: Actor, @Param('id', id) assignmentId: string, @Body() body: ReplyDto, @UploadedFile() letter?: UploadedFileData) {
    return this.reply.execute(actor, assignmentId, { ...body, ...(letter ? { letter } : {}) });
  }

  // ---- the unit's internal flow (单位内部流转与审签): only where the unit's leader signs its replies ----

  /** 分派经办人: the liaison gives the accepted work to an officer of the unit (403 UNIT_POST_NOT_ALLOWED for another post). */
  @Post(':id/officer')
  @MayTake('assign_officer')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The assignment, now waiting for its officer' })
  async assignOfficer(@CurrentActor() actor: Actor, @Param('id', id) assignmentId: string, @Body() body: AssignOfficerDto) {
    return assignmentView(await this.officer.execute(actor, assignmentId, body));
  }

  /** 拟稿: the assignment's officer sends the draft reply to the unit's leader (403 NOT_THE_OFFICER for anyone else). */
  @Post(':id/reply-drafts')
  @MayTake('draft_reply')
  draftReply(@CurrentActor() actor: Actor, @Param('id', id) assignmentId: string, @Body() body: ReplyDraftDto) {
    return this.drafting.execute(actor, assignmentId, body);
  }

  /**
   * 审签同意（签发）: the leader approves the pending draft; it is sent as the reply, the leader its
   * 签发人 (409 SIGN_OFF_STAGE without a draft). JSON or empty, or multipart with the signed letter
   * (field `letter`, a PDF), required where the rules' `attachments.replyLetterRequired` is on.
   */
  @Post(':id/reply-drafts/approve')
  @MayTake('approve_reply')
  @HttpCode(200)
  @ApiConsumes('application/json', 'multipart/form-data')
  @AttachmentUpload('letter')
  approveReply(@CurrentActor() actor: Actor, @Param('id', id) assignmentId: string, @UploadedFile() letter?: UploadedFileData) {
    return this.approval.execute(actor, assignmentId, letter ? { letter } : {});
  }

  /** 退回修改: the leader returns the pending draft to its officer with a comment. */
  @Post(':id/reply-drafts/return')
  @MayTake('return_reply')
  @HttpCode(200)
  returnReply(@CurrentActor() actor: Actor, @Param('id', id) assignmentId: string, @Body() body: ReturnReplyDto) {
    return this.returning.execute(actor, assignmentId, body);
  }
}

@ApiTags('assignments')
@ApiBearerAuth()
@Controller('api/v1')
@MayTake('decide_request')
export class DecisionsController {
  constructor(
    @Inject(DecideAdjustment) private readonly adjustment: DecideAdjustment,
    @Inject(DecideExtension) private readonly extension: DecideExtension,
  ) {}

  @Post('adjustment-requests/:id/decision')
  @HttpCode(200)
  decideAdjustment(@CurrentActor() actor: Actor, @Param('id', id) requestId: string, @Body() body: DecisionDto) {
    return this.adjustment.execute(actor, requestId, body);
  }

  @Post('extension-requests/:id/decision')
  @HttpCode(200)
  decideExtension(@CurrentActor() actor: Actor, @Param('id', id) requestId: string, @Body() body: DecisionDto) {
    return this.extension.execute(actor, requestId, body);
  }
}
