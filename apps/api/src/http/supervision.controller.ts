import {
  applyDecorators, Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Query, Res, ServiceUnavailableException,
} from '@nestjs/common';
import {
  ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiProperty, ApiPropertyOptional, ApiServiceUnavailableResponse, ApiTags,
} from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsArray, IsBoolean, IsIn, IsInt, IsNotEmpty, IsObject, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import type { Response } from 'express';
import { AsOfQuery, ChangeRules, DesignateKeyProposal, DOCUMENT_CSP, FormalDocuments, IssueSupervisionNotice, NoticeQueries, PdfRenderer, PdfUnavailableError, ReplyLetters, RespondToSupervisionNotice, RulesQueries, SUPERVISION_CONFIG, SupervisionExports, SupervisionStats, WithdrawSupervisionNotice, type Dimension, type ExportedFile, type PrintedDocument, type SupervisionConfig } from '#supervision';
import { InvalidInputError, type Actor } from '#kernel';
import { ProposalQueries } from '#handling';
import { type HolidayOverride, type LadderStep } from '#domain';
import { CurrentActor, MayTake, Roles } from '../auth/auth.decorators.js';
import { IsCalendarDate, IsInstant } from '../platform/validation.js';

const id = new ParseUUIDPipe();
const toBool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class FigureQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() sessionId?: string;
  @ApiPropertyOptional({ description: 'Only proposals of this theme, e.g. 营商环境' }) @IsOptional() @IsString() @MaxLength(50) theme?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() unitId?: string;
}

export class FiguresQuery extends FigureQuery {
  @ApiPropertyOptional({ enum: ['unit', 'theme', 'session', 'all'], default: 'unit' }) @IsOptional() @IsIn(['unit', 'theme', 'session', 'all']) by?: Dimension;
}

export class AsOfQueryDto {
  @ApiPropertyOptional({ example: '2024-06-30', description: 'The state as that day ends (24:00 Asia/Shanghai)' })
  @IsOptional() @IsCalendarDate() date?: string;
  @ApiPropertyOptional({ example: '2024-06-30T12:00:00+08:00', description: 'Or an instant' }) @IsOptional() @IsInstant() at?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() sessionId?: string;
}

export class ExportQuery extends FigureQuery {
  @ApiPropertyOptional({ enum: ['xlsx', 'csv'], default: 'xlsx' }) @IsOptional() @IsIn(['xlsx', 'csv']) format?: 'xlsx' | 'csv';
}

export class IssueNoticeDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'The unit asked (one of the proposal’s handling units)' }) @IsOptional() @IsUUID() unitId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'Or its assignment' }) @IsOptional() @IsUUID() assignmentId?: string;
  @ApiProperty({ description: '督办事项: what the unit must do or answer' }) @IsString() @IsNotEmpty() @MaxLength(5000) content: string;
  @ApiPropertyOptional({ description: 'Working days to respond (default config/supervision.json notice.length)' })
  @IsOptional() @IsInt() @Min(1) @Max(60) workdays?: number;
}

export class NoticeResponseDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(20000) content: string;
}

export class WithdrawNoticeDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(2000) reason: string;
}

export class NoticesQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() proposalId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() unitId?: string;
  @ApiPropertyOptional({ enum: ['open', 'responded', 'withdrawn'] }) @IsOptional() @IsIn(['open', 'responded', 'withdrawn']) status?: 'open' | 'responded' | 'withdrawn';
  @ApiPropertyOptional() @IsOptional() @Transform(toBool) @IsBoolean() overdue?: boolean;
}

export class KeyProposalDto {
  @ApiProperty({ description: '重点提案' }) @IsBoolean() key: boolean;
  @ApiPropertyOptional({ description: '领衔督办的市领导 (required when key)' }) @IsOptional() @IsString() @MaxLength(50) leaderName?: string;
}

export class SessionQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() sessionId?: string;
}

