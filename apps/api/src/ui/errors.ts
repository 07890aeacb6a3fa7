import { labelOf } from '#contracts';
import { AdjustmentRefusedError, ApplicationError, ConflictError, InvalidInputError, SESSION_CLOSED, SESSION_OF_OTHER_BODY } from '#application';
import { InvalidTransitionError, RuleViolationError } from '#domain';
import { toErrorBody } from '../platform/error-filter.js';
import type { InputProblem } from '../platform/validation.js';
import { ASSIGNMENT_ROLE_LABELS, ASSIGNMENT_STATE_LABELS, STATUS_LABELS } from './labels.js';

/** The Chinese name of each form field, for error messages. */
export const FIELD_LABELS: Record<string, string> = {
  title: '标题', content: '内容', file: '导入文件', sessionId: '届次', leadProposerId: '领衔提案者', coProposerIds: '联名提案者', category: '类别',
  number: '提案号', decision: '审查结论', reason: '理由', mergeIntoId: '并入的提案', leadUnitId: '主办单位', coUnitIds: '协办单位',
  separateUnitIds: '分办单位', key: '重点提案', leaderName: '领衔督办的市领导', suggestedUnitId: '建议承办单位', newDueOn: '延期至',
  method: '沟通方式', happenedOn: '沟通日期', summary: '沟通情况', resultCategory: '办理结果类别', signedBy: '签发人',
  contactName: '联系人', contactPhone: '联系电话', public: '是否公开', approve: '决定', newUnitId: '新承办单位', rating: '满意度',
  comment: '意见', publicationIndex: '索引号', username: '用户名', displayName: '姓名', password: '密码', role: '角色', email: '邮箱', unitId: '所属单位',
  confirm: '确认', proposerId: '对应的提案者', active: '启用', name: '名称', body: '类别', term: '届', meeting: '次', year: '年份', openedOn: '开幕日期',
  code: '代码', kind: '类型', headName: '负责人', headEmail: '负责人邮箱', sector: '界别', phone: '电话', note: '督办意见',
  rulesOverride: '时限规则覆盖', rulesReason: '规则变更原因', keepAsCo: '本单位改为协办', duties: '职能', departmentType: '部门类型',
  attachment: '附件', letter: '答复函', purpose: '附件用途',
};

const ACTION_LABELS: Record<string, string> = {
  file: '立案', not_file: '不予立案', merge: '并案', convert: '转为意见建议', return: '退回修改', resubmit: '重新提交', withdraw: '撤回',
  assign: '交办', accept: '签收', reply_complete: '完成答复', rate_satisfied: '评价', rate_unsatisfied: '评价', feedback_expired: '结束回执',
  close: '办结', reply: '答复', submit_opinion: '提交协办意见', request_adjustment: '申请调整', approve_adjustment: '同意调整',
  reject_adjustment: '不同意调整', reopen: '重新办理',
};

const RULE_MESSAGES: Record<string, string> = {
  adjustment_window: '已超过申请调整的期限（须在交办后规定的工作日内提出）',
  communication_before_acceptance: '请先签收，再记录沟通情况',
  extension_not_later: '延期后的日期须晚于当前的期限',
  extension_without_deadline: '没有可以延期的办理期限',
  extension_limit: '延期不能超过交办后的最长办理期限',
  feedback_state: '提案当前的状态不能评价',
  publication_state: '只有已答复或已办结的提案可以公开',
  publication_without_public_reply: '没有标记为公开的答复，不能公开',
  // Met by the batch actions' checks (libs/domain/src/batch-actions.ts).
  already_published: '该提案已经公开',
  urge_settled: '该期限已办结，无需催办',
  urge_kind: '该期限不由承办单位办理，不能催办',
  notice_state: '提案当前的状态不能发出督办通知',
};

const CONFLICT_MESSAGES: Array<[RegExp, string]> = [
  [/already been rated/, '该答复已经评价过了'],
  [/already published/, '该提案已经公开'],
  [/extension request for this assignment is already pending/, '已有一份待决定的延期申请'],
  [/request is already/, '该申请已经作出决定'],
  [/changed by someone else/, '数据已被他人修改，请刷新页面后重试'],
  [/publicationIndex .* is already used/, '该索引号已被使用'],
  [/already exists/, '已存在相同的记录'],
  [/only a dead notification/, '只有投递失败的通知可以重新发送'],
];

