import { committeeName, proposalFacts, proposalUrl, supervisionOffice } from './common.js';
import type { Block, Fact } from './layout.js';
import { renderDocument } from './layout.js';
import { formatChineseDate, proposalKindWord, proposalLabel, proposalNumberLabel } from './labels.js';
import type { MailContext, MailProposal, MailUnit, RenderedMail } from './types.js';

export interface MailReply {
  /** The reply letter in full; paragraphs are separated by blank lines (or by line breaks). */
  content: string;
  /** 'A' … 'D' */
  resultCategory: string;
  /** e.g. '所提问题已经解决或基本解决' */
  resultLabel: string;
  signedBy: string;
  contactName: string;
  contactPhone: string;
  /** YYYY-MM-DD */
  submittedOn: string;
}

export interface ReplyNoticeInput {
  proposal: MailProposal;
  /** The unit that replied. */
  unit: MailUnit;
  reply: MailReply;
  /** The proposer's signed feedback link; null for the copies sent to staff (抄送). */
  feedbackUrl: string | null;
  feedbackDueOn: string | null;
  /** 抄送, e.g. ['市政协提案委员会', '市政府督查室']. */
  cc: string[];
  /**
   * For a proposer of proposals merged (并案) into this one: their own proposals, named in the mail,
   * and how they are addressed ('王芳委员'). The reply is this proposal's; the rating stays with its
   * own proposers, so such a mail never carries a feedback link.
   */
  merged?: { proposals: MailProposal[]; addressee: string } | null;
}

/** '抄送：市政协提案委员会、市政府督查室' */
export function ccLine(cc: string[]): string {
  return `抄送：${cc.join('、')}`;
}

/**
 * 答复告知: the reply letter in full, as the proposer receives it, with the result category,
 * the satisfaction survey link (proposers only) and, as on the paper letter, the contact unit
 * and telephone, the contact person and the 抄送 line at the very end. With `merged`, the same
 * letter for a proposer of a proposal merged into this one (并案): addressed to them, naming their
 * own proposal, without the link.
 */
export function renderReplyNotice(ctx: MailContext, input: ReplyNoticeInput): RenderedMail {
  const { proposal: p, unit, reply, feedbackUrl, feedbackDueOn } = input;
  const kw = proposalKindWord(p);
  const label = proposalLabel(p);
  const repliedOn = formatChineseDate(reply.submittedOn);
  const cc = input.cc.filter((c) => c.trim() !== '');
  const merged = input.merged?.proposals.length ? input.merged : null;
  const own = merged?.proposals.map((m) => proposalLabel(m)) ?? [];

  const facts: Fact[] = [
    ...proposalFacts(ctx, p),
    ...(merged
      ? [
          { label: `您的${kw}`, value: own.join('\n'), ...(own.length === 1 ? { href: proposalUrl(ctx, merged.proposals[0].id) } : {}) },
          { label: '办理方式', value: `并案至${proposalNumberLabel(p)}办理` },
        ]
      : []),
    { label: '承办单位', value: unit.name },
    { label: '答复日期', value: repliedOn },
    { label: '办理结果', value: `${reply.resultCategory}类（${reply.resultLabel}）` },
    { label: '签发', value: reply.signedBy },
  ];

  const handled = `已由${unit.name}办理，并于${repliedOn}作出书面答复。答复全文如下，请审阅。`;
  const blocks: Block[] = [
    {
      type: 'paragraph',
      text: merged
        ? `您提出的${own.join('、')}，经立案审查已并入${label}（${p.proposers}提出）并案办理。该${kw}${handled}`
        : `您提出的${label}，${handled}`,
    },
    { type: 'facts', rows: facts },
  ];

  if (merged) {
    blocks.push({
      type: 'notice',
      tone: 'info',
      text:
        `您的${kw}已并案办理，以本答复为准，特此告知。满意度测评由${p.proposers}进行` +
        `${feedbackDueOn ? `，测评截止日期为${formatChineseDate(feedbackDueOn)}` : ''}；对答复如有意见，可与承办单位联系。`,
    });
  } else if (feedbackUrl) {
    const by = feedbackDueOn ? `请于${formatChineseDate(feedbackDueOn)}前点击以下链接` : '请点击以下链接';
    blocks.push(
      {
        type: 'notice',
        tone: 'info',
        text: `${by}，对本${kw}的办理情况进行满意度测评（满意、基本满意、不满意）。该链接仅供您本人使用，请勿转发。`,
      },
      { type: 'action', label: '进行满意度测评', url: feedbackUrl },
    );
  } else {
    blocks.push({
      type: 'notice',
      tone: 'info',
      text: `本件为抄送件，供知悉。满意度测评由${p.proposers}本人进行${feedbackDueOn ? `，测评截止日期为${formatChineseDate(feedbackDueOn)}` : ''}。`,
    });
  }

  const closing = [`联系单位及电话：${unit.name}；${reply.contactPhone}`, `联系人：${reply.contactName}`];
  if (cc.length) closing.push(ccLine(cc));

  blocks.push({ type: 'heading', text: '答复全文' }, { type: 'letter', content: reply.content }, { type: 'lines', lines: closing });

  return renderDocument({
    subject: merged ? `【答复告知】${own[0]}${own.length > 1 ? `等${own.length}件` : ''}（已并入${proposalNumberLabel(p)}办理）` : `【答复告知】${label}`,
    heading: merged ? `并案${kw}答复告知` : `${kw}答复告知`,
    greeting: merged ? merged.addressee : p.proposers,
    blocks,
  });
}

/** The usual 抄送 of a reply: the committee and the supervision office. */
export function defaultReplyCc(ctx: MailContext, p: MailProposal): string[] {
  return [committeeName(ctx, p), supervisionOffice(ctx)];
}