export class RulesVersionDto {
  @ApiProperty({ description: 'Why the rules change (audited, and written into every recomputed deadline)' }) @IsString() @IsNotEmpty() @MaxLength(500) reason: string;
  @ApiPropertyOptional({ description: 'The version edited (0 before the first change); a stale one is 409' }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(1_000_000_000) expectedVersion?: number;
  @ApiPropertyOptional({ description: 'Ladders by deadline kind (reply, co_opinion, adjustment, feedback, rehandling, publication, supervision); null restores the default' })
  @IsOptional() @IsObject() ladders?: Record<string, LadderStep[] | null>;
  @ApiPropertyOptional({ description: 'The whole list of local holiday overrides [{date, kind: holiday|workday, reason}]' })
  @IsOptional() @IsArray() holidayOverrides?: HolidayOverride[];
  @ApiPropertyOptional({
    description: "The unit's internal flow: the units whose replies need no leader's sign-off (审签), {skipUnitIds: [unit id…]} (replaces the list; [] empties it)",
    example: { skipUnitIds: [] },
  })
  @IsOptional() @IsObject() signOff?: { skipUnitIds: string[] };
}

export class HolidayOverrideDto {
  @ApiProperty({ example: '2024-06-26', format: 'date' }) @IsCalendarDate() date: string;
  @ApiProperty({ enum: ['holiday', 'workday'] }) @IsIn(['holiday', 'workday']) kind: 'holiday' | 'workday';
  @ApiProperty({ example: '防汛抢险，全市机关临时休息' }) @IsString() @IsNotEmpty() @MaxLength(200) reason: string;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(1_000_000_000) expectedVersion?: number;
}

/** OpenAPI of a printed document's page: HTML, 404 for what the caller may not see. */
const HtmlDocument = (summary: string, description: string) =>
  applyDecorators(
    ApiOperation({ summary, description }),
    ApiProduces('text/html'),
    ApiOkResponse({ description: 'One self-contained A4 page with print CSS, under its own CSP', content: { 'text/html': { schema: { type: 'string' } } } }),
    ApiNotFoundResponse({ description: 'Unknown, or not for the caller to see' }),
  );

/** OpenAPI of the same document as PDF: 503 `pdf_unavailable` when Chromium is missing. */
const PdfDocument = (summary: string, description: string) =>
  applyDecorators(
    ApiOperation({ summary, description }),
    ApiProduces('application/pdf'),
    ApiOkResponse({ description: 'Chromium print-to-PDF of the page (A4), inline, named by its title', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } }),
    ApiNotFoundResponse({ description: 'Unknown, or not for the caller to see' }),
    ApiServiceUnavailableResponse({ description: 'pdf_unavailable: no Chromium (set DUBAN_CHROMIUM_PATH) or it did not start' }),
  );

/** A printed document's page, under its own CSP (its one stylesheet by hash, no script). */
function sendHtml(res: Response, doc: PrintedDocument): void {
  res.setHeader('Content-Security-Policy', DOCUMENT_CSP);
  res.type('html').send(doc.html);
}

function send(res: Response, file: ExportedFile): void {
  res.setHeader('Content-Type', file.contentType);
  res.setHeader('Content-Disposition', `attachment; filename="${encodeURIComponent(file.filename)}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`);
  res.setHeader('X-Row-Count', String(file.rows));
  res.send(file.body);
}

/** Statistics, the ranking (红黄牌), the 营商环境 view and the replayed history (docs/supervision.md). */
@ApiTags('supervision')
@ApiBearerAuth()
@Controller('api/v1/stats')
@Roles('admin', 'committee', 'supervisor')
export class SupervisionStatsController {
  constructor(
    @Inject(SupervisionStats) private readonly stats: SupervisionStats,
    @Inject(AsOfQuery) private readonly history: AsOfQuery,
    @Inject(SUPERVISION_CONFIG) private readonly config: SupervisionConfig,
  ) {}

  /** Every figure, grouped by unit (default), theme, session or in total. */
  @Get('figures')
  async figures(@Query() q: FiguresQuery) {
    const filter = { sessionId: q.sessionId, theme: q.theme, unitId: q.unitId };
    switch (q.by ?? 'unit') {
      case 'theme':
        return { by: 'theme', items: await this.stats.themes(filter) };
      case 'session':
        return { by: 'session', items: await this.stats.sessions(filter) };
      case 'all':
        return { by: 'all', items: [await this.stats.total(filter)] };
      default:
        return { by: 'unit', items: await this.stats.units(filter) };
    }
  }

  @Get('themes')
  async themes(@Query() q: FigureQuery) {
    return { items: await this.stats.themes(q) };
  }

  @Get('sessions')
  async sessions(@Query() q: FigureQuery) {
    return { items: await this.stats.sessions(q) };
  }

  @Get('summary')
  summary(@Query() q: FigureQuery) {
    return this.stats.total(q);
  }

