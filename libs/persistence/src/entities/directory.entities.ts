import { Column, Entity } from 'typeorm';
import type { AccessRole, Body, ProposerKind, UnitKind, UnitRole } from '#domain';
import { BaseRow, NullableText, Uuid } from './columns.js';

/** 届次会议: a plenary meeting whose proposals are numbered together. */
@Entity('sessions')
export class SessionRow extends BaseRow {
  @Column('text') name: string;
  @Column('text') body: Body;
  @Column('int') term: number;
  @Column('int') meeting: number;
  @Column('int') year: number;
  @Column({ name: 'opened_on', type: 'date' }) openedOn: string;
  @Column({ name: 'rules_override', type: 'jsonb', default: {} }) rulesOverride: Record<string, unknown>;
  @Column({ name: 'last_number', type: 'int', default: 0 }) lastNumber: number;
}

/** 单位: a handling department, the committee (提案委) or the supervision office (督查室). */
@Entity('units')
export class UnitRow extends BaseRow {
  @Column('text') code: string;
  @Column('text') name: string;
  @Column('text') kind: UnitKind;
  @Column('text') email: string;
  @NullableText('head_name') headName: string | null;
  @NullableText('head_email') headEmail: string | null;
  @NullableText('contact_name') contactName: string | null;
  @NullableText('contact_phone') contactPhone: string | null;
  /** 职能: the unit's duties (its 三定 description), which routing learns from. */
  @NullableText('duties') duties: string | null;
  /** 部门类型: a code of DEPARTMENT_TYPES (#domain), whose built-in duties routing adds. */
  @NullableText('department_type') departmentType: string | null;
  /** 短信: the unit's mobile for SMS (its contact's), and its head's. */
  @NullableText('mobile') mobile: string | null;
  @NullableText('head_mobile') headMobile: string | null;
  /** 企业微信 / 钉钉 group robots: the webhook URLs (DingTalk's signing secret beside it, `SEC…`). */
  @NullableText('wecom_webhook') wecomWebhook: string | null;
  @NullableText('dingtalk_webhook') dingtalkWebhook: string | null;
  /** Never read with the row (the API answers units to every staff role): the channel reads it when it signs. */
  @Column({ name: 'dingtalk_secret', type: 'text', nullable: true, select: false }) dingtalkSecret: string | null;
  @Column('boolean', { default: true }) active: boolean;
}

/** 提案者: a CPPCC member (委员), an NPC deputy (代表) or a group (党派团体). */
@Entity('proposers')
export class ProposerRow extends BaseRow {
  @Column('text') name: string;
  @Column('text') kind: ProposerKind;
  /** 政协 (files 提案 to CPPCC sessions) or 人大 (an NPC deputy, files 建议 to NPC sessions). */
  @Column({ type: 'text', default: 'cppcc' }) body: Body;
  @NullableText('sector') sector: string | null;
  @NullableText('email') email: string | null;
  @NullableText('phone') phone: string | null;
  /** 手机: where SMS notifications go. */
  @NullableText('mobile') mobile: string | null;
}

@Entity('users')
export class UserRow extends BaseRow {
  @Column('text') username: string;
  /** 姓名: how the timeline, emails and letters name the user (never by login). */
  @NullableText('display_name') displayName: string | null;
  /** 职务, e.g. 科长 */
  @NullableText('title') title: string | null;
  @Column({ name: 'password_hash', type: 'text', select: false }) passwordHash: string;
  @Column('text') role: AccessRole;
  /** 本单位岗位 of a unit user: liaison 联络员 · officer 经办人 · leader 分管领导 (domain sign-off.ts); null for other roles. */
  @NullableText('unit_role') unitRole: UnitRole | null;
  @NullableText('email') email: string | null;
  @NullableText('mobile') mobile: string | null;
  @Uuid('unit_id', true) unitId: string | null;
  @Uuid('proposer_id', true) proposerId: string | null;
  @Column('boolean', { default: true }) active: boolean;
  /** The user's session tokens carry it; bumping it ends them all (migration TokenRevocation). */
  @Column({ name: 'token_epoch', type: 'int', default: 0 }) tokenEpoch: number;
}
