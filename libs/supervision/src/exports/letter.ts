import { formatChineseDate } from '#mail';
import { toShanghaiDate } from '#domain';
import type { DataSource } from 'typeorm';
import { type Actor, loadProposal, NotFoundError } from '#kernel';
import { addressProposers, unitsOfKind, type ContactUnit } from '#directory';
import type { SupervisionConfig } from '../config.js';
import {
  attachmentsBlock, ccLine, contactBlock, DOCUMENT_CSP, DOCUMENT_CSS, DOCUMENT_STYLE_HASH, escapeHtml, paragraphs, renderDocument, signature, titleBlock,
} from './layout.js';

/** What a reply letter (答复函) shows. */
export interface LetterData {
  sessionName: string;
  npc: boolean;
  proposalNumber: number | null;
  proposalTitle: string;
  /** '陈刚正委员' */
  addressee: string;
  unitName: string;
  content: string;
  resultCategory: string;
  resultLabel: string | null;
  signedBy: string;
  contactName: string;
  contactPhone: string;
  /** YYYY-MM-DD (Asia/Shanghai) */
  repliedOn: string;
  /** 抄送: e.g. ['市政协提案委员会', '市政府督查室'] */
  cc: string[];
  titlePrefix: string;
  /** 附件: the reply's other files (its letter is this document), listed under the body. */
  attachments?: string[];
}

export interface LetterParts {
  title: string[];
  greeting: string;
  body: string[];
  date: string;
}

const TITLE_ONE_LINE = /^(对|关于).+第\s*\d+\s*号(提案|建议)的答复$/;
const TITLE_FIRST = /^(对|关于).+(会议|届)$/;
const TITLE_SECOND = /^第\s*\d+\s*号(提案|建议)的答复$/;
const DATE_LINE = /^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$/;

/**
 * Splits a reply into the letter's parts. A reply written as a whole letter (like the seed's: its own
 * title '对…会议' / '第196号提案的答复', the addressee line, the body, the date line) keeps its own
 * wording; what it lacks is supplied: the title '关于…第×号提案的答复', the addressee, the reply's date.
 */
export function letterParts(d: LetterData): LetterParts {
  const paragraphs = d.content.split(/\r?\n/).map((p) => p.trim()).filter((p) => p !== '');
  let title: string[] | null = null;
  if (paragraphs.length > 0 && TITLE_ONE_LINE.test(paragraphs[0])) title = [paragraphs.shift()!];
  else if (paragraphs.length > 1 && TITLE_FIRST.test(paragraphs[0]) && TITLE_SECOND.test(paragraphs[1])) title = [paragraphs.shift()!, paragraphs.shift()!];
  const kind = d.npc ? '建议' : '提案';
  title ??= [`${d.titlePrefix}${d.sessionName}`, `第${d.proposalNumber ?? '×'}号${kind}的答复`];
  let greeting = `${d.addressee}：`;
  if (paragraphs.length > 0 && paragraphs[0].length <= 60 && /[:：]$/.test(paragraphs[0])) greeting = paragraphs.shift()!.replace(/:$/, '：');
  let date = formatChineseDate(d.repliedOn);
  if (paragraphs.length > 0 && DATE_LINE.test(paragraphs[paragraphs.length - 1])) date = paragraphs.pop()!.replace(/\s+/g, '');
  return { title, greeting, body: paragraphs, date };
}

/** The letter's stylesheet and CSP are the documents' (exports/layout.ts): one layout for every printable document. */
export const LETTER_CSS = DOCUMENT_CSS;
export const LETTER_STYLE_HASH = DOCUMENT_STYLE_HASH;
export const LETTER_CSP = DOCUMENT_CSP;

/**
 * The reply as a printable letter: the result category at the top left, 签发人 at the top right,
 * the title, the addressee, the body, the signing unit and date at the bottom right, then the contact
 * lines (联系单位, 联系人及电话) and the 抄送 line between two rules (版记).
 */
