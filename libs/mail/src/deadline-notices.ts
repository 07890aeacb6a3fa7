import {
  committeeName,
  daysLeftOf,
  daysOverdueOf,
  deadlineAction,
  deadlineFacts,
  deadlineName,
  footer,
  keyNotice,
  openProposal,
  overduePhrase,
  proposalFacts,
  signature,
  supervisionOffice,
  systemName,
  timeLeftPhrase,
  timeLeftShort,
  unitFacts,
} from './common.js';
import type { Block, Fact } from './layout.js';
import { renderDocument } from './layout.js';
import { deadlineKindLabel, formatChineseDate, proposalKindWord, proposalLabel } from './labels.js';
import type { MailContext, MailDeadline, MailProposal, MailUnit, RenderedMail } from './types.js';

export interface ReminderInput {
  proposal: MailProposal;
  /** The handling unit (for feedback and publication reminders: the unit that replied). */
  unit: MailUnit;
  deadline: MailDeadline;
}

/**
 * 到期提醒. Who reads it depends on the deadline: the unit (reply, co_opinion, rehandling,
 * adjustment), the proposer (feedback: please rate the reply), the committee (publication).
 */
export function renderReminder(ctx: MailContext, input: ReminderInput): RenderedMail {
  const { proposal: p, unit, deadline: d } = input;
  const kw = proposalKindWord(p);
  const label = proposalLabel(p);
  const due = formatChineseDate(d.dueOn);
  const left = daysLeftOf(ctx, d);
  const when = timeLeftPhrase(left);
  const office = supervisionOffice(ctx);

  let heading = `${deadlineKindLabel(d.kind)}到期提醒`;
  let greeting = unit.name;
  let sender = office;
  let blocks: Block[];
  const facts: Fact[] = [...proposalFacts(ctx, p)];

  switch (d.kind) {
    case 'reply':
      heading = `${kw}答复到期提醒`;
      blocks = [
        { type: 'paragraph', text: `你单位承办的${label}，答复期限为${due}，${when}。` },
        {
          type: 'paragraph',
          text:
            `请抓紧办理，按时书面答复${p.proposers}。确因情况复杂不能按期答复的，` +
            `请在期限届满前通过督办系统提出延期申请，并向${p.proposers}说明情况。`,
        },
      ];
      break;
    case 'co_opinion':
      heading = '协办意见到期提醒';
      blocks = [
        { type: 'paragraph', text: `你单位协办的${label}，协办意见应于${due}前送交主办单位，${when}。` },
        { type: 'paragraph', text: '请抓紧研究，按时向主办单位提交书面协办意见，以免影响主办单位按期答复。' },
      ];
      break;
    case 'rehandling':
      heading = `${kw}重新办理到期提醒`;
      blocks = [
        { type: 'paragraph', text: `因${p.proposers}对${label}的答复不满意，你单位正在重新办理，重新办理期限为${due}，${when}。` },
        { type: 'paragraph', text: `请认真研究${p.proposers}的意见，再次沟通协商，在期限内重新作出书面答复，并抄送${office}。` },
      ];
      break;
    case 'adjustment':
      heading = '申请调整期限提醒';
      blocks = [
        { type: 'paragraph', text: `你单位承办的${label}，申请调整的期限为${due}，${when}。` },
        { type: 'paragraph', text: '如认为本件不属于你单位职责范围，请在期限内通过督办系统提出调整申请；逾期不再受理，由你单位负责办理。' },
      ];
      break;
    case 'feedback':
      heading = '满意度测评提醒';
      greeting = p.proposers;
      sender = committeeName(ctx, p);
      facts.push({ label: '承办单位', value: unit.name });
      blocks = [
        { type: 'paragraph', text: `您提出的${label}，${unit.name}已作出书面答复。请于${due}前对办理情况进行满意度测评（满意、基本满意、不满意），${when}。` },
        { type: 'paragraph', text: `逾期未测评的，本${kw}将按“未反馈”办结。如对答复有意见或建议，请在测评时一并提出。` },
      ];
      break;
    case 'publication':
      heading = '答复公开提醒';
      greeting = committeeName(ctx, p);
      sender = systemName(ctx);
      facts.push({ label: '答复单位', value: unit.name });
      blocks = [
        { type: 'paragraph', text: `${label}已由${unit.name}答复，答复内容可以公开，应于${due}前公开，${when}。` },
        { type: 'paragraph', text: '请及时审核答复内容，按期在门户网站予以公开。' },
      ];
      break;
  }

  facts.push(...deadlineFacts(d));
  blocks.splice(1, 0, ...(d.kind === 'feedback' || d.kind === 'publication' ? [] : keyNotice(p)));
  blocks.push({ type: 'facts', rows: facts });
  blocks.push(openProposal(ctx, p, d.kind === 'feedback' ? '登录督办系统查看答复并测评' : '登录督办系统查看'));

  return renderDocument({
    subject: `【到期提醒】${label}（${deadlineName(d.kind)}${due}，${timeLeftShort(left)}）`,
    heading,
    greeting,
    blocks,
    signature: signature(ctx, sender),
    footer: footer(ctx),
  });
}

export type OverdueAudience = 'unit' | 'supervision' | 'lead_unit' | 'committee';

export interface OverdueAlertInput {
  proposal: MailProposal;
  /** The unit that is late (for 'lead_unit': the late co-handler). */
  unit: MailUnit;
  deadline: MailDeadline;
  audience: OverdueAudience;
  /** For 'lead_unit': the lead unit's name, used as the addressee. */
  leadUnit?: string;
}

