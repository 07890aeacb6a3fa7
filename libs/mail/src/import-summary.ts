import { footer, proposalUrl, signature, supervisionOffice, systemName } from './common.js';
import type { Block, Fact } from './layout.js';
import { renderDocument } from './layout.js';
import { proposalKindWord } from './labels.js';
import { ccLine } from './reply-notice.js';
import type { MailContext, RenderedMail } from './types.js';

/** An imported proposal of an alert theme (营商环境…), listed for the supervision office. */
export interface ImportedAlertProposal {
  id: string;
  number: number | null;
  title: string;
  alertThemes: string[];
}

export interface ImportSummaryInput {
  importId: string;
  filename: string;
  /** e.g. '市政协十届二次会议' */
  sessionName: string;
  /** The addressee: the committee that files the proposals. */
  committee: string;
  counts: { total: number; imported: number; skipped: number; invalid: number };
  /** The imported proposals of an alert theme, in the file's order. */
  alert: ImportedAlertProposal[];
  /** 抄送, e.g. ['市政府督查室'] when some imported proposals are of an alert theme. */
  cc: string[];
}

/** At most this many alert-theme proposals are listed; the import report has them all. */
export const MAX_LISTED_ALERT_PROPOSALS = 100;

/** `${publicUrl}/imports/${id}`: the import's progress and row report. */
export function importUrl(ctx: MailContext, id: string): string {
  return `${ctx.publicUrl.replace(/\/+$/, '')}/imports/${encodeURIComponent(id)}`;
}

/**
 * 批量导入完成: one mail to the committee per import, instead of one 新提案 mail per imported
 * proposal. It gives the counts (imported, skipped as already there, refused by the row checks)
 * and the link to the row report; the imported proposals of an alert theme are listed, for the
 * supervision office copied on it.
 */
export function renderImportSummary(ctx: MailContext, input: ImportSummaryInput): RenderedMail {
  const kw = proposalKindWord(input);
  const { total, imported, skipped, invalid } = input.counts;
  const facts: Fact[] = [
    { label: '导入文件', value: input.filename },
    { label: '届次会议', value: input.sessionName },
    { label: '数据行数', value: `${total}行` },
    { label: '成功导入', value: `${imported}件` },
    { label: '已存在跳过', value: `${skipped}件` },
    { label: '未通过校验', value: `${invalid}行` },
  ];
  const blocks: Block[] = [
    {
      type: 'paragraph',
      text:
        `文件《${input.filename}》已导入${input.sessionName}：共${total}行，成功导入${imported}件` +
        `${skipped ? `，${skipped}件已存在而跳过` : ''}${invalid ? `，${invalid}行未通过校验未导入` : ''}。`,
    },
    { type: 'facts', rows: facts },
  ];
  if (imported > 0) {
    blocks.push({
      type: 'paragraph',
      text: `导入的${kw}已进入立案审查，系统正逐件识别主题标签和相似${kw}（并案建议）。批量导入的${kw}不再逐件发送新${kw}通知，请登录督办系统审查立案。`,
    });
  }
  if (invalid > 0) {
    blocks.push({
      type: 'notice',
      tone: 'warning',
      text: `未通过校验的${invalid}行未导入，导入报告逐行列明所在行、列和原因。修正后可重新导入同一文件，已导入的行会自动跳过。`,
    });
  }
  blocks.push({ type: 'action', label: '查看导入报告', url: importUrl(ctx, input.importId) });

  if (input.alert.length > 0) {
    const listed = input.alert.slice(0, MAX_LISTED_ALERT_PROPOSALS);
    blocks.push(
      { type: 'heading', text: `预警主题${kw}（${input.alert.length}件）` },
      { type: 'paragraph', text: `以下${kw}涉及预警主题，此后交办、答复等各环节均抄送${supervisionOffice(ctx)}，办理逾期时提前一级升级督办。` },
      {
        type: 'table',
        columns: ['标题', '编号', '预警主题'],
        rows: listed.map((p) => [
          { text: `《${p.title}》`, href: proposalUrl(ctx, p.id) },
          { text: p.number == null ? '未编号' : `第${p.number}号` },
          { text: p.alertThemes.join('、') },
        ]),
      },
    );
    if (input.alert.length > listed.length) {
      blocks.push({ type: 'paragraph', text: `另有${input.alert.length - listed.length}件未列出，见导入报告。` });
    }
  }
  const cc = input.cc.filter((c) => c.trim() !== '');
  if (cc.length) blocks.push({ type: 'lines', lines: [ccLine(cc)] });

  return renderDocument({
    subject: `【批量导入完成】${input.sessionName}导入${kw}${imported}件${invalid ? `，${invalid}行未通过校验` : ''}（${input.filename}）`,
    heading: `${kw}批量导入完成`,
    greeting: input.committee,
    blocks,
    signature: signature(ctx, systemName(ctx)),
    footer: footer(ctx),
  });
}