export function renderLetterHtml(d: LetterData): string {
  const parts = letterParts(d);
  return renderDocument(parts.title.join(''), [
    `  <div class="head">
    <div class="mark"${d.resultLabel ? ` title="${escapeHtml(d.resultLabel)}"` : ''}>办理结果：${escapeHtml(d.resultCategory)}类</div>
    <div class="signer">签发人：${escapeHtml(d.signedBy)}</div>
  </div>`,
    titleBlock(parts.title),
    `  <p class="greeting">${escapeHtml(parts.greeting)}</p>`,
    paragraphs(parts.body),
    attachmentsBlock(d.attachments),
    signature(d.unitName, parts.date),
    contactBlock(d.unitName, d.contactName, d.contactPhone),
    ccLine(d.cc),
  ].filter((x) => x).join('\n'));
}

/** Loads what a reply's letter needs, as the actor may see it (another unit's reply is 404). */
export class ReplyLetters {
  constructor(
    private readonly ds: DataSource,
    private readonly config: SupervisionConfig,
    private readonly categoryLabel: (sessionId: string, code: string) => Promise<string | null>,
  ) {}

  async data(actor: Actor, replyId: string): Promise<LetterData> {
    const [reply]: Array<{
      proposal_id: string; content: string; result_category: string; signed_by: string; contact_name: string; contact_phone: string;
      submitted_at: Date; unit_name: string;
    }> = await this.ds.query(
      `SELECT r.id, r.proposal_id, r.content, r.result_category, r.signed_by, r.contact_name, r.contact_phone, r.submitted_at,
              u.name AS unit_name
         FROM replies r JOIN assignments a ON a.id = r.assignment_id JOIN units u ON u.id = a.unit_id WHERE r.id = $1`,
      [replyId],
    );
    if (!reply) throw new NotFoundError('reply', replyId);
    const proposal = await loadProposal(this.ds.manager, actor, reply.proposal_id).catch(() => {
      throw new NotFoundError('reply', replyId);
    });
    const [session]: Array<{ name: string; body: string }> = await this.ds.query(`SELECT name, body FROM sessions WHERE id = $1`, [proposal.sessionId]);
    const proposers: Array<{ name: string; kind: 'member' | 'group' }> = await this.ds.query(
      `SELECT pr.name, pr.kind FROM (SELECT $1::uuid AS id, 0 AS pos UNION ALL SELECT proposer_id, position FROM proposal_co_proposers WHERE proposal_id = $2) x
         JOIN proposers pr ON pr.id = x.id ORDER BY x.pos`,
      [proposal.leadProposerId, proposal.id],
    );
    const units: ContactUnit[] = await this.ds.query(`SELECT id, code, name, kind, email, active FROM units`);
    const cc = this.config.letter.ccKinds.flatMap((kind) => unitsOfKind(units, kind).slice(0, 1).map((u) => u.name));
    const npc = session.body === 'npc';
    return {
      sessionName: session.name,
      npc,
      proposalNumber: proposal.number,
      proposalTitle: proposal.title,
      addressee: addressProposers(proposers, npc) || '提案者',
      unitName: reply.unit_name,
      content: reply.content,
      resultCategory: reply.result_category,
      resultLabel: await this.categoryLabel(proposal.sessionId, reply.result_category),
      signedBy: reply.signed_by,
      contactName: reply.contact_name,
      contactPhone: reply.contact_phone,
      repliedOn: toShanghaiDate(new Date(reply.submitted_at)),
      cc,
      titlePrefix: this.config.letter.titlePrefix,
      attachments: (await this.ds.query(
        `SELECT filename FROM attachments WHERE owner_type = 'reply' AND owner_id = $1 AND purpose = 'file' ORDER BY uploaded_at, filename`,
        [replyId],
      ) as Array<{ filename: string }>).map((a) => a.filename),
    };
  }

  async html(actor: Actor, replyId: string): Promise<{ html: string; title: string }> {
    const data = await this.data(actor, replyId);
    return { html: renderLetterHtml(data), title: letterParts(data).title.join('') };
  }
}