  @Get('trends')
  trends(@Query() q: FigureQuery) {
    return this.stats.trends(q);
  }

  /** 红黄牌: ranked units with their colour and why (thresholds: config/supervision.json). */
  @Get('ranking')
  async ranking(@Query() q: FigureQuery) {
    return { thresholds: this.config.ranking, items: await this.stats.ranking(this.config.ranking, q) };
  }

  /** 营商环境: the same figures over the proposals of the business-environment theme. */
  @Get('business-environment')
  async businessEnvironment(@Query() q: SessionQuery) {
    const filter = { sessionId: q.sessionId, theme: this.config.businessTheme };
    const [total, units, ranking, trends] = await Promise.all([
      this.stats.total(filter),
      this.stats.units(filter),
      this.stats.ranking(this.config.ranking, filter),
      this.stats.trends(filter),
    ]);
    return { theme: this.config.businessTheme, total, units: units.filter((u) => u.assigned > 0), ranking, trends };
  }

  @Get('definitions')
  definitions() {
    return SupervisionStats.definitions(this.config);
  }

  /** On date X (as it ends) or at an instant: which deadlines were open, which overdue, who was responsible — from the events alone. */
  @Get('as-of')
  asOf(@Query() q: AsOfQueryDto) {
    if (!q.date && !q.at) throw new InvalidInputError('date', 'give a date (YYYY-MM-DD) or an instant (at)');
    const instant = q.at ? new Date(q.at) : AsOfQuery.endOf(q.date!);
    return this.history.at(instant, { sessionId: q.sessionId });
  }
}

/** 督办: supervision notices, their responses, and key proposals (重点提案). */
@ApiTags('supervision')
@ApiBearerAuth()
@Controller('api/v1')
export class SupervisionController {
  constructor(
    @Inject(IssueSupervisionNotice) private readonly issue: IssueSupervisionNotice,
    @Inject(RespondToSupervisionNotice) private readonly respond: RespondToSupervisionNotice,
    @Inject(WithdrawSupervisionNotice) private readonly withdrawal: WithdrawSupervisionNotice,
    @Inject(DesignateKeyProposal) private readonly designate: DesignateKeyProposal,
    @Inject(NoticeQueries) private readonly notices: NoticeQueries,
    @Inject(ProposalQueries) private readonly proposals: ProposalQueries,
  ) {}

  @Post('proposals/:id/supervision-notices')
  @MayTake('issue_notice')
  async issueNotice(@CurrentActor() actor: Actor, @Param('id', id) proposalId: string, @Body() body: IssueNoticeDto) {
    const notice = await this.issue.execute(actor, proposalId, body);
    return this.notices.get(actor, notice.id);
  }

  @Get('supervision/notices')
  @Roles('admin', 'committee', 'supervisor', 'unit')
  listNotices(@CurrentActor() actor: Actor, @Query() q: NoticesQuery) {
    return this.notices.list(actor, q);
  }

  @Get('supervision/notices/:id')
  @Roles('admin', 'committee', 'supervisor', 'unit')
  getNotice(@CurrentActor() actor: Actor, @Param('id', id) noticeId: string) {
    return this.notices.get(actor, noticeId);
  }

  @Post('supervision/notices/:id/response')
  @HttpCode(200)
  @Roles('unit')
  async respondToNotice(@CurrentActor() actor: Actor, @Param('id', id) noticeId: string, @Body() body: NoticeResponseDto) {
    await this.respond.execute(actor, noticeId, body);
    return this.notices.get(actor, noticeId);
  }

  @Post('supervision/notices/:id/withdraw')
  @HttpCode(200)
  @Roles('admin', 'supervisor')
  async withdrawNotice(@CurrentActor() actor: Actor, @Param('id', id) noticeId: string, @Body() body: WithdrawNoticeDto) {
    await this.withdrawal.execute(actor, noticeId, body);
    return this.notices.get(actor, noticeId);
  }

  /** 重点提案: mark (or unmark) a proposal as key, with the city leader who leads its supervision. */
  @Post('proposals/:id/key')
  @HttpCode(200)
  @MayTake('designate_key')
  async key(@CurrentActor() actor: Actor, @Param('id', id) proposalId: string, @Body() body: KeyProposalDto) {
    await this.designate.execute(actor, proposalId, body);
    return this.proposals.get(actor, proposalId);
  }

