import { toShanghaiDate } from '#domain';

import type { Block, Fact } from './layout.js';
import { daysBetween, deadlineKindLabel, formatChineseDate, isNpcSession, proposalKindWord, proposalNumberLabel } from './labels.js';
import type { MailContext, MailDeadline, MailDeadlineKind, MailProposal, MailUnit } from './types.js';

/** Pieces shared by the templates. */

export const DEFAULT_SUPERVISION_OFFICE = '市政府督查室';
export const DEFAULT_SYSTEM_NAME = '督办系统';

export function supervisionOffice(ctx: MailContext): string {
  return ctx.supervisionOffice || DEFAULT_SUPERVISION_OFFICE;
}

export function systemName(ctx: MailContext): string {
  return ctx.systemName || DEFAULT_SYSTEM_NAME;
}

/** The committee that takes in the proposals of the proposal's body. */
export function committeeName(ctx: MailContext, p: MailProposal): string {
  if (ctx.committee) return ctx.committee;
  return isNpcSession(p.sessionName) ? '市人大常委会代表工作委员会' : '市政协提案委员会';
}

/** The label of the proposer field: 提案者 for a proposal, 提出代表 for a suggestion. */
export function proposerFieldLabel(p: MailProposal): string {
  return isNpcSession(p.sessionName) ? '提出代表' : '提案者';
}

/** `${publicUrl}/proposals/${id}` */
export function proposalUrl(ctx: MailContext, id: string): string {
  return `${ctx.publicUrl.replace(/\/+$/, '')}/proposals/${encodeURIComponent(id)}`;
}

/** Today in Asia/Shanghai, 'YYYY-MM-DD'. */
export function today(ctx: MailContext): string {
  return toShanghaiDate(ctx.now);
}

export function daysLeftOf(ctx: MailContext, d: MailDeadline): number {
  return d.daysLeft ?? daysBetween(today(ctx), d.dueOn);
}

export function daysOverdueOf(ctx: MailContext, d: MailDeadline): number {
  return d.daysOverdue ?? Math.max(0, daysBetween(d.dueOn, today(ctx)));
}

/** '还有7天' / '今天截止' */
export function timeLeftPhrase(daysLeft: number): string {
  if (daysLeft > 1) return `距截止还有${daysLeft}天`;
  if (daysLeft === 1) return '明天截止';
  if (daysLeft === 0) return '今天截止';
  return `已超过截止日期${-daysLeft}天`;
}

/** Short form for subjects: '还有7天' / '明天截止' / '今天截止'. */
export function timeLeftShort(daysLeft: number): string {
  if (daysLeft > 1) return `还有${daysLeft}天`;
  if (daysLeft === 1) return '明天截止';
  if (daysLeft === 0) return '今天截止';
  return `已超期${-daysLeft}天`;
}

export function overduePhrase(daysOverdue: number): string {
  return daysOverdue > 0 ? `已超期${daysOverdue}天` : '已到期';
}

/** What has not been done when a deadline of this kind runs out. */
export function deadlineAction(kind: MailDeadlineKind): string {
  switch (kind) {
    case 'reply':
      return '书面答复';
    case 'co_opinion':
      return '提交协办意见';
    case 'adjustment':
      return '申请调整';
    case 'feedback':
      return '进行满意度测评';
    case 'rehandling':
      return '重新答复';
    case 'publication':
      return '公开答复';
  }
}

/** '答复期限' / '协办意见期限' … */
export function deadlineName(kind: MailDeadlineKind): string {
  return `${deadlineKindLabel(kind)}期限`;
}

/** '本件为重点提案，由X领衔督办。' (or '' for an ordinary proposal) */
export function keyPhrase(p: MailProposal): string {
  if (!p.key) return '';
  const kw = proposalKindWord(p);
  return p.leaderName ? `本件为重点${kw}，由${p.leaderName}领衔督办。` : `本件为重点${kw}。`;
}

/** The rows that identify a proposal: number, title (linked), proposer, key, themes. */
export function proposalFacts(ctx: MailContext, p: MailProposal, opts: { themes?: string[] } = {}): Fact[] {
  const rows: Fact[] = [
    { label: `${proposalKindWord(p)}编号`, value: proposalNumberLabel(p) },
    { label: '标题', value: p.title, href: proposalUrl(ctx, p.id) },
    { label: proposerFieldLabel(p), value: p.proposers },
  ];
  const themes = opts.themes ?? p.themes;
  if (themes.length) rows.push({ label: '主题', value: themes.join('、') });
  if (p.key) rows.push({ label: `重点${proposalKindWord(p)}`, value: p.leaderName ? `是，由${p.leaderName}领衔督办` : '是' });
  return rows;
}

/** Due date and how it was computed. */
export function deadlineFacts(d: MailDeadline): Fact[] {
  return [
    { label: deadlineName(d.kind), value: `${formatChineseDate(d.dueOn)}（当日24时截止）` },
    { label: '期限计算', value: d.explanation },
  ];
}

/** The unit with its contact person and telephone, when known. */
export function unitFacts(unit: MailUnit, label = '承办单位'): Fact[] {
  const rows: Fact[] = [{ label, value: unit.name }];
  if (unit.contactName) rows.push({ label: '联系人', value: unit.contactName });
  if (unit.contactPhone) rows.push({ label: '联系电话', value: unit.contactPhone });
  return rows;
}

/** Signature: sender and today's date in Chinese. */
export function signature(ctx: MailContext, sender: string): string[] {
  return [sender, formatChineseDate(today(ctx))];
}

export function footer(ctx: MailContext): string {
  return `本邮件由${systemName(ctx)}自动发送，请勿直接回复。如有疑问，请与${supervisionOffice(ctx)}联系。`;
}

export function openProposal(ctx: MailContext, p: MailProposal, label = '登录督办系统查看'): Block {
  return { type: 'action', label, url: proposalUrl(ctx, p.id) };
}

export function keyNotice(p: MailProposal, extra = ''): Block[] {
  const phrase = keyPhrase(p);
  return phrase ? [{ type: 'notice', tone: 'warning', text: `${phrase}${extra}` }] : [];
}
