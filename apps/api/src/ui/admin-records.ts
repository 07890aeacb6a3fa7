import {
  CreateProposerDto, CreateSessionDto, CreateUnitDto, CreateUserDto, UpdateProposerDto, UpdateSessionDto, UpdateUnitDto, UpdateUserDto,
} from '../dto/directory.dto.js';
import { DEPARTMENT_TYPES } from '#domain';
import { FormError } from './errors.js';
import { flag, integer, text, type FormBody } from './forms.js';
import { BODY_LABELS, PROPOSER_BODY_LABELS, PROPOSER_KIND_LABELS, ROLE_LABELS, UNIT_KIND_LABELS, UNIT_ROLE_LABELS } from './labels.js';

export type RecordKind = 'sessions' | 'units' | 'proposers' | 'users';
export const RECORD_KINDS: RecordKind[] = ['sessions', 'units', 'proposers', 'users'];

export interface Option {
  value: string;
  label: string;
}

export interface FieldDef {
  name: string;
  label: string;
  type: 'text' | 'email' | 'number' | 'date' | 'select' | 'checkbox' | 'password' | 'textarea' | 'tel';
  required?: boolean;
  /** Static choices, or the name of a dynamic list (`units`, `proposers`). */
  options?: Option[] | 'units' | 'proposers';
  hint?: string;
  /** Shown only when creating (a code that identifies the record) or only when editing. */
  only?: 'create' | 'edit';
  /** For passwords: required when creating, optional when editing. */
  requiredOnCreate?: boolean;
  /** The value a column shows in the list. */
  column?: boolean;
}

const options = (table: Record<string, string>): Option[] => Object.entries(table).map(([value, label]) => ({ value, label }));

export interface RecordDef {
  title: string;
  noun: string;
  fields: FieldDef[];
  create: new () => object;
  update: new () => object;
}

/** The four directory records the administration edits: what each form asks, validated with the API's DTOs. */
export const RECORDS: Record<RecordKind, RecordDef> = {
  sessions: {
    title: '届次会议',
    noun: '届次',
    create: CreateSessionDto,
    update: UpdateSessionDto,
    fields: [
      { name: 'name', label: '名称', type: 'text', required: true, hint: '如：市政协十届二次会议', column: true },
      { name: 'body', label: '类别', type: 'select', required: true, options: options(BODY_LABELS), column: true },
      { name: 'term', label: '届', type: 'number', required: true, column: true },
      { name: 'meeting', label: '次', type: 'number', required: true, column: true },
      { name: 'year', label: '年份', type: 'number', required: true, column: true },
      { name: 'openedOn', label: '开幕日期', type: 'date', required: true, column: true },
      {
        name: 'rulesOverride', label: '时限规则覆盖（JSON，可留空）', type: 'textarea',
        hint: '只填写与系统默认时限规则不同的部分，例如 {"deadlines":{"reply":{"length":{"amount":5,"unit":"months"}}}}。'
          + '修改即为一次规则变更：记为本届规则的新版本，本届进行中的期限按新的节假日和提醒阶梯重新计算（已开始的期限长度不变）',
      },
      {
        name: 'rulesReason', label: '规则变更原因', type: 'text', only: 'edit',
        hint: '修改时限规则覆盖时填写：记入规则版本，并写入每个重新计算的期限的说明',
      },
    ],
  },
  units: {
    title: '单位与通知邮箱',
    noun: '单位',
    create: CreateUnitDto,
    update: UpdateUnitDto,
    fields: [
      { name: 'code', label: '代码', type: 'text', required: true, hint: '小写字母、数字、- 或 _，如 xzsp', column: true },
      { name: 'name', label: '名称', type: 'text', required: true, column: true },
      { name: 'kind', label: '类型', type: 'select', required: true, options: options(UNIT_KIND_LABELS), column: true },
      { name: 'email', label: '通知邮箱', type: 'email', required: true, hint: '交办通知、提醒和逾期通报发往此邮箱', column: true },
      { name: 'headName', label: '负责人', type: 'text' },
      { name: 'headEmail', label: '负责人邮箱', type: 'email', hint: '升级督办时通知（督查室负责人即督办领导）', column: true },
      { name: 'contactName', label: '联系人', type: 'text', column: true },
      { name: 'contactPhone', label: '联系电话', type: 'tel', column: true },
      { name: 'mobile', label: '短信手机', type: 'tel', hint: '超期预警、升级督办等短信发往此手机' },
      { name: 'headMobile', label: '负责人手机', type: 'tel', hint: '升级督办的短信发往此手机' },
      { name: 'wecomWebhook', label: '企业微信群机器人地址', type: 'text', hint: '群机器人的 Webhook 地址；督查室的预警推送到该工作群' },
      { name: 'dingtalkWebhook', label: '钉钉群机器人地址', type: 'text', hint: '群机器人的 Webhook 地址' },
      { name: 'dingtalkSecret', label: '钉钉加签密钥', type: 'password', hint: '机器人安全设置中“加签”的密钥（SEC 开头）；修改时留空则不变' },
      { name: 'departmentType', label: '部门类型', type: 'select', options: DEPARTMENT_TYPES.map((t) => ({ value: t.code, label: t.name })), hint: '按全国通行的部门类型选择，系统据此补充该类部门的一般职能，用于推荐承办单位', column: true },
      { name: 'duties', label: '职能', type: 'textarea', hint: '照“三定”方案填写本单位主要职责，用于推荐承办单位' },
      { name: 'active', label: '启用', type: 'checkbox', only: 'edit', column: true },
    ],
  },
  proposers: {
    title: '提案者',
    noun: '提案者',
    create: CreateProposerDto,
    update: UpdateProposerDto,
    fields: [
      { name: 'name', label: '姓名或名称', type: 'text', required: true, column: true },
      { name: 'kind', label: '类型', type: 'select', required: true, options: options(PROPOSER_KIND_LABELS), column: true },
      { name: 'body', label: '所属', type: 'select', required: true, options: options(PROPOSER_BODY_LABELS), column: true, hint: '政协委员和党派团体提交提案，人大代表提交建议' },
      { name: 'sector', label: '界别/代表团', type: 'text', column: true },
      { name: 'email', label: '邮箱', type: 'email', hint: '答复和回执链接发往此邮箱', column: true },
      { name: 'phone', label: '电话', type: 'tel', column: true },
      { name: 'mobile', label: '短信手机', type: 'tel', hint: '答复通知等短信发往此手机' },
    ],
  },
  users: {
    title: '用户与角色',
    noun: '用户',
    create: CreateUserDto,
    update: UpdateUserDto,
    fields: [
      { name: 'username', label: '用户名', type: 'text', required: true, column: true, hint: '登录用，不对外显示' },
      { name: 'displayName', label: '姓名', type: 'text', column: true, hint: '时间线、通知和函件中以姓名称呼操作人' },
      { name: 'title', label: '职务', type: 'text', column: true, hint: '如：科长、副主任' },
      { name: 'password', label: '密码', type: 'password', requiredOnCreate: true, hint: '至少 12 个字符，不能是常见密码、同一字符重复或由用户名构成；修改时留空则不变' },
      { name: 'role', label: '角色', type: 'select', required: true, options: options(ROLE_LABELS), column: true },
      { name: 'email', label: '邮箱', type: 'email', column: true },
      { name: 'mobile', label: '手机', type: 'tel' },
      { name: 'unitId', label: '所属单位（承办单位角色必填）', type: 'select', options: 'units', column: true },
      {
        name: 'unitRole', label: '本单位岗位（承办单位角色）', type: 'select', options: options(UNIT_ROLE_LABELS), column: true,
        hint: '联络员签收并分派经办人，经办人拟稿，分管领导审签后答复发出；不选即为联络员。单位有分管领导时答复须经审签',
      },
      { name: 'proposerId', label: '对应的提案者（提案者角色必填）', type: 'select', options: 'proposers', column: true },
      { name: 'active', label: '启用', type: 'checkbox', only: 'edit', column: true },
    ],
  },
};