  @Get('supervision/key-proposals')
  @Roles('admin', 'committee', 'supervisor')
  keyProposals(@CurrentActor() actor: Actor, @Query() q: SessionQuery) {
    return this.notices.keyProposals(actor, q.sessionId);
  }
}

/**
 * Exports: the register (汇总表) and the unit statistics as XLSX or CSV; the formal documents as
 * printable pages and PDF: each reply as its letter (答复函), each assignment's 交办函, each
 * 督办通知书, each proposal's form, each session's 办理情况 report.
 */
@ApiTags('supervision')
@ApiBearerAuth()
@Controller('api/v1')
export class SupervisionExportsController {
  constructor(
    @Inject(SupervisionExports) private readonly exportsOf: SupervisionExports,
    @Inject(ReplyLetters) private readonly letters: ReplyLetters,
    @Inject(FormalDocuments) private readonly documents: FormalDocuments,
    @Inject(PdfRenderer) private readonly pdf: PdfRenderer,
  ) {}

  @Get('exports/register')
  @Roles('admin', 'committee', 'supervisor')
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv')
  async register(@Query() q: ExportQuery, @Res() res: Response) {
    send(res, await this.exportsOf.register(q.sessionId, q.format ?? 'xlsx'));
  }

  @Get('exports/unit-stats')
  @Roles('admin', 'committee', 'supervisor')
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv')
  async unitStats(@Query() q: ExportQuery, @Res() res: Response) {
    send(res, await this.exportsOf.unitStats({ sessionId: q.sessionId, theme: q.theme, unitId: q.unitId }, q.format ?? 'xlsx'));
  }

  /** The reply as the official letter: one self-contained page with print CSS (print it from the browser). */
  @Get('replies/:id/letter')
  @HtmlDocument('答复函 (HTML)', 'The reply as the official letter; whoever may see the proposal (else 404).')
  async letter(@CurrentActor() actor: Actor, @Param('id', id) replyId: string, @Res() res: Response) {
    sendHtml(res, await this.letters.html(actor, replyId));
  }

  /** The same letter as PDF (Chromium print-to-PDF); 503 when this deployment has no Chromium. */
  @Get('replies/:id/letter.pdf')
  @PdfDocument('答复函 (PDF)', 'Chromium print-to-PDF of the letter; 503 pdf_unavailable without Chromium.')
  async letterPdf(@CurrentActor() actor: Actor, @Param('id', id) replyId: string, @Res() res: Response) {
    await this.sendPdf(res, await this.letters.html(actor, replyId), 'letter.pdf');
  }

  /** 交办函: the committee's letter handing the proposal to this unit (staff, and the unit addressed; else 404). */
  @Get('assignments/:id/letter')
  @HtmlDocument('交办函 (HTML)', 'Proposal number and title, the unit’s role, its deadline and the rules it rests on, the contact. Staff and the unit addressed; anyone else 404.')
  async assignmentLetter(@CurrentActor() actor: Actor, @Param('id', id) assignmentId: string, @Res() res: Response) {
    sendHtml(res, await this.documents.assignmentLetter(actor, assignmentId));
  }

  @Get('assignments/:id/letter.pdf')
  @PdfDocument('交办函 (PDF)', 'As the HTML; 503 pdf_unavailable without Chromium.')
  async assignmentLetterPdf(@CurrentActor() actor: Actor, @Param('id', id) assignmentId: string, @Res() res: Response) {
    await this.sendPdf(res, await this.documents.assignmentLetter(actor, assignmentId), 'assignment-letter.pdf');
  }

  /** 督办通知书: the supervision office's notice to a unit (as GET supervision/notices/:id: staff, the unit its own; else 404). */
  @Get('supervision/notices/:id/letter')
  @HtmlDocument('督办通知书 (HTML)', 'Which proposal, what of the unit’s deadlines was overdue or running when it was issued, what must be done by when. Staff and the unit addressed; anyone else 404.')
  async noticeLetter(@CurrentActor() actor: Actor, @Param('id', id) noticeId: string, @Res() res: Response) {
    sendHtml(res, await this.documents.noticeLetter(actor, noticeId));
  }

  @Get('supervision/notices/:id/letter.pdf')
  @PdfDocument('督办通知书 (PDF)', 'As the HTML; 503 pdf_unavailable without Chromium.')
  async noticeLetterPdf(@CurrentActor() actor: Actor, @Param('id', id) noticeId: string, @Res() res: Response) {
    await this.sendPdf(res, await this.documents.noticeLetter(actor, noticeId), 'supervision-notice.pdf');
  }

