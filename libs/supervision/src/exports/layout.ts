import { createHash } from 'node:crypto';

/**
 * What every printable document (公文: the reply letter 答复函, the 交办函, the 督办通知书, the 提案
 * form, the 办理情况 report) shares: one stylesheet on A4, the page around a body, the 红头 (发文机关
 * 标志, 发文字号 and the red rule), the signature block, the 版记, and dates in Chinese numerals.
 * Self-contained, no script: a page's CSP allows only its one stylesheet, by hash.
 */

export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * The official layout on A4 (GB/T 9704 proportions): margins 37/26/35/28 mm, the title centred in a
 * Song face, the body in a FangSong face (仿宋) at 16pt with 28pt lines. The 红头 is the issuer's
 * name in red 小标宋, the 文号 below it and a red rule; tables (forms, figures) are ruled in black.
 */
export const DOCUMENT_CSS = `
@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
* { box-sizing: border-box; }
html { background: #f3f3f3; }
body { margin: 0; color: #000; font-family: 'FangSong', 'STFangsong', 'Noto Serif CJK SC', 'Source Han Serif SC', 'SimSun', serif; font-size: 16pt; line-height: 28pt; }
.page { background: #fff; width: 210mm; min-height: 297mm; margin: 12px auto; padding: 37mm 26mm 35mm 28mm; box-shadow: 0 0 6px rgba(0,0,0,.2); }
.head { display: flex; justify-content: space-between; gap: 2em; font-size: 14pt; line-height: 22pt; margin-bottom: 14pt; }
.head div { white-space: nowrap; }
.mark { font-family: 'SimHei', 'Noto Sans CJK SC', sans-serif; }
.masthead { text-align: center; }
.masthead .issuer { color: #d40000; font-family: 'FZXiaoBiaoSong-B05S', 'SimSun', 'Noto Serif CJK SC', serif; font-weight: bold; font-size: 28pt; line-height: 40pt; letter-spacing: .08em; }
.masthead .doc-no { margin-top: 12pt; font-size: 16pt; line-height: 24pt; }
.masthead .rule { border: 0; border-top: 2px solid #d40000; margin: 4pt 0 22pt; }
h1 { font-family: 'FZXiaoBiaoSong-B05S', 'SimSun', 'Noto Serif CJK SC', serif; font-weight: bold; font-size: 22pt; line-height: 32pt; text-align: center; margin: 0 0 22pt; }
h1 span { display: block; }
h2 { font-family: 'SimHei', 'Noto Sans CJK SC', sans-serif; font-weight: normal; font-size: 16pt; line-height: 28pt; margin: 0; text-indent: 2em; }
.greeting { margin: 0; }
.body p { margin: 0; text-indent: 2em; text-align: justify; }
.body p.plain { text-indent: 0; }
.sign { margin-top: 28pt; text-align: right; padding-right: 2em; }
.sign p { margin: 0; }
.contact { margin-top: 28pt; font-size: 14pt; line-height: 24pt; }
.contact p { margin: 0; }
.cc { margin-top: 14pt; border-top: 1px solid #000; border-bottom: 1px solid #000; padding: 4pt 0.5em; font-size: 14pt; line-height: 24pt; }
table { width: 100%; border-collapse: collapse; margin: 6pt 0 14pt; font-size: 12pt; line-height: 18pt; page-break-inside: auto; }
th, td { border: 1px solid #000; padding: 3pt 5pt; vertical-align: top; text-align: left; }
thead th { text-align: center; font-family: 'SimHei', 'Noto Sans CJK SC', sans-serif; font-weight: normal; }
td.n, th.n { text-align: right; white-space: nowrap; }
tr { page-break-inside: avoid; }
table.form { font-size: 14pt; line-height: 24pt; }
table.form th { width: 6em; text-align: center; font-family: 'SimHei', 'Noto Sans CJK SC', sans-serif; font-weight: normal; white-space: nowrap; }
table.form td.content p { margin: 0; text-indent: 2em; text-align: justify; }
.note { font-size: 12pt; line-height: 20pt; margin: 0 0 6pt; }
.empty { text-indent: 2em; }
@media print {
  html { background: none; }
  .page { width: auto; min-height: 0; margin: 0; padding: 0; box-shadow: none; }
}
`;

