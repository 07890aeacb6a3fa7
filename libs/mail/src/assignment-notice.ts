import {
  committeeName,
  deadlineFacts,
  footer,
  keyNotice,
  openProposal,
  proposalFacts,
  signature,
  supervisionOffice,
} from './common.js';
import type { Block, Fact } from './layout.js';
import { renderDocument } from './layout.js';
import { formatChineseDate, isNpcSession, proposalKindWord, proposalLabel, roleLabel } from './labels.js';
import type { AssignmentRoleName, MailContext, MailDeadline, MailProposal, MailUnit, RenderedMail } from './types.js';

export interface AssignmentNoticeInput {
  proposal: MailProposal;
  /** The unit that receives the notice. */
  unit: MailUnit;
  role: AssignmentRoleName;
  /** The unit's own deadline: reply (lead, separate) or co_opinion (co). */
  deadline: MailDeadline;
  /** Last day on which the unit may ask for the proposal to be given to another unit. */
  adjustmentDueOn?: string;
  /** For a lead unit: its co-handlers (协办单位). */
  coUnits?: string[];
  /** For a co-handler: the lead unit (主办单位). */
  leadUnit?: string;
  /** When the proposal was moved to this unit after an approved adjustment: the former unit. */
  reassignedFrom?: string;
  /**
   * 主协办互换: the role this unit held before the approved adjustment — a co-handler that now leads
   * (with `reassignedFrom`, the former lead), or a former lead that stays on as co-handler (without).
   */
  previousRole?: AssignmentRoleName;
}

/** 交办通知: the unit must handle the proposal, in its role, by the due date. */
export function renderAssignmentNotice(ctx: MailContext, input: AssignmentNoticeInput): RenderedMail {
  const { proposal: p, unit, role, deadline } = input;
  const kw = proposalKindWord(p);
  const label = proposalLabel(p);
  const role_ = roleLabel(role);
  const due = formatChineseDate(deadline.dueOn);
  const office = supervisionOffice(ctx);
  const committee = committeeName(ctx, p);
  const coUnits = (input.coUnits ?? []).filter((u) => u.trim() !== '');

  const opening =
    input.previousRole && input.reassignedFrom
      ? `${label}原由${input.reassignedFrom}主办、你单位${roleLabel(input.previousRole)}，经审核同意调整承办单位，现改由你单位${role_}。`
      : input.previousRole
        ? `${label}原由你单位${roleLabel(input.previousRole)}，经审核同意调整承办单位，现改由${input.leadUnit || '新的主办单位'}主办、你单位${role_}。`
        : input.reassignedFrom
          ? `${label}原交由${input.reassignedFrom}办理，经审核同意调整承办单位，现改交你单位${role_}。`
          : `${isNpcSession(p.sessionName) ? '经审查' : '经审查立案'}，现将${label}（${p.proposers}提出）交由你单位${role_}。`;

  let duty: string;
  if (role === 'lead') {
    duty =
      `请你单位认真研究办理，主动与${p.proposers}沟通协商` +
      (coUnits.length ? `，并加强与协办单位${coUnits.join('、')}的协调配合` : '') +
      `，于${due}前将办理结果书面答复${p.proposers}，同时抄送${committee}和${office}。`;
  } else if (role === 'co') {
    duty =
      `本件由${input.leadUnit || '主办单位'}主办，你单位协办。请你单位主动与主办单位沟通，` +
      `于${due}前将协办意见书面送交主办单位，由主办单位统一答复${p.proposers}。`;
  } else {
    duty =
      `本件为分办件，请你单位就涉及本单位职责的内容单独研究办理，于${due}前直接书面答复${p.proposers}，` +
      `同时抄送${committee}和${office}。`;
  }

  const facts: Fact[] = [...proposalFacts(ctx, p), { label: '办理方式', value: role_ }];
  if (role === 'co' && input.leadUnit) facts.push({ label: '主办单位', value: input.leadUnit });
  if (role !== 'co' && coUnits.length) facts.push({ label: '协办单位', value: coUnits.join('、') });
  if (input.reassignedFrom) facts.push({ label: '原承办单位', value: input.reassignedFrom });
  if (input.previousRole) facts.push({ label: '原办理方式', value: roleLabel(input.previousRole) });
  facts.push(...deadlineFacts(deadline));
  if (input.adjustmentDueOn) facts.push({ label: '申请调整截止', value: `${formatChineseDate(input.adjustmentDueOn)}（当日24时截止）` });

  const blocks: Block[] = [
    { type: 'paragraph', text: opening },
    { type: 'paragraph', text: duty },
    ...keyNotice(p, `请你单位主要负责同志亲自研究部署，办理中的重要情况及时报告${office}。`),
    { type: 'facts', rows: facts },
  ];
  if (input.adjustmentDueOn) {
    blocks.push({
      type: 'notice',
      tone: 'info',
      text:
        `如认为本件不属于你单位职责范围，可在${formatChineseDate(input.adjustmentDueOn)}前通过督办系统申请调整，` +
        `说明理由并提出建议承办单位；逾期不再受理调整申请。`,
    });
  }
  if (role !== 'co') {
    blocks.push({
      type: 'paragraph',
      text: `确因情况复杂不能按期答复的，请在期限届满前提出延期申请，经同意后向${p.proposers}说明情况。`,
    });
  }
  blocks.push(openProposal(ctx, p, `登录督办系统查看${kw}全文并办理`));

  return renderDocument({
    subject: `【交办通知】${label}`,
    heading: `${kw}交办通知`,
    greeting: unit.name,
    blocks,
    signature: signature(ctx, office),
    footer: footer(ctx),
  });
}
