import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsInt, IsNotEmpty, IsObject, IsOptional, IsString, IsUrl, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { ROLES, type Role } from '#kernel';
import { DEPARTMENT_TYPE_CODES, UNIT_ROLES, type UnitRole } from '#domain';
import { IsCalendarDate, Trim } from '../platform/validation.js';

/** 手机号: a mainland mobile number (11 digits from 1, an optional +86 before it; spaces and dashes allowed). */
const MOBILE = /^(\+?86)?[\s-]*1[3-9](?:[\s-]*\d){9}$/;
const mobile = (field: string) => Matches(MOBILE, { message: `${field} must be a mainland mobile number (11 digits starting with 1)` });
const webhook = (field: string) =>
  IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: `${field} must be the robot's webhook URL (http or https)` });

export class LoginDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(100) username: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(200) password: string;
}

export class CreateSessionDto {
  @ApiProperty({ example: '市政协十届二次会议' }) @Trim() @IsString() @IsNotEmpty() @MaxLength(100) name: string;
  @ApiProperty({ enum: ['cppcc', 'npc'] }) @IsIn(['cppcc', 'npc']) body: 'cppcc' | 'npc';
  @ApiProperty() @IsInt() @Min(1) @Max(100) term: number;
  @ApiProperty() @IsInt() @Min(1) @Max(20) meeting: number;
  @ApiProperty() @IsInt() @Min(1949) @Max(2200) year: number;
  @ApiProperty({ example: '2024-01-15', format: 'date' }) @IsCalendarDate() openedOn: string;
  @ApiPropertyOptional({
    description: 'Overrides of config/rules.json for this session. Changing it (PATCH) is a rules change: a new version of the session\'s rules '
      + '(GET /api/v1/rules/versions?sessionId=), a session.rules_changed event, and the session\'s running deadlines recomputed',
  })
  @IsOptional() @IsObject() rulesOverride?: Record<string, unknown>;
}
export class UpdateSessionDto extends PartialType(CreateSessionDto) {
  @ApiPropertyOptional({ description: 'Why rulesOverride changes (audited, and written into every recomputed deadline); 未说明原因 when absent' })
  @IsOptional() @IsString() @MaxLength(500) rulesReason?: string;
}

export class CreateUnitDto {
  @ApiProperty({ example: 'xzsp' }) @Matches(/^[a-z0-9][a-z0-9_-]{1,39}$/, { message: 'code must be 2–40 lowercase letters, digits, - or _' }) code: string;
  @ApiProperty({ example: '市行政审批和政务信息管理局' }) @Trim() @IsString() @IsNotEmpty() @MaxLength(100) name: string;
  @ApiProperty({ enum: ['department', 'committee', 'supervision'] }) @IsIn(['department', 'committee', 'supervision']) kind: 'department' | 'committee' | 'supervision';
  @ApiProperty() @IsEmail() email: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(50) headName?: string;
  @ApiPropertyOptional() @IsOptional() @IsEmail() headEmail?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(50) contactName?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(50) contactPhone?: string;
  @ApiPropertyOptional({ description: '手机: where SMS (短信) for the unit go' }) @IsOptional() @mobile('mobile') mobile?: string;
  @ApiPropertyOptional({ description: '负责人手机: SMS of escalations to the unit head' }) @IsOptional() @mobile('headMobile') headMobile?: string;
  @ApiPropertyOptional({ description: '企业微信群机器人 webhook (https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…)' })
  @IsOptional() @webhook('wecomWebhook') @MaxLength(500) wecomWebhook?: string;
  @ApiPropertyOptional({ description: '钉钉群机器人 webhook (https://oapi.dingtalk.com/robot/send?access_token=…)' })
  @IsOptional() @webhook('dingtalkWebhook') @MaxLength(500) dingtalkWebhook?: string;
  @ApiPropertyOptional({ description: '钉钉机器人加签密钥 (SEC…); write-only: never answered' })
  @IsOptional() @Matches(/^SEC[0-9A-Za-z]{8,200}$/, { message: 'dingtalkSecret must be the robot\'s signing secret (SEC followed by letters and digits)' }) dingtalkSecret?: string;
  @ApiPropertyOptional({ description: '职能: the unit\'s duties (三定), which routing suggestions learn from' })
  @IsOptional() @Trim() @IsString() @MaxLength(5000) duties?: string;
  @ApiPropertyOptional({ enum: DEPARTMENT_TYPE_CODES, description: '部门类型 from the national list (GET /api/v1/department-types)' })
  @IsOptional() @IsIn(DEPARTMENT_TYPE_CODES as string[], { message: 'departmentType must be one of the department types' }) departmentType?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() active?: boolean;
}
export class UpdateUnitDto extends PartialType(CreateUnitDto) {}

export class CreateProposerDto {
  @ApiProperty() @Trim() @IsString() @IsNotEmpty() @MaxLength(100) name: string;
  @ApiProperty({ enum: ['member', 'group'] }) @IsIn(['member', 'group']) kind: 'member' | 'group';
  @ApiPropertyOptional({ enum: ['cppcc', 'npc'], default: 'cppcc', description: '政协委员/党派团体 (cppcc) or 人大代表 (npc): which sessions they submit to' })
  @IsOptional() @IsIn(['cppcc', 'npc']) body?: 'cppcc' | 'npc';
  @ApiPropertyOptional({ description: '界别' }) @IsOptional() @IsString() @MaxLength(50) sector?: string;
  @ApiPropertyOptional() @IsOptional() @IsEmail() email?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(50) phone?: string;
  @ApiPropertyOptional({ description: '手机: where SMS (短信) for the proposer go (the reply notice)' }) @IsOptional() @mobile('mobile') mobile?: string;
}
export class UpdateProposerDto extends PartialType(CreateProposerDto) {}

export class CreateUserDto {
  @ApiProperty() @Matches(/^[A-Za-z0-9._-]{3,50}$/, { message: 'username must be 3–50 letters, digits, . _ or -' }) username: string;
  /** Judged by the password policy in Users (≥ 12 characters, zxcvbn score ≥ 3, nothing from the username). */
  @ApiProperty({ minLength: 12 }) @IsString() @MaxLength(200) password: string;
  @ApiProperty({ enum: ROLES }) @IsIn(ROLES as unknown as string[]) role: Role;
  @ApiPropertyOptional({ description: '姓名 (shown wherever the user acted)' }) @IsOptional() @Trim() @IsString() @IsNotEmpty() @MaxLength(30) displayName?: string;
  @ApiPropertyOptional({ description: '职务, e.g. 科长' }) @IsOptional() @Trim() @IsString() @MaxLength(30) title?: string;
  @ApiPropertyOptional() @IsOptional() @IsEmail() email?: string;
  @ApiPropertyOptional({ description: '手机' }) @IsOptional() @mobile('mobile') mobile?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() unitId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() proposerId?: string;
  @ApiPropertyOptional({
    enum: UNIT_ROLES,
    description: "A unit user's post (本单位岗位): liaison 联络员 (签收、分派; the default), officer 经办人 (拟稿), leader 分管领导 (审签). Only for role unit",
  })
  @IsOptional() @IsIn(UNIT_ROLES as unknown as string[]) unitRole?: UnitRole;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() active?: boolean;
}
export class UpdateUserDto extends PartialType(CreateUserDto) {}