/** The CSP hash of the documents' one inline stylesheet: the pages are self-contained and run no script. */
export const DOCUMENT_STYLE_HASH = `'sha256-${createHash('sha256').update(DOCUMENT_CSS).digest('base64')}'`;
export const DOCUMENT_CSP = `default-src 'none'; style-src ${DOCUMENT_STYLE_HASH}; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'`;

/** One self-contained HTML page around an `<article class="page">` (its inner HTML already escaped). */
export function renderDocument(title: string, inner: string): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${DOCUMENT_CSS}</style>
</head>
<body>
<article class="page">
${inner}
</article>
</body>
</html>
`;
}

/** 红头: the issuer in red (发文机关标志), the 文号 (发文字号) below, then the red rule. */
export function masthead(issuer: string, docNumber: string | null): string {
  return `  <header class="masthead">
    <div class="issuer">${escapeHtml(issuer)}</div>
    ${docNumber ? `<div class="doc-no">${escapeHtml(docNumber)}</div>` : ''}
    <hr class="rule">
  </header>`;
}

/** The title, one line per part. */
export const titleBlock = (parts: string[]) => `  <h1>${parts.map((t) => `<span>${escapeHtml(t)}</span>`).join('')}</h1>`;

/** Body paragraphs, each indented two characters. */
export const paragraphs = (ps: string[]) => `  <div class="body">\n${ps.map((p) => `    <p>${escapeHtml(p)}</p>`).join('\n')}\n  </div>`;

/** The signing office and the date, bottom right. */
export const signature = (issuer: string, date: string) => `  <div class="sign">\n    <p>${escapeHtml(issuer)}</p>\n    <p>${escapeHtml(date)}</p>\n  </div>`;

/**
 * 附件说明: the files that go with a document, numbered, after the body and before the signature (as
 * GB/T 9704 places them: 附件：1.×××); nothing when there are none.
 */
export function attachmentsBlock(names: readonly string[] | undefined): string {
  if (!names || names.length === 0) return '';
  const lines = names.map((n, i) => `${names.length > 1 ? `${i + 1}.` : ''}${escapeHtml(n)}`);
  return `  <div class="attachments">
    <p>附件：${lines.join('<br>\n      ')}</p>
  </div>`;
}

/** The 抄送 line between two rules (版记); nothing when no one is copied. */
export const ccLine = (cc: string[]) => (cc.length ? `  <div class="cc">抄送：${escapeHtml(cc.join('，'))}。</div>` : '');

/** Contact lines (联系单位, 联系人及电话). */
export function contactBlock(unit: string, name: string | null, phone: string | null): string {
  const person = [name, phone].filter((x) => x).join('\u3000');
  return `  <div class="contact">\n    <p>联系单位：${escapeHtml(unit)}</p>\n${person ? `    <p>联系人及电话：${escapeHtml(person)}</p>\n` : ''}  </div>`;
}

const DIGITS = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1..31 in Chinese numerals: 六, 十, 十二, 二十六, 三十一. */
function smallNumber(n: number): string {
  if (n < 10) return DIGITS[n];
  const tens = Math.floor(n / 10);
  return `${tens === 1 ? '' : DIGITS[tens]}十${n % 10 ? DIGITS[n % 10] : ''}`;
}

/**
 * '2024-06-26' (or an ISO timestamp starting with it) → '二〇二四年六月二十六日', the 成文日期 of
 * a formal document; anything else is returned as given.
 */
export function chineseNumeralDate(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  if (!m) return date;
  const year = [...m[1]].map((d) => DIGITS[Number(d)]).join('');
  return `${year}年${smallNumber(Number(m[2]))}月${smallNumber(Number(m[3]))}日`;
}

/** A rate 0..1 as a document states it: '95.5%', '—' when there is nothing to divide. */
export const percent = (rate: number | null): string => (rate === null ? '—' : `${(Math.round(rate * 1000) / 10).toFixed(1)}%`);
