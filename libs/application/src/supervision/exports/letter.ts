import { createHash } from 'node:crypto';
import { formatChineseDate } from '#mail';
import { toShanghaiDate } from '#domain';
import type { DataSource } from 'typeorm';
import type { Actor } from '../../actor.js';
import { loadProposal } from '../../access.js';
import { NotFoundError } from '../../errors.js';
import { addressProposers, unitsOfKind, type ContactUnit } from '../../notifications/recipients.js';
import type { SupervisionConfig } from '../config.js';

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

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * The official layout on A4 (GB/T 9704 proportions): margins 37/26/35/28 mm, the title centred in a
 * Song face, the body in a FangSong face (仿宋) at 16pt with 28pt lines, 签发人 at the top right, the
 * result category at the top left, the signing unit and date at the bottom right, then the contact
 * lines (联系单位, 联系人及电话) and the 抄送 line between two rules (版记).
 */
export const LETTER_CSS = `
@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
* { box-sizing: border-box; }
html { background: #f3f3f3; }
body { margin: 0; color: #000; font-family: 'FangSong', 'STFangsong', 'Noto Serif CJK SC', 'Source Han Serif SC', 'SimSun', serif; font-size: 16pt; line-height: 28pt; }
.page { background: #fff; width: 210mm; min-height: 297mm; margin: 12px auto; padding: 37mm 26mm 35mm 28mm; box-shadow: 0 0 6px rgba(0,0,0,.2); }
.head { display: flex; justify-content: space-between; gap: 2em; font-size: 14pt; line-height: 22pt; margin-bottom: 14pt; }
.head div { white-space: nowrap; }
.mark { font-family: 'SimHei', 'Noto Sans CJK SC', sans-serif; }
h1 { font-family: 'FZXiaoBiaoSong-B05S', 'SimSun', 'Noto Serif CJK SC', serif; font-weight: bold; font-size: 22pt; line-height: 32pt; text-align: center; margin: 0 0 22pt; }
h1 span { display: block; }
.greeting { margin: 0; }
.body p { margin: 0; text-indent: 2em; text-align: justify; }
.sign { margin-top: 28pt; text-align: right; padding-right: 2em; }
.sign p { margin: 0; }
.contact { margin-top: 28pt; font-size: 14pt; line-height: 24pt; }
.contact p { margin: 0; }
.cc { margin-top: 14pt; border-top: 1px solid #000; border-bottom: 1px solid #000; padding: 4pt 0.5em; font-size: 14pt; line-height: 24pt; }
@media print {
  html { background: none; }
  .page { width: auto; min-height: 0; margin: 0; padding: 0; box-shadow: none; }
}
`;

/** The CSP hash of the letter's one inline stylesheet: the page is self-contained and runs no script. */
export const LETTER_STYLE_HASH = `'sha256-${createHash('sha256').update(LETTER_CSS).digest('base64')}'`;
export const LETTER_CSP = `default-src 'none'; style-src ${LETTER_STYLE_HASH}; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'`;

/** The reply as a printable letter: one self-contained HTML page (print CSS included, no script). */
export function renderLetterHtml(d: LetterData): string {
  const parts = letterParts(d);
  const title = parts.title.join('');
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${LETTER_CSS}</style>
</head>
<body>
<article class="page">
  <div class="head">
    <div class="mark"${d.resultLabel ? ` title="${escapeHtml(d.resultLabel)}"` : ''}>办理结果：${escapeHtml(d.resultCategory)}类</div>
    <div class="signer">签发人：${escapeHtml(d.signedBy)}</div>
  </div>
  <h1>${parts.title.map((t) => `<span>${escapeHtml(t)}</span>`).join('')}</h1>
  <p class="greeting">${escapeHtml(parts.greeting)}</p>
  <div class="body">
${parts.body.map((p) => `    <p>${escapeHtml(p)}</p>`).join('\n')}
  </div>
  <div class="sign">
    <p>${escapeHtml(d.unitName)}</p>
    <p>${escapeHtml(parts.date)}</p>
  </div>
  <div class="contact">
    <p>联系单位：${escapeHtml(d.unitName)}</p>
    <p>联系人及电话：${escapeHtml(d.contactName)}\u3000${escapeHtml(d.contactPhone)}</p>
  </div>
  ${d.cc.length ? `<div class="cc">抄送：${escapeHtml(d.cc.join('，'))}。</div>` : ''}
</article>
</body>
</html>
`;
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
    };
  }

  async html(actor: Actor, replyId: string): Promise<{ html: string; title: string }> {
    const data = await this.data(actor, replyId);
    return { html: renderLetterHtml(data), title: letterParts(data).title.join('') };
  }
}
