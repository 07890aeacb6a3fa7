import type { DomainErrorCode, ErrorParams } from '#domain';
import { ASSIGNMENT_ROLE_LABELS, ASSIGNMENT_STATE_LABELS, PROPOSAL_STATUS_LABELS, labelOf } from './labels.js';

export type { ErrorParams } from '#domain';

/**
 * Duban's error codes and their zh-CN messages: one catalogue for the API's error bodies
 * (`errorCode`, `messageZh`), the UI's error pages and flashes, and the batch actions' refusals.
 *
 * Every error of the domain (DomainErrorCode, libs/domain/src/errors.ts) and of the application
 * (libs/kernel/src/errors.ts) carries one of these codes; `ERROR_MESSAGES` is a `Record` over
 * all of them, so a code without its message does not compile. The codes are stable: clients may
 * branch on them (the English `message` is for people and logs, and may change).
 */

/** 400 naming the field (InvalidInputError). */
export type InputErrorCode =
  | 'FIELD_INVALID'
  | 'FIELD_REQUIRED'
  | 'FIELD_IN_FUTURE'
  | 'SESSION_OF_OTHER_BODY'
  | 'SESSION_CLOSED'
  | 'ADJUSTMENT_OWN_UNIT'
  | 'ADJUSTMENT_UNIT_ALREADY_ASSIGNED'
  | 'ADJUSTMENT_TARGET_ADJUSTING'
  | 'KEEP_AS_CO_NOT_LEAD'
  | 'KEEP_AS_CO_WITHOUT_UNIT'
  | 'ATTACHMENT_INFECTED'
  | 'ATTACHMENT_REFUSED'
  | 'ATTACHMENT_TOO_MANY'
  | 'LETTER_REQUIRED'
  | 'CO_SIGNER_INVALID';

/** 404: what was not found (or is not visible to the actor: another unit's proposal is not told apart). */
export type NotFoundCode =
  | 'PROPOSAL_NOT_FOUND'
  | 'ASSIGNMENT_NOT_FOUND'
  | 'SESSION_NOT_FOUND'
  | 'UNIT_NOT_FOUND'
  | 'PROPOSER_NOT_FOUND'
  | 'USER_NOT_FOUND'
  | 'REPLY_NOT_FOUND'
  | 'SUPERVISION_NOTICE_NOT_FOUND'
  | 'ADJUSTMENT_REQUEST_NOT_FOUND'
  | 'EXTENSION_REQUEST_NOT_FOUND'
  | 'IMPORT_NOT_FOUND'
  | 'NOTIFICATION_NOT_FOUND'
  | 'MESSAGE_NOT_FOUND'
  | 'ATTACHMENT_NOT_FOUND'
  | 'DRAFT_NOT_FOUND'
  | 'FEEDBACK_LINK_INVALID'
  | 'CO_SIGNING_NOT_FOUND'
  | 'CO_SIGNING_LINK_INVALID'
  /** A batch action's item that does not exist or is not the actor's to see. */
  | 'ITEM_NOT_FOUND';

/** The codes of the application's errors (libs/kernel/src/errors.ts and its subclasses). */
export type ApplicationErrorCode =
  | NotFoundCode
  // 403
  | 'ROLE_NOT_ALLOWED'
  | 'OWN_NAME_ONLY'
  | 'COMMITTEE_FIELDS_ONLY'
  | 'LEAD_PROPOSER_ONLY'
  | 'UNIT_POST_NOT_ALLOWED'
  | 'NOT_THE_OFFICER'
  // 401
  | 'WRONG_CREDENTIALS'
  // 400, naming the field
  | InputErrorCode
  // 409
  | 'CONFLICT'
  | 'CHANGED_BY_SOMEONE_ELSE'
  | 'DUPLICATE_RECORD'
  | 'PROPOSAL_NUMBER_USED'
  | 'PUBLICATION_INDEX_USED'
  | 'ALREADY_RATED'
  | 'EXTENSION_ALREADY_PENDING'
  | 'REQUEST_ALREADY_DECIDED'
  | 'NOTICE_NOT_OPEN'
  | 'RULES_VERSION_STALE'
  | 'RESEND_ONLY_DEAD'
  | 'CO_SIGNER_ALREADY_INVITED'
  // 410, 503
  | 'FEEDBACK_LINK_EXPIRED'
  | 'CO_SIGNING_LINK_EXPIRED'
  | 'PDF_UNAVAILABLE';

