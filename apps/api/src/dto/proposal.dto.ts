import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Max, MaxLength, Min,
} from 'class-validator';
import { COMMUNICATION_METHODS, RATINGS, type CommunicationMethod, type Rating } from '#handling';
import { type ReviewDecision } from '#intake';
import { CO_SIGNING_ANSWERS, PROPOSAL_STATUSES, REVIEW_DECISIONS, type CoSigningAnswer } from '#domain';
import { IsCalendarDate, IsPage, IsPageSize, LONGEST_TEXT_FIELD, MAX_PAGE, Trim } from '../platform/validation.js';

export class CreateProposalDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() sessionId: string;
  @ApiProperty({ example: '以营商环境为主线强力推进我市数字政府建设' }) @Trim() @IsString() @IsNotEmpty() @MaxLength(200) title: string;
  @ApiProperty() @Trim() @IsString() @IsNotEmpty() @MaxLength(50000) content: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() leadProposerId: string;
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(50) @IsUUID('all', { each: true }) coProposerIds?: string[];
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(50) category?: string;
  @ApiPropertyOptional({ description: 'Only for imported proposals that already carry their number' })
  @IsOptional() @IsInt() @Min(1) @Max(1_000_000) number?: number;
}

const yesNo = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class ListProposalsQuery {
  @ApiPropertyOptional({ enum: PROPOSAL_STATUSES }) @IsOptional() @IsIn(PROPOSAL_STATUSES as unknown as string[]) status?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() sessionId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() unitId?: string;
  @ApiPropertyOptional({ description: '逾期: an open duty deadline (not an adjustment window) past its due time' }) @IsOptional() @Transform(yesNo) @IsBoolean() overdue?: boolean;
  @ApiPropertyOptional({ description: '重点提案' }) @IsOptional() @Transform(yesNo) @IsBoolean() key?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(50) theme?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(50) category?: string;
  @ApiPropertyOptional({ description: 'Words, a proposer, or a number as written (第196号). Words match as a substring of title and content (words of the dictionary are looked up by their jieba terms: the same matches, faster). The total of a search is exact up to 1,000 matches; beyond, total is 1000 and totalIsLowerBound true.' })
  @IsOptional() @IsString() @MaxLength(100) q?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE }) @IsOptional() @IsPage() page?: number;
  @ApiPropertyOptional({ minimum: 1, maximum: 100 }) @IsOptional() @IsPageSize(100) pageSize?: number;
  @ApiPropertyOptional({ description: "Keyset paging: the nextCursor of the previous page (then page is ignored); any depth costs the same" })
  @IsOptional() @IsString() @MaxLength(200) cursor?: string;
}

/** The register's answer (GET /api/v1/proposals). */
export class ProposalPageDto {
  @ApiProperty({ type: 'array', items: { type: 'object' } }) items: unknown[];
  @ApiProperty({ description: 'How many proposals match: exact (kept in counters, no scan), except for a text search beyond 1,000 matches (then 1000 and totalIsLowerBound)' })
  total: number;
  @ApiProperty({ description: 'True when total is a lower bound: show "1,000+"' }) totalIsLowerBound: boolean;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
  @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor for the next page; null on the last page' }) nextCursor: string | null;
}

export class ReviewDto {
  @ApiProperty({ enum: ['file', 'not_file', 'merge', 'convert', 'return'] })
  @IsIn(REVIEW_DECISIONS) decision: ReviewDecision;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) reason?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() mergeIntoId?: string;
}

export class ReasonDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) reason?: string;
}

export class ResubmitDto {
  @ApiPropertyOptional() @IsOptional() @Trim() @IsString() @IsNotEmpty() @MaxLength(200) title?: string;
  @ApiPropertyOptional() @IsOptional() @Trim() @IsString() @IsNotEmpty() @MaxLength(50000) content?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(50) category?: string;
}

export class AssignDto {
  @ApiPropertyOptional({ description: '主办单位' }) @IsOptional() @IsUUID() leadUnitId?: string;
  @ApiPropertyOptional({ type: [String], description: '协办单位' }) @IsOptional() @IsArray() @ArrayMaxSize(20) @IsUUID('all', { each: true }) coUnitIds?: string[];
  @ApiPropertyOptional({ type: [String], description: '分办单位' }) @IsOptional() @IsArray() @ArrayMaxSize(20) @IsUUID('all', { each: true }) separateUnitIds?: string[];
  @ApiPropertyOptional({ description: '重点提案' }) @IsOptional() @IsBoolean() key?: boolean;
  @ApiPropertyOptional({ description: '领衔督办的市领导' }) @IsOptional() @IsString() @MaxLength(50) leaderName?: string;
}

export class AdjustmentRequestDto {
  @ApiProperty() @Trim() @IsString() @IsNotEmpty() @MaxLength(2000) reason: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() suggestedUnitId?: string;
  @ApiPropertyOptional({ description: '本单位改为协办: a lead unit stays on as co-handler of the suggested unit' }) @IsOptional() @IsBoolean() keepAsCo?: boolean;
}

export class ExtensionRequestDto {
  @ApiProperty() @Trim() @IsString() @IsNotEmpty() @MaxLength(2000) reason: string;
  @ApiProperty({ example: '2024-08-26', format: 'date' }) @IsCalendarDate() newDueOn: string;
}