  /** The proposal as its printed form (提案表): whoever may see the proposal (else 404). */
  @Get('proposals/:id/form')
  @HtmlDocument('提案 form (HTML)', '案由, 提案人, 附议人, 类别, state, 办理单位 and the text; whoever may see the proposal (else 404).')
  async proposalForm(@CurrentActor() actor: Actor, @Param('id', id) proposalId: string, @Res() res: Response) {
    sendHtml(res, await this.documents.proposalForm(actor, proposalId));
  }

  @Get('proposals/:id/form.pdf')
  @PdfDocument('提案 form (PDF)', 'As the HTML; 503 pdf_unavailable without Chromium.')
  async proposalFormPdf(@CurrentActor() actor: Actor, @Param('id', id) proposalId: string, @Res() res: Response) {
    await this.sendPdf(res, await this.documents.proposalForm(actor, proposalId), 'proposal.pdf');
  }

  /** The session's 办理情况 report as of today: the supervision statistics' figures (staff only, as those figures). */
  @Get('sessions/:id/report')
  @HtmlDocument('办理情况报告 (HTML)', 'Counts by state, results, units (ranking), on-time and satisfaction rates, key proposals. Staff only (403); an unknown session 404.')
  async report(@CurrentActor() actor: Actor, @Param('id', id) sessionId: string, @Res() res: Response) {
    sendHtml(res, await this.documents.report(actor, sessionId));
  }

  @Get('sessions/:id/report.pdf')
  @PdfDocument('办理情况报告 (PDF)', 'As the HTML; 503 pdf_unavailable without Chromium.')
  async reportPdf(@CurrentActor() actor: Actor, @Param('id', id) sessionId: string, @Res() res: Response) {
    await this.sendPdf(res, await this.documents.report(actor, sessionId), 'report.pdf');
  }

  /** Any printed document as PDF, inline, named by its title; 503 when Chromium is missing or does not start. */
  private async sendPdf(res: Response, doc: PrintedDocument, asciiName: string): Promise<void> {
    let body: Buffer;
    try {
      body = await this.pdf.render(doc.html);
    } catch (e) {
      if (e instanceof PdfUnavailableError) throw new ServiceUnavailableException({ code: e.code, errorCode: e.errorCode, message: e.message });
      throw e;
    }
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', `inline; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(`${doc.title}.pdf`)}`);
    res.send(body);
  }
}

/** Rules as data: the admin's versioned ladders and holiday overrides; each change recomputes the running deadlines. */
@ApiTags('supervision')
@ApiBearerAuth()
@Controller('api/v1/rules')
export class RulesController {
  constructor(
    @Inject(RulesQueries) private readonly rules: RulesQueries,
    @Inject(ChangeRules) private readonly change: ChangeRules,
  ) {}

  @Get()
  @Roles('admin', 'committee', 'supervisor')
  current(@CurrentActor() actor: Actor) {
    return this.rules.current(actor);
  }

  /** The admin layer's versions; with `sessionId`, that session's rules override versions (changed by PATCH /api/v1/sessions/:id). */
  @Get('versions')
  @Roles('admin', 'committee', 'supervisor')
  async versions(@CurrentActor() actor: Actor, @Query() q: SessionQuery) {
    return { items: await this.rules.versions(actor, q.sessionId) };
  }

  /** A new version of the rules layer: ladders by kind (null: back to the default) and/or the whole holiday override list. */
  @Post('versions')
  @Roles('admin')
  createVersion(@CurrentActor() actor: Actor, @Body() body: RulesVersionDto) {
    return this.change.execute(actor, body as never);
  }

  /** Adds (or replaces, for its date) one local holiday override: a new version. */
  @Post('holiday-overrides')
  @Roles('admin')
  async addHolidayOverride(@CurrentActor() actor: Actor, @Body() body: HolidayOverrideDto) {
    const current = await this.rules.current(actor);
    const overrides = ((current.layer as { holidayOverrides?: HolidayOverride[] }).holidayOverrides ?? []).filter((o) => o.date !== body.date);
    return this.change.execute(actor, {
      reason: body.reason,
      expectedVersion: body.expectedVersion ?? current.version,
      holidayOverrides: [...overrides, { date: body.date, kind: body.kind, reason: body.reason }],
    });
  }
}
