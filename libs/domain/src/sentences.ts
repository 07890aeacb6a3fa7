/**
 * Joining Chinese sentences (句子拼接). Generated text — mails, letters, the timeline, deadline
 * explanations — embeds what people typed (a reason, a comment, a note) and its own clauses; typed
 * text usually ends with its own 。 and a joiner that adds "；" or "。" after it doubled the
 * punctuation ("。。", "。；"). Every such join goes through these: a part's own closing mark is
 * dropped where the join puts one.
 */

/** Marks that close a clause or sentence (Chinese and ASCII). */
const CLOSING = /[\s。．.；;，,、：:！!？?]+$/u;

/** The text as a clause to embed: trimmed, its closing punctuation removed ('不属于本单位职责。' → '不属于本单位职责'). */
export function clause(text: string | null | undefined): string {
  return (text ?? '').trim().replace(CLOSING, '');
}

/** Clauses joined by one separator (default '；'), empty ones left out. */
export function joinClauses(parts: ReadonlyArray<string | null | undefined>, separator = '；'): string {
  return parts.map(clause).filter((p) => p !== '').join(separator);
}

/**
 * One sentence of the clauses, ending with exactly one mark: '。', or the last part's own ？ or ！
 * (a question keeps its question mark). '' when every part is empty.
 */
export function sentence(...parts: ReadonlyArray<string | null | undefined>): string {
  const kept = parts.map((p) => (p ?? '').trim()).filter((p) => clause(p) !== '');
  if (kept.length === 0) return '';
  const last = kept[kept.length - 1];
  const mark = /[？?]$/.test(last) ? '？' : /[！!]$/.test(last) ? '！' : '。';
  return `${joinClauses(kept, '，')}${mark}`;
}
