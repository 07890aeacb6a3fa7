/**
 * What a search box's words ask for (检索词): people type a proposal's number the way it is written
 * on paper — 第196号, 196号, No.196, １９６ (full-width), 提案196, 第32号建议, 市政协十届二次会议第196号提案 —
 * and expect that proposal, not a substring search for "第196号" in the text. The register, the API
 * and the public page all read a query through this one parser.
 */
export interface ProposalSearch {
  /** The words as typed, trimmed ('' for none): what the substring search looks for. */
  text: string;
  /** The proposal number (提案号/建议号) the words name, if they name one. */
  number: number | null;
  /** 提案 (a CPPCC session) or 建议 (an NPC session), when the words say which. */
  kind: 'proposal' | 'suggestion' | null;
  /** A session named before the number (市政协十届二次会议第196号), matched against session names. */
  sessionHint: string | null;
}

const KIND = '(提案|建议)';
const NUMBER = '(\\d{1,7})';
/** 'No.196', 'NO 196', '#196', '提案号196', '编号：196' */
const LABELLED = new RegExp(`^(?:no\\.?|#|编号|${KIND}号)\\s*[:：]?\\s*${NUMBER}\\s*号?\\s*${KIND}?$`, 'i');
/** '196', '196号', '第196号', '第 196 号提案', '提案196', '提案第196号', '196号建议' */
const PLAIN = new RegExp(`^${KIND}?\\s*第?\\s*${NUMBER}\\s*号?\\s*${KIND}?$`);
/** '市政协十届二次会议第196号提案': a session's name, then the number (第 is required to tell them apart). */
const WITH_SESSION = new RegExp(`^(.+?)\\s*第\\s*${NUMBER}\\s*号\\s*${KIND}?$`);

const kindOf = (...words: Array<string | undefined>): ProposalSearch['kind'] => {
  const word = words.find((w) => w);
  return word === '建议' ? 'suggestion' : word === '提案' ? 'proposal' : null;
};

/**
 * What was typed, trimmed, for the substring search: Chinese punctuation stays as typed (full-width
 * （）and ，are what titles hold; folding them to ASCII would miss them).
 */
export function normaliseSearchText(raw: string): string {
  return raw.trim();
}

/** For reading a number only: full-width digits, letters, ＃．：and the ideographic space as ASCII (１９６ → 196, Ｎｏ． → No.). */
function asciiFolded(text: string): string {
  return text
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ')
    .replace(/\s+/g, ' ');
}

export function parseProposalSearch(raw: string | null | undefined): ProposalSearch {
  const text = normaliseSearchText(raw ?? '');
  const none: ProposalSearch = { text, number: null, kind: null, sessionHint: null };
  if (text === '') return none;
  const folded = asciiFolded(text);
  let m = LABELLED.exec(folded);
  if (m) return { text, number: Number(m[2]), kind: kindOf(m[1], m[3]), sessionHint: null };
  m = PLAIN.exec(folded);
  if (m) return { text, number: Number(m[2]), kind: kindOf(m[1], m[3]), sessionHint: null };
  m = WITH_SESSION.exec(folded);
  if (m) {
    const hint = m[1].replace(/[的,、]$/, '').trim();
    return { text, number: Number(m[2]), kind: kindOf(m[3]), sessionHint: hint === '' ? null : hint };
  }
  return none;
}