/** What the HTTP layer itself refuses, before any use case runs (and the generic fallbacks by status). */
export type HttpErrorCode =
  | 'VALIDATION_FAILED'
  | 'BAD_REQUEST'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'GONE'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'TOO_MANY_REQUESTS'
  | 'CSRF_INVALID'
  | 'SERVICE_UNAVAILABLE'
  | 'SCAN_UNAVAILABLE'
  | 'INTERNAL_ERROR';

export type ErrorCode = DomainErrorCode | ApplicationErrorCode | HttpErrorCode;

/** The Chinese name of each form and API field, for error messages. */
export const FIELD_LABELS: Record<string, string> = {
  title: '标题', content: '内容', file: '导入文件', sessionId: '届次', leadProposerId: '领衔提案者', coProposerIds: '联名提案者', category: '类别',
  number: '提案号', decision: '审查结论', reason: '理由', mergeIntoId: '并入的提案', leadUnitId: '主办单位', coUnitIds: '协办单位',
  separateUnitIds: '分办单位', key: '重点提案', leaderName: '领衔督办的市领导', suggestedUnitId: '建议承办单位', newDueOn: '延期至',
  method: '沟通方式', happenedOn: '沟通日期', summary: '沟通情况', resultCategory: '办理结果类别', signedBy: '签发人',
  contactName: '联系人', contactPhone: '联系电话', public: '是否公开', approve: '决定', newUnitId: '新承办单位', rating: '满意度',
  comment: '意见', publicationIndex: '索引号', username: '用户名', displayName: '姓名', password: '密码', role: '角色', email: '邮箱', unitId: '所属单位',
  confirm: '确认', proposerId: '对应的提案者', active: '启用', name: '名称', body: '类别', term: '届', meeting: '次', year: '年份', openedOn: '开幕日期',
  code: '代码', kind: '类型', headName: '负责人', headEmail: '负责人邮箱', sector: '界别', phone: '电话', note: '督办意见',
  rulesOverride: '时限规则覆盖', rulesReason: '规则变更原因', keepAsCo: '本单位改为协办', duties: '职能', departmentType: '部门类型', attachment: '附件', letter: '答复函', purpose: '附件用途',
  proposerIds: '邀请联名的提案者', answer: '联名答复',
  mobile: '手机', headMobile: '负责人手机', wecomWebhook: '企业微信群机器人地址', dingtalkWebhook: '钉钉群机器人地址', dingtalkSecret: '钉钉加签密钥',
};

/** The Chinese name of each action a state may refuse (InvalidTransitionError.action). */
export const ACTION_LABELS: Record<string, string> = {
  file: '立案', not_file: '不予立案', merge: '并案', convert: '转为意见建议', return: '退回修改', resubmit: '重新提交', withdraw: '撤回',
  assign: '交办', accept: '签收', reply_complete: '完成答复', rate_satisfied: '评价', rate_unsatisfied: '评价', feedback_expired: '结束回执',
  close: '办结', reply: '答复', submit_opinion: '提交协办意见', request_adjustment: '申请调整', approve_adjustment: '同意调整',
  reject_adjustment: '不同意调整', reopen: '重新办理',
};

/** 「标题」: a field as the messages name it. */
const fieldName = (p: ErrorParams): string => `「${FIELD_LABELS[p.field ?? ''] ?? p.field ?? '该项'}」`;

