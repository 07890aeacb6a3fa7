import type { EntityManager } from 'typeorm';
import { CLOSE_REASON_LABELS, DEADLINE_KIND_LABELS, labelOf, type EventPayload, type EventType, type StoredEvent } from '#contracts';
import { clause, sentence, toShanghaiDate, toShanghaiIso } from '#domain';
import { formatChineseDate, proposalKindWord, proposalLabel, proposalUrl, type MailContext, type RenderedMail } from '#mail';
import { AssignmentRow, DeadlineRow, SupervisionNoticeRow, type ProposalRow } from '#persistence';
import { type AlertThemes, type SessionRules, NOTICE_KIND } from '#kernel';
import { importOfProposal } from '#intake';
import { actorNameOf, actorPeople, stageAddressees, unitsOfKind, type ContactUnit } from '#directory';
import type { ProposalForMail } from './mail-data.js';
import { nextOfficeOpening } from './working-hours.js';
import { noticeNumberLabel } from '#supervision';

/**
 * Who is told about supervision (督办), and what they read: the notice to the unit, its reminders,
 * overdue alerts and escalations (its own ladder), the response to the office, a withdrawn notice,
 * a rules change (the office and the committee), a deadline moved by a rules change (whoever it
 * belongs to), the copy to the supervision office of every other event of a key proposal (重点提案)
 * or of an alert-theme proposal (预警主题, config/intake.json `alertThemes`, e.g. 营商环境), and the
 * office's notice that an alert-theme proposal arrived (proposal.classified). Called by the
 * notification planner (notifications/plan-notifications.ts).
 */

export type SupervisionNotificationType =
  | 'supervision_notice'
  | 'supervision_reminder'
  | 'supervision_overdue'
  | 'supervision_escalation'
  | 'supervision_response'
  | 'supervision_withdrawn'
  | 'rules_changed'
  | 'deadline_recomputed'
  | 'key_proposal_copy'
  | 'alert_theme_copy'
  | 'alert_theme_arrived';

/** One email to write, in the planner's own terms. */
export interface PlannedMail {
  key: string;
  type: SupervisionNotificationType;
  to: { email: string | null; name: string };
  cc: Array<string | null>;
  mail: RenderedMail;
  noKeyCc?: boolean;
  notBefore?: Date | null;
}

/** The planner's view of one event (notifications/plan-notifications.ts): `type` discriminates, so each letter gets its event's payload. */
export type SupervisionPlanning<T extends EventType = EventType> = T extends EventType ? SupervisionPlanningOf<T> : never;

export interface SupervisionPlanningOf<T extends EventType> {
  type: T;
  event: StoredEvent<T>;
  payload: EventPayload<T>;
  em: EntityManager;
  now: Date;
  units: ContactUnit[];
  proposal: ProposalForMail | null;
  rules: SessionRules;
  mctx: MailContext;
  /** config/intake.json's alert themes (injected). */
  alertThemes: AlertThemes;
}

/**
 * Events of a key or alert-theme proposal that notify no one by themselves: the planner copies them
 * to the supervision office. Not deadline.expired: a deadline that expires (期满) is a window that
 * closed with no one late — the adjustment windows (申请调整, one per unit, all closing the same
 * night) change nothing the office must act on, and a feedback period that runs out closes the
 * proposal, which is copied as 已办结 with its reason (回执期满未反馈).
 */
export type KeyCopyEvent =
  | 'assignment.accepted' | 'communication.recorded' | 'opinion.submitted' | 'reply.submitted' | 'assignment.extension_requested'
  | 'assignment.extension_rejected' | 'assignment.adjustment_approved' | 'assignment.adjustment_rejected' | 'proposal.closed'
  | 'proposal.published' | 'proposal.key_designated';

export const KEY_COPY_EVENTS: Record<KeyCopyEvent, string> = {
  'assignment.accepted': '承办单位已签收',
  'communication.recorded': '承办单位已与提案者沟通',
  'opinion.submitted': '协办单位已提交协办意见',
  'reply.submitted': '承办单位已答复',
  'assignment.extension_requested': '承办单位申请延期',
  'assignment.extension_rejected': '延期申请未获批准',
  'assignment.adjustment_approved': '调整申请已获批准',
  'assignment.adjustment_rejected': '调整申请未获批准',
  'proposal.closed': '已办结',
  'proposal.published': '答复已公开',
  'proposal.key_designated': '重点提案标注变更',
};