/** 超期预警: to the late unit, the supervision office, the lead unit of a late co-handler, or the committee. */
export function renderOverdueAlert(ctx: MailContext, input: OverdueAlertInput): RenderedMail {
  const { proposal: p, unit, deadline: d, audience } = input;
  const label = proposalLabel(p);
  const due = formatChineseDate(d.dueOn);
  const late = overduePhrase(daysOverdueOf(ctx, d));
  const action = deadlineAction(d.kind);
  const office = supervisionOffice(ctx);
  const name = deadlineName(d.kind);

  let greeting: string;
  let sender: string;
  let blocks: Block[];
  const facts: Fact[] = [...proposalFacts(ctx, p)];

  switch (audience) {
    case 'unit':
      greeting = unit.name;
      sender = office;
      blocks = [
        { type: 'paragraph', text: `你单位${d.kind === 'co_opinion' ? '协办' : '承办'}的${label}，${name}已于${due}届满，至今尚未${action}，${late}。` },
        {
          type: 'paragraph',
          strong: true,
          text:
            d.kind === 'co_opinion'
              ? `请立即组织办理，尽快向主办单位提交书面协办意见，并向${office}说明超期原因。`
              : `请立即组织办理，尽快${action}，并向${office}书面说明超期原因。逾期仍未办结的，将按规定升级督办。`,
        },
      ];
      break;
    case 'supervision':
      greeting = office;
      sender = systemName(ctx);
      facts.push(...unitFacts(unit));
      blocks = [
        { type: 'paragraph', text: `${unit.name}承办的${label}，${name}已于${due}届满，至今尚未${action}，${late}。` },
        { type: 'paragraph', text: '系统已同时向承办单位发出超期预警。请予督办。' },
      ];
      break;
    case 'lead_unit':
      greeting = input.leadUnit || '主办单位';
      sender = office;
      facts.push(...unitFacts(unit, '协办单位'));
      blocks = [
        { type: 'paragraph', text: `你单位主办的${label}，协办单位${unit.name}的${name}已于${due}届满，至今尚未${action}，${late}。` },
        {
          type: 'paragraph',
          text: `请你单位主动与协办单位联系催办；协办意见仍未送达的，不影响你单位按期答复${p.proposers}，可在答复中说明有关情况。`,
        },
      ];
      break;
    case 'committee':
      greeting = committeeName(ctx, p);
      sender = systemName(ctx);
      facts.push(...unitFacts(unit));
      blocks = [
        { type: 'paragraph', text: `${label}（承办单位：${unit.name}）的${name}已于${due}届满，至今尚未${action}，${late}。` },
        { type: 'paragraph', text: d.kind === 'publication' ? '请尽快审核答复内容并予以公开。' : '请及时跟进处理。' },
      ];
      break;
  }

  facts.push(...deadlineFacts(d));
  blocks.splice(1, 0, ...keyNotice(p));
  blocks.push({ type: 'facts', rows: facts }, openProposal(ctx, p));

  return renderDocument({
    subject: `【超期预警】${label}（${name}${due}，${late}）`,
    heading: `${deadlineKindLabel(d.kind)}超期预警`,
    greeting,
    blocks,
    signature: signature(ctx, sender),
    footer: footer(ctx),
  });
}

export type EscalationAudience = 'supervision_leader' | 'unit_head';

export interface EscalationInput {
  proposal: MailProposal;
  /** The late unit. */
  unit: MailUnit;
  deadline: MailDeadline;
  audience: EscalationAudience;
  /** 1 for the first escalation, 2 a week later, … */
  escalationNumber: number;
}

/** 督办升级: to the supervision leader and to the head of the late unit. */
export function renderEscalation(ctx: MailContext, input: EscalationInput): RenderedMail {
  const { proposal: p, unit, deadline: d, audience, escalationNumber: n } = input;
  const label = proposalLabel(p);
  const due = formatChineseDate(d.dueOn);
  const late = overduePhrase(daysOverdueOf(ctx, d));
  const action = deadlineAction(d.kind);
  const office = supervisionOffice(ctx);
  const name = deadlineName(d.kind);

  const facts: Fact[] = [...proposalFacts(ctx, p), ...unitFacts(unit), ...deadlineFacts(d), { label: '督办升级', value: `第${n}次` }];
  let greeting: string;
  let sender: string;
  let blocks: Block[];

  if (audience === 'supervision_leader') {
    greeting = `${office}负责同志`;
    sender = systemName(ctx);
    blocks = [
      { type: 'paragraph', text: `${unit.name}承办的${label}，${name}已于${due}届满，${late}，经超期预警仍未${action}。现第${n}次提请升级督办。` },
      { type: 'paragraph', text: '建议约谈承办单位负责同志，督促其限期办结，必要时予以通报。' },
    ];
  } else {
    greeting = `${unit.name}主要负责同志`;
    sender = office;
    blocks = [
      { type: 'paragraph', text: `你单位承办的${label}，${name}已于${due}届满，${late}，经${office}预警催办仍未${action}。现予第${n}次升级督办。` },
      {
        type: 'paragraph',
        strong: true,
        text: `请你亲自过问，督促有关科室抓紧办理，尽快${action}，并将超期原因和整改措施书面报送${office}。`,
      },
    ];
  }
  blocks.splice(1, 0, ...keyNotice(p));
  blocks.push({ type: 'facts', rows: facts }, openProposal(ctx, p));

  return renderDocument({
    subject: `【督办升级】${label}（第${n}次，${name}${due}，${late}）`,
    heading: `督办升级通知（第${n}次）`,
    greeting,
    blocks,
    signature: signature(ctx, sender),
    footer: footer(ctx),
  });
}
