import escapeHtml from 'escape-html';

import type { RenderedMail } from './types.js';

/**
 * One small document model rendered twice: as plain text and as an email-safe HTML page (tables,
 * inline styles, no external resources, no images, no scripts). Every template builds a
 * `MailDocument`, so the text and the HTML always carry the same content. Every string that
 * reaches the HTML goes through `escapeHtml`; only the markup written in this file is trusted.
 */

export type Tone = 'info' | 'warning' | 'danger' | 'success';

/** One row of a key-facts table. A value may span several lines. */
export interface Fact {
  label: string;
  value: string;
  href?: string;
}

/** One cell of a data table. */
export interface Cell {
  text: string;
  href?: string;
}

export type Block =
  /** A body paragraph (indented two characters in HTML, as official letters are). */
  | { type: 'paragraph'; text: string; strong?: boolean }
  | { type: 'heading'; text: string }
  | { type: 'facts'; rows: Fact[] }
  | { type: 'notice'; tone: Tone; text: string }
  /** A link the reader is asked to open: a button in HTML, `label：url` in text. */
  | { type: 'action'; label: string; url: string }
  /** A letter or statement quoted in full (a reply, a reason): paragraphs and line breaks kept. */
  | { type: 'letter'; content: string }
  | { type: 'table'; columns: string[]; rows: Cell[][] }
  /** Short lines without indentation (contact and cc lines, a signature). */
  | { type: 'lines'; lines: string[]; align?: 'left' | 'right' };

export interface MailDocument {
  subject: string;
  /** The title in the header band, e.g. '提案交办通知'. */
  heading: string;
  /** The addressee line without the colon, e.g. '市行政审批和政务信息管理局'. */
  greeting?: string;
  blocks: Block[];
  /** Sender lines (the last usually the date), right-aligned. */
  signature?: string[];
  /** Small print under the mail. */
  footer?: string;
}

const FONT = "'Microsoft YaHei','PingFang SC','Hiragino Sans GB','Noto Sans CJK SC','SimSun',Arial,sans-serif";
const RED = '#a61b1b';
const TEXT = '#222222';
const MUTED = '#666666';
const BORDER = '#e2d5d5';

const TONES: Record<Tone, { background: string; border: string; label: string }> = {
  info: { background: '#eef4fb', border: '#3a78c2', label: '说明' },
  warning: { background: '#fff6e6', border: '#d98a00', label: '提示' },
  danger: { background: '#fdecec', border: RED, label: '注意' },
  success: { background: '#edf7ee', border: '#2e7d32', label: '说明' },
};

/** Escapes text for HTML and keeps its line breaks. */
function html(text: string): string {
  return escapeHtml(text).replace(/\r?\n/g, '<br>');
}

/** Only web and mail links become anchors; anything else is shown as text. */
function isLinkable(url: string): boolean {
  return /^(https?:\/\/|mailto:)/i.test(url.trim());
}

function anchor(text: string, url: string, style = `color:${RED};text-decoration:underline;word-break:break-all;`): string {
  if (!isLinkable(url)) return html(text);
  return `<a href="${escapeHtml(url.trim())}" target="_blank" rel="noopener" style="${style}">${html(text)}</a>`;
}

/** Splits a letter into paragraphs: blank lines separate them; without blank lines, every line is one. */
export function splitParagraphs(content: string): string[] {
  const normalized = content.replace(/\r\n?/g, '\n');
  const parts = /\n[^\S\n]*\n/.test(normalized) ? normalized.split(/\n[^\S\n]*\n/) : normalized.split('\n');
  return parts
    .map((p) =>
      p
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line !== '')
        .join('\n'),
    )
    .filter((p) => p !== '');
}

const DATE_LINE = /^\d{4}年\d{1,2}月\d{1,2}日$/;
/** The two heading lines of a reply: '对市政协十届二次会议' / '第196号提案的答复'. */
const LETTER_TITLE = /^(对.{2,40}会议|第.{1,12}号.{0,6}(提案|建议|意见)的答复|关于.{1,80}的答复)$/;
/** The salutation: '陈刚正委员:' */
const SALUTATION = /^.{1,40}[:：]$/;

