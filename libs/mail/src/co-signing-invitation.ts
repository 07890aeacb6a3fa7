import { committeeName, footer, signature } from './common.js';
import type { Block } from './layout.js';
import { renderDocument } from './layout.js';
import { formatChineseDate, proposalKindWord } from './labels.js';
import type { MailContext, MailProposal, RenderedMail } from './types.js';

export interface CoSigningInvitationInput {
  /** The proposal to co-sign; not yet filed, so it has no number. */
  proposal: MailProposal;
  /** The proposal's text, which the invitee reads before they decide. */
  content: string;
  /** 'the lead proposer', as addressed: '陈刚正委员'. */
  leadProposer: string;
  /** The invitee, as addressed: '李明委员'. */
  invitee: string;
  /** The invitation's signed link (确认或谢绝联名, no login needed). */
  url: string;
  /** The link's last day (YYYY-MM-DD, Asia/Shanghai). */
  expiresOn: string;
  /** Where the invitee answers when signed in: `${publicUrl}/co-signing`. */
  appUrl: string;
}

/**
 * 联名邀请: the lead proposer invites a member to co-sign (联名) their proposal. The mail carries the
 * text and the invitee's own signed link; the proposal's own page stays closed to them (they are not
 * a co-proposer until they confirm), so it links nowhere else but the invitations page.
 */
export function renderCoSigningInvitation(ctx: MailContext, input: CoSigningInvitationInput): RenderedMail {
  const { proposal: p } = input;
  const kw = proposalKindWord(p);
  const committee = committeeName(ctx, p);
  const blocks: Block[] = [
    { type: 'paragraph', text: `${input.leadProposer}邀请您作为联名提案者，共同提出${kw}《${p.title}》（${p.sessionName}）。请阅读${kw}内容后，确认或谢绝联名。` },
    { type: 'heading', text: `${kw}内容` },
    { type: 'letter', content: input.content },
    {
      type: 'notice',
      tone: 'info',
      text:
        `请于${formatChineseDate(input.expiresOn)}前点击以下链接答复（确认联名或谢绝联名，每个链接只能答复一次）。该链接仅供您本人使用，请勿转发。` +
        `确认联名后，您将作为联名提案者看到该${kw}的办理情况并收到答复。`,
    },
    { type: 'action', label: '确认或谢绝联名', url: input.url },
    { type: 'paragraph', text: `您也可以登录督办系统，在“联名邀请”（${input.appUrl}）中答复。` },
  ];
  return renderDocument({
    subject: `【联名邀请】${input.leadProposer}邀请您联名提出${kw}《${p.title}》`,
    heading: `${kw}联名邀请`,
    greeting: input.invitee,
    blocks,
    signature: signature(ctx, committee),
    footer: footer(ctx),
  });
}

export interface CoSigningAnsweredInput {
  proposal: MailProposal;
  /** The lead proposer, as addressed: '陈刚正委员'. */
  leadProposer: string;
  /** The invitee who answered, as addressed: '李明委员'. */
  invitee: string;
  answer: 'confirm' | 'decline';
  /** Where the lead proposer reads every answer: `${publicUrl}/proposals/:id/co-signers`. */
  url: string;
}

/** 联名答复: an invitee confirmed or declined; the lead proposer is told, with the link to 联名情况. */
export function renderCoSigningAnswered(ctx: MailContext, input: CoSigningAnsweredInput): RenderedMail {
  const { proposal: p } = input;
  const kw = proposalKindWord(p);
  const word = input.answer === 'confirm' ? '确认联名' : '谢绝联名';
  const blocks: Block[] = [
    {
      type: 'paragraph',
      text:
        input.answer === 'confirm'
          ? `${input.invitee}已确认联名，成为您提出的${kw}《${p.title}》的联名提案者。`
          : `${input.invitee}已谢绝联名您提出的${kw}《${p.title}》。`,
    },
    { type: 'action', label: '查看联名情况', url: input.url },
  ];
  return renderDocument({
    subject: `【联名答复】${input.invitee}${word}《${p.title}》`,
    heading: `${kw}联名答复`,
    greeting: input.leadProposer,
    blocks,
    signature: signature(ctx, committeeName(ctx, p)),
    footer: footer(ctx),
  });
}