export class CommunicationDto {
  @ApiProperty({ enum: COMMUNICATION_METHODS }) @IsIn(COMMUNICATION_METHODS as unknown as string[]) method: CommunicationMethod;
  @ApiProperty({ example: '2024-05-10', format: 'date' }) @IsCalendarDate() happenedOn: string;
  @ApiProperty() @Trim() @IsString() @IsNotEmpty() @MaxLength(5000) summary: string;
}

export class OpinionDto {
  @ApiProperty() @Trim() @IsString() @IsNotEmpty() @MaxLength(50000) content: string;
}

export class ReplyDto {
  @ApiProperty() @Trim() @IsString() @IsNotEmpty() @MaxLength(LONGEST_TEXT_FIELD) content: string;
  @ApiProperty({ example: 'A', description: 'A 所提问题已经解决或基本解决 / B / C / D' }) @Trim() @IsString() @IsNotEmpty() @MaxLength(10) resultCategory: string;
  @ApiProperty({ description: '签发人' }) @Trim() @IsString() @IsNotEmpty() @MaxLength(100) signedBy: string;
  @ApiProperty() @Trim() @IsString() @IsNotEmpty() @MaxLength(50) contactName: string;
  @ApiProperty() @Trim() @IsString() @IsNotEmpty() @MaxLength(50) contactPhone: string;
  @ApiProperty({ description: '是否公开' }) @IsBoolean() public: boolean;
}

/** 分派经办人 (the unit's internal flow): the officer (经办人) of the unit the liaison gives the work to. */
export class AssignOfficerDto {
  @ApiProperty({ format: 'uuid', description: '经办人: an active unit user of the same unit with unitRole officer' }) @IsUUID() officerUserId: string;
}

/** 拟稿: the officer's draft for the leader's sign-off (审签); the leader who approves it is the 签发人. */
export class ReplyDraftDto {
  @ApiProperty() @Trim() @IsString() @IsNotEmpty() @MaxLength(LONGEST_TEXT_FIELD) content: string;
  @ApiProperty({ example: 'A', description: 'A 所提问题已经解决或基本解决 / B / C / D' }) @Trim() @IsString() @IsNotEmpty() @MaxLength(10) resultCategory: string;
  @ApiProperty() @Trim() @IsString() @IsNotEmpty() @MaxLength(50) contactName: string;
  @ApiProperty() @Trim() @IsString() @IsNotEmpty() @MaxLength(50) contactPhone: string;
  @ApiProperty({ description: '是否公开' }) @IsBoolean() public: boolean;
}

/** 退回修改: the leader's comment to the officer. */
export class ReturnReplyDto {
  @ApiProperty({ description: '退回意见' }) @Trim() @IsString() @IsNotEmpty() @MaxLength(2000) comment: string;
}

export class DecisionDto {
  @ApiProperty() @IsBoolean() approve: boolean;
  @ApiPropertyOptional() @IsOptional() @IsUUID() newUnitId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) reason?: string;
}

export class FeedbackDto {
  @ApiProperty({ enum: RATINGS }) @IsIn(RATINGS as unknown as string[]) rating: Rating;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(5000) comment?: string;
}

export class PublishDto {
  @ApiPropertyOptional({ description: '索引号; generated when omitted' }) @IsOptional() @IsString() @MaxLength(100) publicationIndex?: string;
}

export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE }) @IsOptional() @IsPage() page?: number;
  @ApiPropertyOptional({ minimum: 1, maximum: 500 }) @IsOptional() @IsPageSize(500) pageSize?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) q?: string;
}

/** GET /api/v1/public/replies: the public page's search and filters. */
export class PublicRepliesQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid', description: '届次' }) @IsOptional() @IsUUID() sessionId?: string;
  @ApiPropertyOptional({ enum: ['proposal', 'suggestion'], description: '提案 (CPPCC) or 建议 (NPC)' }) @IsOptional() @IsIn(['proposal', 'suggestion']) kind?: 'proposal' | 'suggestion';
  @ApiPropertyOptional({ description: '类别' }) @IsOptional() @IsString() @MaxLength(50) category?: string;
  @ApiPropertyOptional({ format: 'uuid', description: '承办单位' }) @IsOptional() @IsUUID() unitId?: string;
}

export class StatsQuery {
  @ApiPropertyOptional() @IsOptional() @IsUUID() sessionId?: string;
}

export class NotificationsQuery {
  @ApiPropertyOptional() @IsOptional() @IsUUID() proposalId?: string;
}

/** 邀请联名: the members the lead proposer invites to co-sign. */
export class InviteCoSignersDto {
  @ApiProperty({ type: [String], description: 'the invitees (proposers of kind member, of the lead proposer\'s body)' })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @IsUUID('all', { each: true }) proposerIds: string[];
}

/** 确认联名 (confirm) or 谢绝联名 (decline). */
export class CoSigningAnswerDto {
  @ApiProperty({ enum: CO_SIGNING_ANSWERS }) @IsIn(CO_SIGNING_ANSWERS as unknown as string[]) answer: CoSigningAnswer;
}