function letterHtml(content: string): string {
  const paragraphs = splitParagraphs(content);
  const body = paragraphs
    .map((p, i) => {
      const base = 'margin:0 0 12px 0;line-height:1.9;';
      if (i < 2 && LETTER_TITLE.test(p)) return `<p style="${base}text-align:center;font-size:17px;font-weight:bold;">${html(p)}</p>`;
      if (i < 4 && SALUTATION.test(p) && !p.includes('\n')) return `<p style="${base}">${html(p)}</p>`;
      if (i === paragraphs.length - 1 && DATE_LINE.test(p)) return `<p style="${base}text-align:right;">${html(p)}</p>`;
      return `<p style="${base}text-indent:2em;">${html(p)}</p>`;
    })
    .join('\n');
  return (
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;margin:0 0 16px 0;">` +
    `<tr><td style="padding:18px 20px;border:1px solid ${BORDER};background:#fdfcfa;font-size:15px;color:${TEXT};">\n${body}\n</td></tr></table>`
  );
}

function factsHtml(rows: Fact[]): string {
  const cells = rows
    .map(
      (r) =>
        `<tr><th align="left" valign="top" style="width:120px;padding:8px 10px;border:1px solid ${BORDER};background:#f8f1f1;font-weight:bold;white-space:nowrap;color:${TEXT};">${html(r.label)}</th>` +
        `<td valign="top" style="padding:8px 10px;border:1px solid ${BORDER};color:${TEXT};word-break:break-all;">${r.href ? anchor(r.value, r.href) : html(r.value)}</td></tr>`,
    )
    .join('\n');
  return `<table width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;margin:0 0 16px 0;font-size:14px;line-height:1.7;">\n${cells}\n</table>`;
}

function tableHtml(columns: string[], rows: Cell[][]): string {
  const th = columns
    .map((c) => `<th align="left" style="padding:6px 8px;border:1px solid ${BORDER};background:#f8f1f1;white-space:nowrap;">${html(c)}</th>`)
    .join('');
  const trs = rows
    .map(
      (row) =>
        '<tr>' +
        row.map((c) => `<td valign="top" style="padding:6px 8px;border:1px solid ${BORDER};">${c.href ? anchor(c.text, c.href) : html(c.text)}</td>`).join('') +
        '</tr>',
    )
    .join('\n');
  return `<table width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;margin:0 0 16px 0;font-size:13px;line-height:1.6;color:${TEXT};">\n<tr>${th}</tr>\n${trs}\n</table>`;
}

function actionHtml(label: string, url: string): string {
  if (!isLinkable(url)) return `<p style="margin:0 0 16px 0;">${html(label)}：${html(url)}</p>`;
  const href = escapeHtml(url.trim());
  return (
    `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:4px 0 8px 0;"><tr>` +
    `<td bgcolor="${RED}" style="background:${RED};border-radius:4px;">` +
    `<a href="${href}" target="_blank" rel="noopener" style="display:inline-block;padding:10px 22px;font-size:15px;font-weight:bold;color:#ffffff;text-decoration:none;">${html(label)}</a>` +
    `</td></tr></table>\n` +
    `<p style="margin:0 0 16px 0;font-size:12px;color:${MUTED};word-break:break-all;">如无法点击，请将以下链接复制到浏览器中打开：<br>${anchor(url, url)}</p>`
  );
}