/** 期限种类 (the one catalogue's words): the kind itself when a rules change names one it does not know. */
const kindLabel = (kind: string): string => labelOf(DEADLINE_KIND_LABELS, kind);

export const isKeyCopyEvent = (type: string): type is KeyCopyEvent => Object.prototype.hasOwnProperty.call(KEY_COPY_EVENTS, type);

/** '2024年3月27日 09:30' (Beijing time). */
const chineseDateTime = (instant: Date): string => {
  const iso = toShanghaiIso(instant);
  return `${formatChineseDate(iso)} ${iso.slice(11, 16)}`;
};

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

interface Letter {
  subject: string;
  heading: string;
  greeting: string;
  paragraphs: string[];
  facts: Array<[string, string]>;
  link?: { label: string; url: string };
  signature: string[];
}

/** A plain official-style mail: the same content as text and as simple, escaped HTML. */
export function renderLetter(l: Letter): RenderedMail {
  const text = [
    l.heading, '', `${l.greeting}：`, '', ...l.paragraphs.map((p) => `\u3000\u3000${p}`), '',
    ...l.facts.map(([k, v]) => `${k}：${v}`), ...(l.link ? ['', `${l.link.label}：${l.link.url}`] : []), '', ...l.signature,
  ].join('\n');
  const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(l.subject)}</title></head>