/**
 * The values a posted record form gives, typed for its DTO. When creating, empty optional fields are
 * left out; when editing, they clear the value (null), and an empty password keeps the old one.
 */
export function recordValues(kind: RecordKind, body: FormBody, mode: 'create' | 'edit'): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const f of RECORDS[kind].fields) {
    if (f.only && f.only !== mode) continue;
    if (f.type === 'checkbox') {
      values[f.name] = flag(body, f.name);
    } else if (f.type === 'number') {
      values[f.name] = integer(body, f.name);
    } else if (f.name === 'rulesOverride') {
      const raw = text(body, f.name);
      if (!raw) values[f.name] = mode === 'edit' ? {} : undefined;
      else {
        try {
          values[f.name] = JSON.parse(raw);
        } catch {
          throw new FormError([f.name]);
        }
      }
    } else if (f.type === 'password') {
      values[f.name] = text(body, f.name) || undefined;
    } else {
      const t = text(body, f.name);
      values[f.name] = t || (mode === 'edit' && !f.required ? null : undefined);
    }
  }
  // A binding only where the role needs it.
  if (kind === 'users') {
    if (values.role !== 'unit') values.unitId = mode === 'edit' ? null : undefined;
    if (values.role !== 'proposer') values.proposerId = mode === 'edit' ? null : undefined;
    if (values.role !== 'unit' || values.unitRole === null) values.unitRole = undefined;
  }
  return values;
}

/** A record's current values as the form shows them. */
export function formValues(kind: RecordKind, row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of RECORDS[kind].fields) {
    const v = row[f.name];
    if (f.type === 'password') continue;
    if (f.name === 'rulesOverride') out[f.name] = v && Object.keys(v as object).length ? JSON.stringify(v, null, 2) : '';
    else out[f.name] = v ?? (f.type === 'checkbox' ? false : '');
  }
  return out;
}