function blockHtml(block: Block): string {
  switch (block.type) {
    case 'paragraph':
      return `<p style="margin:0 0 14px 0;text-indent:2em;${block.strong ? 'font-weight:bold;' : ''}">${html(block.text)}</p>`;
    case 'heading':
      return `<h2 style="margin:22px 0 10px 0;padding:0 0 0 8px;border-left:4px solid ${RED};font-size:16px;line-height:1.5;color:${RED};font-family:${FONT};">${html(block.text)}</h2>`;
    case 'facts':
      return factsHtml(block.rows);
    case 'notice': {
      const t = TONES[block.tone];
      return (
        `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;margin:0 0 16px 0;">` +
        `<tr><td bgcolor="${t.background}" style="padding:12px 14px;background:${t.background};border-left:4px solid ${t.border};font-size:14px;line-height:1.8;color:${TEXT};">${html(block.text)}</td></tr></table>`
      );
    }
    case 'action':
      return actionHtml(block.label, block.url);
    case 'letter':
      return letterHtml(block.content);
    case 'table':
      return tableHtml(block.columns, block.rows);
    case 'lines':
      return block.lines
        .map((l, i) => `<p style="margin:0${i === block.lines.length - 1 ? ' 0 14px 0' : ''};${block.align === 'right' ? 'text-align:right;' : ''}">${html(l)}</p>`)
        .join('\n');
  }
}

function blockText(block: Block): string {
  switch (block.type) {
    case 'paragraph':
      return block.text;
    case 'heading':
      return `■ ${block.text}`;
    case 'facts':
      return block.rows.map((r) => `${r.label}：${r.value}${r.href ? `\n  （${r.href}）` : ''}`).join('\n');
    case 'notice':
      return `【${TONES[block.tone].label}】${block.text}`;
    case 'action':
      return `${block.label}：\n${block.url}`;
    case 'letter':
      return splitParagraphs(block.content).join('\n\n');
    case 'table':
      return block.rows
        .map((row, i) =>
          row
            .map((c, j) => {
              const text = c.href ? `${c.text}\n   ${c.href}` : c.text;
              return j === 0 ? `${i + 1}. ${text}` : `   ${block.columns[j] ?? ''}：${text}`;
            })
            .join('\n'),
        )
        .join('\n');
    case 'lines':
      return block.lines.join('\n');
  }
}

/** Subjects are one line: line breaks and control characters become spaces. */
function oneLine(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s{2,}/g, ' ').trim();
}

export function renderDocument(doc: MailDocument): RenderedMail {
  const subject = oneLine(doc.subject);

  const textParts: string[] = [doc.heading];
  if (doc.greeting !== undefined) textParts.push(`${doc.greeting}：`);
  for (const b of doc.blocks) textParts.push(blockText(b));
  if (doc.signature?.length) textParts.push(doc.signature.join('\n'));
  if (doc.footer) textParts.push(`——\n${doc.footer}`);
  const text = `${textParts.join('\n\n')}\n`;

  const body: string[] = [];
  if (doc.greeting !== undefined) body.push(`<p style="margin:0 0 14px 0;font-weight:bold;">${html(doc.greeting)}：</p>`);
  for (const b of doc.blocks) body.push(blockHtml(b));
  if (doc.signature?.length) {
    body.push(`<div style="margin:24px 0 0 0;">${doc.signature.map((l) => `<p style="margin:0;text-align:right;">${html(l)}</p>`).join('')}</div>`);
  }

  const footerRow = doc.footer
    ? `<tr><td style="padding:12px 28px 18px 28px;border-top:1px solid #eeeeee;font-family:${FONT};font-size:12px;line-height:1.6;color:#888888;">${html(doc.footer)}</td></tr>`
    : '';

  const page = `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${html(subject)}</title>
</head>
<body style="margin:0;padding:0;background:#f3f3f3;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" bgcolor="#f3f3f3" style="background:#f3f3f3;">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="680" cellpadding="0" cellspacing="0" border="0" bgcolor="#ffffff" style="width:100%;max-width:680px;background:#ffffff;border:1px solid #dddddd;border-collapse:collapse;">
<tr><td bgcolor="${RED}" style="background:${RED};padding:16px 28px;font-family:${FONT};font-size:20px;font-weight:bold;letter-spacing:2px;color:#ffffff;">${html(doc.heading)}</td></tr>
<tr><td style="padding:24px 28px 8px 28px;font-family:${FONT};font-size:15px;line-height:1.8;color:${TEXT};">
${body.join('\n')}
</td></tr>
${footerRow}
</table>
</td></tr>
</table>
</body>
</html>
`;
  return { subject, text, html: page };
}