<body style="font-family:'Noto Sans CJK SC','Microsoft YaHei',sans-serif;color:#222;max-width:680px;margin:0 auto;padding:16px">
<h1 style="color:#a61b1b;font-size:20px;border-bottom:2px solid #a61b1b;padding-bottom:8px">${escapeHtml(l.heading)}</h1>
<p>${escapeHtml(l.greeting)}：</p>
${l.paragraphs.map((p) => `<p style="text-indent:2em;line-height:1.8">${escapeHtml(p)}</p>`).join('\n')}
<table style="border-collapse:collapse;margin:12px 0">${l.facts.map(([k, v]) => `<tr><th style="text-align:left;padding:4px 12px 4px 0;color:#666;white-space:nowrap;vertical-align:top">${escapeHtml(k)}</th><td style="padding:4px 0">${escapeHtml(v)}</td></tr>`).join('')}</table>
${l.link ? `<p><a href="${escapeHtml(l.link.url)}" style="color:#a61b1b">${escapeHtml(l.link.label)}</a></p>` : ''}
<p style="text-align:right;line-height:1.8">${l.signature.map(escapeHtml).join('<br>')}</p>
</body></html>`;
  return { subject: l.subject, text, html };
}

const office = (mctx: MailContext) => mctx.supervisionOffice ?? '市政府督查室';
const emails = (units: ContactUnit[], kind: ContactUnit['kind']) => unitsOfKind(units, kind).map((u) => u.email);

/** The mails of a supervision event; null when the event is none of supervision's business. */
export async function planSupervisionMail(p: SupervisionPlanning): Promise<PlannedMail[] | null> {
  switch (p.type) {
    case 'supervision.notice_issued':
    case 'supervision.notice_withdrawn':
      return p.proposal ? noticeToUnit(p, p.proposal) : [];
    case 'supervision.notice_responded':
      return p.proposal ? responseToOffice(p, p.proposal) : [];
    case 'rules.changed':
      return rulesChanged(p);
    case 'session.rules_changed':
      return sessionRulesChanged(p);
    case 'deadline.recomputed':
      return p.proposal ? deadlineMoved(p, p.proposal) : [];
    case 'deadline.reminder_due':
    case 'deadline.overdue':
    case 'deadline.escalated':
      return p.payload.kind === NOTICE_KIND && p.proposal ? noticeStage(p, p.proposal) : null;
    case 'proposal.classified':
      return p.proposal ? alertThemeArrived(p, p.proposal) : [];
    case 'assignment.accepted':
    case 'communication.recorded':
    case 'opinion.submitted':
    case 'reply.submitted':
    case 'assignment.extension_requested':
    case 'assignment.extension_rejected':
    case 'assignment.adjustment_approved':
    case 'assignment.adjustment_rejected':
    case 'proposal.closed':
    case 'proposal.published':
    case 'proposal.key_designated': {
      const copy = p.proposal ? officeCopyOf(p.proposal.row, p.alertThemes) : null;
      return p.proposal && copy ? officeCopy(p, p.proposal, copy) : [];
    }
    default:
      return null;
  }
}

/** Why the supervision office is copied on every event of a proposal. */
export interface OfficeCopy {
  /** 重点提案 */
  key: boolean;
  /** The proposal's alert themes (config/intake.json `alertThemes`), e.g. ['营商环境']. */
  alertThemes: string[];
}

/** Whether the supervision office is copied on every event of this proposal, and why: key, or of an alert theme; null for neither. */
export function officeCopyOf(row: Pick<ProposalRow, 'key' | 'themes'>, alert: AlertThemes): OfficeCopy | null {
  const alertThemes = alert.among(row.themes ?? []);
  return row.key || alertThemes.length > 0 ? { key: row.key, alertThemes } : null;
}

/** '重点提案', '预警主题（营商环境）提案', or both: '重点提案、预警主题（营商环境）提案'. */
function copyReason(copy: OfficeCopy, kw: string): string {
  const alert = copy.alertThemes.length > 0 ? `预警主题（${copy.alertThemes.join('、')}）${kw}` : '';
  return copy.key ? `重点${kw}${alert ? `、${alert}` : ''}` : alert;
}

type NoticeEvent = 'supervision.notice_issued' | 'supervision.notice_responded' | 'supervision.notice_withdrawn';

async function loadNotice(p: SupervisionPlanning<NoticeEvent>): Promise<SupervisionNoticeRow | null> {
  const id = p.payload.noticeId || null;
  return id ? p.em.findOneBy(SupervisionNoticeRow, { id }) : null;
}

function unitOf(p: SupervisionPlanning, id: string | null | undefined): ContactUnit | null {
  return id ? (p.units.find((u) => u.id === id) ?? null) : null;
}

function signature(p: SupervisionPlanning): string[] {
  return [office(p.mctx), formatChineseDate(toShanghaiDate(p.now))];
}

/** 督办通知 (or its withdrawal) → the unit, copied to the supervision office. */
async function noticeToUnit(p: SupervisionPlanning<'supervision.notice_issued' | 'supervision.notice_withdrawn'>, pr: ProposalForMail): Promise<PlannedMail[]> {
  const notice = await loadNotice(p);
  const unit = unitOf(p, notice?.unitId);
  if (!notice || !unit) return [];
  const deadline = await p.em.findOneBy(DeadlineRow, { id: notice.deadlineId });
  const label = noticeNumberLabel(notice);
  const withdrawn = p.type === 'supervision.notice_withdrawn';
  const leader = pr.row.key && pr.row.leaderName ? [`本件为重点提案，由${pr.row.leaderName}领衔督办。`] : [];
  const mail = renderLetter({
    subject: withdrawn ? `【督办撤回】${label} ${proposalLabel(pr.mail)}` : `【督办通知】${label} ${proposalLabel(pr.mail)}`,
    heading: withdrawn ? '督办通知撤回' : '督办通知',
    greeting: unit.name,
    paragraphs: withdrawn
      ? [`${office(p.mctx)}${label}督办通知已撤回，无需回复。`, `撤回原因：${notice.withdrawnReason ?? ''}`]
      : [
          `关于你单位承办的${proposalLabel(pr.mail)}，现提出以下督办要求：`,
          notice.content,
          `请于${formatChineseDate(deadline?.dueOn ?? '')}前通过督办系统书面回复办理情况。`,
          ...leader,
        ],
    facts: [
      ['督办通知', label],
      ...(deadline && !withdrawn ? ([['回复期限', `${formatChineseDate(deadline.dueOn)}（${deadline.explanation}）`]] as Array<[string, string]>) : []),
    ],
    link: { label: '查看提案并回复', url: proposalUrl(p.mctx, pr.row.id) },
    signature: signature(p),
  });
  return [{ key: `unit:${notice.assignmentId}`, type: withdrawn ? 'supervision_withdrawn' : 'supervision_notice', to: unit, cc: emails(p.units, 'supervision'), mail, noKeyCc: true }];
}

/** 督办回复 → the supervision office. */
async function responseToOffice(p: SupervisionPlanning<'supervision.notice_responded'>, pr: ProposalForMail): Promise<PlannedMail[]> {
  const notice = await loadNotice(p);
  const unit = unitOf(p, notice?.unitId);
  if (!notice || !unit) return [];
  const label = noticeNumberLabel(notice);
  const mail = renderLetter({
    subject: `【督办回复】${label} ${unit.name}${notice.respondedLate ? '（逾期回复）' : ''}`,
    heading: '督办回复',
    greeting: office(p.mctx),
    paragraphs: [`${unit.name}已回复${label}督办通知（${proposalLabel(pr.mail)}）${notice.respondedLate ? '，回复已超过期限' : ''}。回复内容如下：`, notice.response ?? ''],
    facts: [['督办事项', notice.content]],
    link: { label: '查看提案', url: proposalUrl(p.mctx, pr.row.id) },
    signature: [unit.name, formatChineseDate(toShanghaiDate(notice.respondedAt ?? p.now))],
  });
  return unitsOfKind(p.units, 'supervision').map((u) => ({ key: `supervision:${u.id}`, type: 'supervision_response', to: u, cc: [], mail, noKeyCc: true }));
}

/** A notice's reminder, overdue alert or escalation → whoever its ladder step names, in office hours. */
async function noticeStage(
  p: SupervisionPlanning<'deadline.reminder_due' | 'deadline.overdue' | 'deadline.escalated'>,
  pr: ProposalForMail,
): Promise<PlannedMail[]> {
  const deadlineId = p.payload.deadlineId || null;
  const deadline = deadlineId ? await p.em.findOneBy(DeadlineRow, { id: deadlineId }) : null;
  if (!deadline || deadline.status !== 'open') return [];
  const notice = await p.em.findOneBy(SupervisionNoticeRow, { deadlineId: deadline.id });
  const assignment = deadline.assignmentId ? await p.em.findOneBy(AssignmentRow, { id: deadline.assignmentId }) : null;
  const unit = unitOf(p, assignment?.unitId);
  if (!notice || !unit) return [];
  const hold = nextOfficeOpening(p.now, p.rules.rules.workingHours, p.rules.calendar);
  const type = p.type === 'deadline.reminder_due' ? 'supervision_reminder' : p.type === 'deadline.overdue' ? 'supervision_overdue' : 'supervision_escalation';
  const label = noticeNumberLabel(notice);
  const due = formatChineseDate(deadline.dueOn);
  const what = {
    supervision_reminder: { heading: '督办回复到期提醒', line: `${label}督办通知的回复期限为${due}，请按时回复。`, tag: '督办提醒' },
    supervision_overdue: { heading: '督办回复逾期', line: `${unit.name}未在${due}前回复${label}督办通知，已逾期。`, tag: '督办逾期' },
    supervision_escalation: { heading: '督办回复逾期升级', line: `${unit.name}逾期未回复${label}督办通知（期限${due}），现升级督办，请督促尽快回复。`, tag: '督办升级' },
  }[type];
  const addressees = stageAddressees({
    notify: p.payload.notify ?? [],
    unit,
    assignmentId: assignment?.id ?? null,
    lead: null,
    leadProposer: pr.leadProposer,
    units: p.units,
  });
  return addressees.map((to) => ({
    key: to.key,
    type,
    to,
    cc: [],
    mail: renderLetter({
      subject: `【${what.tag}】${label} ${proposalLabel(pr.mail)}`,
      heading: what.heading,
      greeting: to.name,
      paragraphs: [what.line, `督办事项：${notice.content}`],
      facts: [['承办单位', unit.name], ['回复期限', `${due}（${deadline.explanation}）`]],
      link: { label: '查看提案', url: proposalUrl(p.mctx, pr.row.id) },
      signature: signature(p),
    }),
    noKeyCc: to.recipient === 'supervision' || to.recipient === 'supervision_leader',
    notBefore: hold,
  }));
}

/** rules.changed → the supervision office and the committee: what changed, why, and how many running deadlines moved. */
function rulesChanged(p: SupervisionPlanning<'rules.changed'>): Promise<PlannedMail[]> {
  const changes = p.payload.changes ?? [];
  const lines = changes.map((c) =>
    c.what === 'holiday'
      ? (() => {
          const after = c.after as { kind: string; reason: string } | null;
          return after ? `${c.subject} 调整为${after.kind === 'holiday' ? '休息日' : '工作日'}（${clause(after.reason)}）` : `${c.subject} 取消本地调整`;
        })()
      : c.what === 'sign_off'
        ? `免于分管领导审签的承办单位：${(c.after as string[]).length} 个（此前 ${(c.before as string[]).length} 个）`
        : `${kindLabel(c.subject)}期限的提醒和督办阶梯${c.after ? '已修改' : '恢复为默认设置'}`,
  );
  return rulesLetter(p, `督办时限规则第${p.payload.version}版`, lines);
}

/** session.rules_changed → the same readers: one session's (届次) own override changed, item by item. */
async function sessionRulesChanged(p: SupervisionPlanning<'session.rules_changed'>): Promise<PlannedMail[]> {
  const rows: Array<{ name: string }> = await p.em.query(`SELECT name FROM sessions WHERE id = $1`, [p.payload.sessionId || null]);
  const changes = p.payload.changes ?? [];
  const shown = (v: unknown) => (v === null || v === undefined ? '（沿用通用规则）' : JSON.stringify(v));
  const days = (v: unknown) =>
    Array.isArray(v) && v.length ? v.map((o: { date: string; kind: string; reason: string }) => `${o.date} ${o.kind === 'holiday' ? '休息' : '上班'}（${clause(o.reason)}）`).join('；') : '无';
  const lines = changes.map((c) =>
    c.subject === 'holidayOverrides' ? `本届次的工作日调整：${days(c.before)} → ${days(c.after)}` : `${c.subject}：${shown(c.before)} → ${shown(c.after)}`,
  );
  return rulesLetter(p, `${rows[0]?.name ?? '届次'}时限规则第${p.payload.version}版`, lines);
}

async function rulesLetter(p: SupervisionPlanning<'rules.changed' | 'session.rules_changed'>, rules: string, lines: string[]): Promise<PlannedMail[]> {
  // Signed by the office of whoever changed the rules (a letter is the office's, not a person's).
  const signer = (p.event.actorId ? (await actorPeople(p.em, [p.event.actorId])).get(p.event.actorId)?.office : null) ?? office(p.mctx);
  const mail = renderLetter({
    subject: `【规则变更】${rules}`,
    heading: '督办时限规则变更告知',
    greeting: '各有关单位',
    paragraphs: [
      sentence(rules.replace(/第(\d+)版$/, '已更新为第$1版'), p.payload.reason ? `变更原因：${p.payload.reason}` : null),
      ...lines,
      `据此重新计算了${p.payload.recomputed ?? 0}项进行中的期限，其中${p.payload.moved ?? 0}项截止日期有变化，每项期限的计算说明中已记录变更原因。`,
    ],
    facts: [],
    signature: [signer, formatChineseDate(toShanghaiDate(p.now))],
  });
  return [...unitsOfKind(p.units, 'supervision'), ...unitsOfKind(p.units, 'committee')].map((u) => ({ key: `${u.kind}:${u.id}`, type: 'rules_changed', to: u, cc: [], mail, noKeyCc: true }));
}

/** deadline.recomputed with a new due date → the unit whose deadline it is (or the proposer, the committee). */
async function deadlineMoved(p: SupervisionPlanning<'deadline.recomputed'>, pr: ProposalForMail): Promise<PlannedMail[]> {
  if (p.payload.dueChanged !== true) return [];
  const kind = p.payload.kind || '';
  const assignmentId = p.payload.assignmentId || null;
  const assignment = assignmentId ? await p.em.findOneBy(AssignmentRow, { id: assignmentId }) : null;
  const unit = unitOf(p, assignment?.unitId);
  const to = unit
    ? [{ key: `unit:${assignmentId}`, email: unit.email, name: unit.name }]
    : kind === 'feedback' && pr.leadProposer
      ? [{ key: `proposer:${pr.leadProposer.id}`, email: pr.leadProposer.email, name: pr.leadProposer.name }]
      : kind === 'publication'
        ? unitsOfKind(p.units, 'committee').map((u) => ({ key: `committee:${u.id}`, email: u.email, name: u.name }))
        : [];
  const mail = renderLetter({
    subject: `【期限调整】${proposalLabel(pr.mail)} ${kindLabel(kind)}期限改为${formatChineseDate(p.payload.dueOn || '')}`,
    heading: '办理期限调整告知',
    greeting: to[0]?.name ?? '',
    paragraphs: [
      `${proposalLabel(pr.mail)}的${kindLabel(kind)}期限由${formatChineseDate(p.payload.previousDueOn || '')}调整为${formatChineseDate(p.payload.dueOn || '')}。`,
      p.payload.note || '',
    ],
    facts: [],
    link: { label: '查看提案', url: proposalUrl(p.mctx, pr.row.id) },
    signature: signature(p),
  });
  return to.map((t) => ({ key: t.key, type: 'deadline_recomputed', to: t, cc: [], mail }));
}

/**
 * Any other event of a key or alert-theme proposal → a copy to the supervision office (重点提案动态,
 * 预警主题提案动态), saying why the office is copied.
 */
async function officeCopy(p: SupervisionPlanning<KeyCopyEvent>, pr: ProposalForMail, copy: OfficeCopy): Promise<PlannedMail[]> {
  const what = KEY_COPY_EVENTS[p.type];
  const kw = proposalKindWord(pr.mail);
  const reason = copyReason(copy, kw);
  const unit = unitOf(p, 'unitId' in p.payload ? p.payload.unitId : null);
  const facts: Array<[string, string]> = [['事项', what], ['时间', chineseDateTime(p.event.occurredAt)], ['操作人', await actorNameOf(p.em, p.event)]];
  if (unit) facts.push(['单位', unit.name]);
  if (pr.row.leaderName) facts.push(['领衔督办', pr.row.leaderName]);
  if (p.type === 'reply.submitted') facts.push(['办理结果', `${p.payload.resultCategory || ''}类`], ['是否按期', p.payload.onTime === false ? '逾期答复' : '按期答复']);
  if (p.type === 'proposal.closed' && Object.hasOwn(CLOSE_REASON_LABELS, p.payload.reason || '')) facts.push(['办结方式', labelOf(CLOSE_REASON_LABELS, p.payload.reason)]);
  facts.push(['抄送原因', `本件为${reason}，各环节均抄送${office(p.mctx)}`]);
  const tag = copy.key ? `重点${kw}` : `预警主题${kw}`;
  const mail = renderLetter({
    subject: `【${tag}动态】${proposalLabel(pr.mail)}：${what}`,
    heading: `${tag}办理动态`,
    greeting: office(p.mctx),
    paragraphs: [`${reason}${proposalLabel(pr.mail)}：${what}。`],
    facts,
    link: { label: '查看提案', url: proposalUrl(p.mctx, pr.row.id) },
    signature: ['督办系统', formatChineseDate(toShanghaiDate(p.now))],
  });
  const type = copy.key ? 'key_proposal_copy' : 'alert_theme_copy';
  return unitsOfKind(p.units, 'supervision').map((u) => ({ key: `key-copy:${u.id}`, type, to: u, cc: [], mail, noKeyCc: true }));
}

/**
 * proposal.classified with an alert theme (routed only then) → the supervision office hears at once
 * that a proposal on 营商环境 arrived (预警主题提案). A proposal created by a bulk import is listed in
 * the import's summary instead (import.completed), not told one by one.
 */
async function alertThemeArrived(p: SupervisionPlanning<'proposal.classified'>, pr: ProposalForMail): Promise<PlannedMail[]> {
  const alert = p.payload.alert ?? [];
  if (alert.length === 0 || (await importOfProposal(p.em, pr.row.id))) return [];
  const kw = proposalKindWord(pr.mail);
  const themes = alert.join('、');
  const mail = renderLetter({
    subject: `【预警主题${kw}】${proposalLabel(pr.mail)}（${themes}）`,
    heading: `预警主题${kw}收案告知`,
    greeting: office(p.mctx),
    paragraphs: [
      `督办系统收到${pr.mail.proposers}提出的${proposalLabel(pr.mail)}，经自动识别，涉及预警主题“${themes}”。`,
      `本件此后的交办、签收、答复、评价等各环节均抄送${office(p.mctx)}；办理逾期时提前一级升级督办。`,
    ],
    facts: [
      ['提案者', pr.mail.proposers],
      ['提交时间', formatChineseDate(toShanghaiDate(pr.row.submittedAt))],
      ['类别', p.payload.category || (pr.row.category ?? '未分类')],
      ['主题', (p.payload.themes?.length ? p.payload.themes : alert).join('、')],
      ['预警主题', themes],
    ],
    link: { label: '查看提案', url: proposalUrl(p.mctx, pr.row.id) },
    signature: ['督办系统', formatChineseDate(toShanghaiDate(p.now))],
  });
  return unitsOfKind(p.units, 'supervision').map((u) => ({ key: `supervision:${u.id}`, type: 'alert_theme_arrived', to: u, cc: [], mail, noKeyCc: true }));
}

/**
 * For the planner's fast exit: is the supervision office copied on this proposal's events (a key
 * or alert-theme proposal)? Only then is a copy event worth planning.
 */
export async function copiesSupervisionOffice(em: EntityManager, proposalId: string | null, alert: AlertThemes): Promise<boolean> {
  if (!proposalId) return false;
  const rows: Array<{ key: boolean; themes: string[] }> = await em.query(`SELECT key, themes FROM proposals WHERE id = $1`, [proposalId]);
  return rows[0] ? officeCopyOf(rows[0], alert) !== null : false;
}
