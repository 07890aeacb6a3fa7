import { footer, openProposal, proposalFacts, signature, systemName } from './common.js';
import type { Block, Fact } from './layout.js';
import { renderDocument } from './layout.js';
import { formatChineseDate, proposalLabel } from './labels.js';
import type { MailContext, MailProposal, MailUnit, RenderedMail } from './types.js';

/** The steps of a unit's internal flow that tell someone (单位内部流转与审签). */
export type UnitFlowStep = 'officer_assigned' | 'drafted' | 'returned' | 'approved';

export interface UnitFlowInput {
  proposal: MailProposal;
  unit: MailUnit;
  step: UnitFlowStep;
  /** Whom the mail greets: the officer (分派, 退回, 签发) or the leader (报审). */
  recipientName: string;
  officerName: string | null;
  leaderName: string | null;
  /** 退回意见 */
  comment?: string | null;
  /** The running reply deadline (YYYY-MM-DD), which the unit's flow does not move. */
  dueOn?: string | null;
}

const SUBJECTS: Record<UnitFlowStep, string> = {
  officer_assigned: '【分派经办】',
  drafted: '【待审签】',
  returned: '【退回修改】',
  approved: '【已签发】',
};

const HEADINGS: Record<UnitFlowStep, string> = {
  officer_assigned: '承办件分派通知',
  drafted: '答复审签提醒',
  returned: '答复稿退回修改通知',
  approved: '答复签发告知',
};

/**
 * The mails of a unit's internal flow, within the unit: to the officer the liaison gave the work
 * to, to the leader a draft waits for, to the officer whose draft came back or went out.
 */
export function renderUnitFlowNotice(ctx: MailContext, input: UnitFlowInput): RenderedMail {
  const { proposal: p, unit, step } = input;
  const label = proposalLabel(p);
  const due = input.dueOn ? formatChineseDate(input.dueOn) : null;
  const officer = input.officerName ?? '经办人';
  const leader = input.leaderName ?? '分管领导';
  const text: Record<UnitFlowStep, string> = {
    officer_assigned: `本单位承办的${label}已由联络员分派给您办理。请与提案者沟通协商，拟写答复稿后提交分管领导审签。`,
    drafted: `${officer}已拟好${label}的答复稿，报请您审签。审签同意后答复即以本单位名义发出，您为签发人；如需修改，请写明意见退回经办人。`,
    returned: `您拟写的${label}答复稿已被${leader}退回修改。请按审签意见修改后重新提交审签。`,
    approved: `您拟写的${label}答复稿已经${leader}审签同意，答复已发出并告知提案者。`,
  };
  const blocks: Block[] = [{ type: 'paragraph', text: text[step] }];
  if (step === 'returned' && input.comment) blocks.push({ type: 'paragraph', text: `审签意见：${input.comment}` });
  if (due && step !== 'approved') blocks.push({ type: 'paragraph', text: `答复期限为${due}，不因单位内部流转而延长，请抓紧办理。` });
  const facts: Fact[] = [
    ...proposalFacts(ctx, p),
    { label: '承办单位', value: unit.name },
    ...(input.officerName ? [{ label: '经办人', value: input.officerName }] : []),
    ...(due ? [{ label: '答复期限', value: `${due}（当日24时截止）` }] : []),
  ];
  blocks.push({ type: 'facts', rows: facts }, openProposal(ctx, p));
  return renderDocument({
    subject: `${SUBJECTS[step]}${label}`,
    heading: HEADINGS[step],
    greeting: input.recipientName,
    blocks,
    signature: signature(ctx, systemName(ctx)),
    footer: footer(ctx),
  });
}