type Message = string | ((p: ErrorParams) => string);

/** The zh-CN message of every code. */
export const ERROR_MESSAGES: Record<ErrorCode, Message> = {
  // ---- the domain ----
  TRANSITION_NOT_ALLOWED: (p) => {
    const state = p.entity === 'assignment' ? labelOf(ASSIGNMENT_STATE_LABELS, p.state) : labelOf(PROPOSAL_STATUS_LABELS, p.state);
    return `${p.entity === 'assignment' ? '承办任务' : '提案'}当前为「${state}」，不能${ACTION_LABELS[p.action ?? ''] ?? p.action}。`;
  },
  RULES_INVALID: (p) => `时限规则有误（${p.field}）：${p.detail}`,
  DATE_INVALID: '日期无效，请按“年-月-日”填写（如 2024-06-30）。',
  HOLIDAY_OVERRIDE_INVALID: '节假日调整有误：类型须为“放假”或“上班”。',
  CALENDAR_EXHAUSTED: '在该日期附近找不到工作日，请检查节假日调整。',
  STAGE_UNKNOWN: '该期限的提醒阶段已不在规则中。',
  STAGE_NOT_REPEATING: '该提醒阶段不会重复。',
  ADJUSTMENT_WINDOW: '已超过申请调整的期限（须在交办后规定的工作日内提出）',
  REPLY_WINDOW: '已超过答复期限',
  CO_OPINION_WINDOW: '已超过提交协办意见的期限',
  EXTENSION_WINDOW: '已超过申请延期的期限',
  FEEDBACK_WINDOW: '已超过评价（回执）期限',
  REHANDLING_WINDOW: '已超过重新办理的期限',
  PUBLICATION_WINDOW: '已超过公开期限',
  COMMUNICATION_BEFORE_ACCEPTANCE: '请先签收，再记录沟通情况',
  EXTENSION_NOT_LATER: '延期后的日期须晚于当前的期限',
  EXTENSION_WITHOUT_DEADLINE: '没有可以延期的办理期限',
  EXTENSION_LIMIT: '延期不能超过交办后的最长办理期限',
  FEEDBACK_STATE: '提案当前的状态不能评价',
  PUBLICATION_STATE: '只有已答复或已办结的提案可以公开',
  PUBLICATION_WITHOUT_PUBLIC_REPLY: '没有标记为公开的答复，不能公开',
  ALREADY_PUBLISHED: '该提案已经公开',
  URGE_SETTLED: '该期限已办结，无需催办',
  URGE_KIND: '该期限不由承办单位办理，不能催办',
  NOTICE_STATE: '提案当前的状态不能发出督办通知',
  KEY_STATE: '提案当前的状态不能设为或取消重点提案',
  EXTENSION_PENDING: '已有一份待决定的延期申请',
  EXTENSION_STATE: '请先签收，再申请延期',
  ATTACHMENT_STATE: '提案审查结束后，提案者不能再添加附件材料。',
  CO_SIGNING_ANSWERED: '该联名邀请已经答复过了，不能再次确认或谢绝。',
  CO_SIGNING_CLOSED: '提案已审查，联名已截止。',
  CO_SIGNERS_TOO_FEW: (p) => `联名提案确认联名的提案者人数不足，不能立案${p.detail ? `（${p.detail}）` : ''}。`,
  SIGN_OFF_REQUIRED: '本单位的答复须经分管领导审签后才能发出：请由经办人拟稿，提交分管领导审签。',
  SIGN_OFF_STAGE: '该件当前不在这一步，不能进行此操作（请刷新页面，看它在本单位等待谁处理）。',

  // ---- the application: 404 ----
  PROPOSAL_NOT_FOUND: '找不到该提案，或您无权查看。',
  ASSIGNMENT_NOT_FOUND: '找不到该承办任务，或您无权查看。',
  SESSION_NOT_FOUND: '找不到该届次。',
  UNIT_NOT_FOUND: '找不到该单位。',
  PROPOSER_NOT_FOUND: '找不到该提案者。',
  USER_NOT_FOUND: '找不到该用户。',
  REPLY_NOT_FOUND: '找不到该答复，或您无权查看。',
  SUPERVISION_NOTICE_NOT_FOUND: '找不到该督办通知，或您无权查看。',
  ADJUSTMENT_REQUEST_NOT_FOUND: '找不到该调整申请。',
  EXTENSION_REQUEST_NOT_FOUND: '找不到该延期申请。',
  IMPORT_NOT_FOUND: '找不到该导入批次。',
  NOTIFICATION_NOT_FOUND: '找不到该通知。',
  MESSAGE_NOT_FOUND: '找不到该消息。',
  ATTACHMENT_NOT_FOUND: '找不到该附件，或您无权查看。',
  DRAFT_NOT_FOUND: '找不到该草稿：草稿只有起草人本人可以查看，已提交的草稿不再保留。',
  FEEDBACK_LINK_INVALID: '该回执链接无效。',
  CO_SIGNING_NOT_FOUND: '找不到该联名邀请，或您无权查看。',
  CO_SIGNING_LINK_INVALID: '该联名邀请链接无效。',
  ITEM_NOT_FOUND: '找不到该记录，或您无权查看。',
  // 403
  ROLE_NOT_ALLOWED: '您的角色无权进行此操作。',
  OWN_NAME_ONLY: '提案者只能以本人名义提交提案。',
  COMMITTEE_FIELDS_ONLY: (p) => `只有提案委可以填写${(p.field ?? '').split(',').map((f) => `「${FIELD_LABELS[f] ?? f}」`).join('、')}。`,
  LEAD_PROPOSER_ONLY: '只有领衔提案者可以进行此操作。',
  UNIT_POST_NOT_ALLOWED: (p) => `您在本单位的岗位（${p.detail ?? ''}）不能进行此步骤。`,
  NOT_THE_OFFICER: '只有本件的经办人可以拟稿。',
  // 401
  WRONG_CREDENTIALS: '用户名或密码不正确。',
  // 400
  FIELD_INVALID: (p) => `${fieldName(p)}：${p.detail ?? '无法接受'}`,
  FIELD_REQUIRED: (p) => `${fieldName(p)}为必填项`,
  FIELD_IN_FUTURE: (p) => `${fieldName(p)}不能晚于今天`,
  SESSION_OF_OTHER_BODY: (p) => `${fieldName(p)}不是提案者所属的届次：政协委员和党派团体向政协会议提交提案，人大代表向人大会议提交建议`,
  SESSION_CLOSED: (p) => `${fieldName(p)}已不再接收提案：同一机关的下一次会议已经召开`,
  ADJUSTMENT_OWN_UNIT: (p) => `${fieldName(p)}不能是申请调整的单位本身，请选择其他单位。`,
  ADJUSTMENT_UNIT_ALREADY_ASSIGNED: (p) =>
    `${fieldName(p)}：${p.unit ?? '该单位'}已是本件的${labelOf(ASSIGNMENT_ROLE_LABELS, p.role ?? 'lead')}单位，不能改由其承办（只有主办单位可以将主办交给本件的协办单位），请选择其他单位。`,
  ADJUSTMENT_TARGET_ADJUSTING: (p) => `${fieldName(p)}：${p.unit ?? '该单位'}也已申请调整其协办任务，请先对该申请作出决定。`,
  KEEP_AS_CO_NOT_LEAD: '只有主办单位可以申请“本单位改为协办”。',
  KEEP_AS_CO_WITHOUT_UNIT: '申请“本单位改为协办”时，请选择建议主办的单位（建议承办单位）。',
  // 附件 (attachments)
  ATTACHMENT_INFECTED: (p) => `${fieldName(p)}未通过病毒扫描，已拒收。`,
  ATTACHMENT_REFUSED: (p) => `${fieldName(p)}：${p.detail ?? '无法接受'}`,
  ATTACHMENT_TOO_MANY: (p) => `${fieldName(p)}已达数量上限。`,
  LETTER_REQUIRED: '请上传答复函（签发盖章后的扫描件，PDF）。',
  CO_SIGNER_INVALID: (p) => `${fieldName(p)}：${p.detail ?? '不能邀请该提案者联名'}`,
  // 409
  CONFLICT: (p) => (p.detail ? `操作冲突：${p.detail}` : '当前状态不允许此操作。'),
  CHANGED_BY_SOMEONE_ELSE: '数据已被他人修改，请刷新页面后重试',
  DUPLICATE_RECORD: '已存在相同的记录',
  PROPOSAL_NUMBER_USED: '已存在相同的记录',
  PUBLICATION_INDEX_USED: '该索引号已被使用',
  ALREADY_RATED: '该答复已经评价过了',
  EXTENSION_ALREADY_PENDING: '已有一份待决定的延期申请',
  REQUEST_ALREADY_DECIDED: '该申请已经作出决定',
  NOTICE_NOT_OPEN: '该督办通知已经答复或撤回',
  RULES_VERSION_STALE: '时限规则已被他人修改，请刷新页面后重新编辑',
  RESEND_ONLY_DEAD: '只有投递失败的通知可以重新发送',
  CO_SIGNER_ALREADY_INVITED: '已邀请过该提案者联名（每位提案者只能邀请一次）。',
  // 410, 503
  FEEDBACK_LINK_EXPIRED: '该回执链接已过期。',
  CO_SIGNING_LINK_EXPIRED: '该联名邀请链接已过期。',
  PDF_UNAVAILABLE: '暂时无法生成 PDF（本系统未安装或无法启动 Chromium），请使用网页版打印。',

  // ---- the HTTP layer ----
  VALIDATION_FAILED: '提交的内容有误，请检查后重试。',
  BAD_REQUEST: '提交的内容有误，请检查后重试。',
  UNAUTHENTICATED: '请先登录。',
  FORBIDDEN: '您无权进行此操作。',
  NOT_FOUND: '页面不存在，或您无权查看。',
  GONE: '该内容已不再有效。',
  PAYLOAD_TOO_LARGE: '提交的内容过大。',
  UNSUPPORTED_MEDIA_TYPE: '不支持该提交格式。',
  TOO_MANY_REQUESTS: '操作过于频繁，请稍后再试。',
  CSRF_INVALID: '表单缺少有效的安全令牌（CSRF），已被拒绝。请返回并刷新页面后重新提交。',
  SERVICE_UNAVAILABLE: '服务暂时不可用，请稍后重试。',
  SCAN_UNAVAILABLE: '病毒扫描服务暂不可用，文件未保存，请稍后重试。',
  INTERNAL_ERROR: '系统出现错误，请稍后重试。',
};

/** Every code, for documentation and tests. */
export const ERROR_CODES = Object.keys(ERROR_MESSAGES) as ErrorCode[];

/** The zh-CN message of a code, its params put into words (field names, states, actions). */
export function errorMessageZh(code: ErrorCode, params: ErrorParams = {}): string {
  const message = ERROR_MESSAGES[code];
  return typeof message === 'function' ? message(params) : message;
}

/** The generic code of an HTTP status (what the catalogue says when nothing more is known). */
export function errorCodeOfStatus(status: number): ErrorCode {
  const byStatus: Record<number, ErrorCode> = {
    400: 'BAD_REQUEST', 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 409: 'CONFLICT', 410: 'GONE',
    413: 'PAYLOAD_TOO_LARGE', 415: 'UNSUPPORTED_MEDIA_TYPE', 429: 'TOO_MANY_REQUESTS', 503: 'SERVICE_UNAVAILABLE',
  };
  return byStatus[status] ?? 'INTERNAL_ERROR';
}