/** A form that did not validate: names each bad field (and why, when the input layer refused it). */
export class FormError extends Error {
  constructor(readonly fields: string[], message?: string) {
    super(message ?? `请检查：${[...new Set(fields)].map((f) => FIELD_LABELS[f] ?? f).join('、')}`);
  }
}

/** What the input layer (platform/validation.ts) refused, in Chinese, naming each field. */
export function describeProblems(problems: InputProblem[]): string {
  const why = (p: string) =>
    p.includes('control') ? '含有不允许的控制字符（如 NUL）' : p.includes('surrogate') ? '含有无法保存的字符（不成对的代理项）' : p.includes('prototype') ? '不是可以提交的字段' : '无法接受';
  const parts = [...new Map(problems.map((p) => [p.field, `「${FIELD_LABELS[p.field] ?? p.field}」${why(p.problem)}`])).values()];
  return `请检查：${parts.join('；')}。`;
}

/** What went wrong, in Chinese, with the HTTP status it maps to. */
export function describeError(e: unknown): { status: number; message: string } {
  if (e instanceof FormError) return { status: 400, message: e.message };
  const status = toErrorBody(e).statusCode;
  if (e instanceof InvalidTransitionError) {
    const state = e.entity === 'proposal' ? labelOf(STATUS_LABELS, e.current) : labelOf(ASSIGNMENT_STATE_LABELS, e.current);
    const what = e.entity === 'proposal' ? '提案' : '承办任务';
    return { status, message: `${what}当前为「${state}」，不能${ACTION_LABELS[e.action] ?? e.action}。` };
  }
  if (e instanceof RuleViolationError) return { status, message: RULE_MESSAGES[e.rule] ?? e.message };
  if (e instanceof AdjustmentRefusedError) {
    const unit = e.unitName ?? '该单位';
    const field = `「${FIELD_LABELS[e.field] ?? e.field}」`;
    const role = ASSIGNMENT_ROLE_LABELS[e.targetRole ?? 'lead'];
    const messages: Record<typeof e.refusal, string> = {
      own_unit: `${field}不能是申请调整的单位本身，请选择其他单位。`,
      already_assigned: `${field}：${unit}已是本件的${role}单位，不能改由其承办（只有主办单位可以将主办交给本件的协办单位），请选择其他单位。`,
      target_adjusting: `${field}：${unit}也已申请调整其协办任务，请先对该申请作出决定。`,
      keep_as_co_not_lead: '只有主办单位可以申请“本单位改为协办”。',
      keep_as_co_without_unit: '申请“本单位改为协办”时，请选择建议主办的单位（建议承办单位）。',
    };
    return { status, message: messages[e.refusal] };
  }
  if (e instanceof InvalidInputError) {
    const text = e.message.slice(e.field.length + 2);
    const known: Record<string, string> = {
      'is required': '为必填项',
      'must not be in the future': '不能晚于今天',
      [SESSION_OF_OTHER_BODY]: '不是提案者所属的届次：政协委员和党派团体向政协会议提交提案，人大代表向人大会议提交建议',
      [SESSION_CLOSED]: '已不再接收提案：同一机关的下一次会议已经召开',
    };
    return { status, message: `「${FIELD_LABELS[e.field] ?? e.field}」${known[text] ?? `：${text}`}` };
  }
  if (e instanceof ConflictError) {
    const hit = CONFLICT_MESSAGES.find(([re]) => re.test(e.message));
    return { status, message: hit ? hit[1] : `操作冲突：${e.message}` };
  }
  if (e instanceof ApplicationError) {
    const byCode: Record<string, string> = { not_found: '找不到该记录，或您无权查看。', forbidden: '您的角色无权进行此操作。', unauthenticated: '用户名或密码不正确。' };
    return { status, message: byCode[e.code] ?? e.message };
  }
  const generic: Record<number, string> = {
    400: '提交的内容有误，请检查后重试。',
    401: '请先登录。',
    403: '您无权进行此操作。',
    404: '页面不存在，或您无权查看。',
    409: '当前状态不允许此操作。',
    429: '操作过于频繁，请稍后再试。',
  };
  return { status, message: generic[status] ?? '系统出现错误，请稍后重试。' };
}
