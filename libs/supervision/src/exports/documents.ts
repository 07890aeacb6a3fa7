import { ASSIGNMENT_ROLE_LABELS, RANK_COLOR_LABELS, labelOf } from '#contracts';
import {
  attachmentsBlock,
  ccLine, chineseNumeralDate, contactBlock, escapeHtml, masthead, paragraphs, percent, renderDocument, signature, titleBlock,
} from './layout.js';
import { STATUS_LABELS } from './tables.js';

/**
 * The formal documents besides the reply letter (exports/letter.ts), each a pure function of its
 * data: the 交办函 to a handling unit, the 督办通知书, the 提案 form and the session's 办理情况
 * report. Layout, stylesheet and CSP are the shared ones of exports/layout.ts.
 */

/** 主办 / 协办 / 分办 (libs/contracts/src/labels.ts). */
export const ROLE_WORDS: Record<string, string> = ASSIGNMENT_ROLE_LABELS;

/** An office of the directory as a document names it: its name and its contact (联系人, 电话). */
export interface Office {
  name: string;
  contactName: string | null;
  contactPhone: string | null;
}

/** 提案 or 建议, by the session's body. */
const kindWord = (npc: boolean) => (npc ? '建议' : '提案');
const numberText = (n: number | null) => (n === null ? '（未编号）' : `第${n}号`);

// ---- 交办函 -----------------------------------------------------------------------------------

export interface AssignmentLetterData {
  issuer: Office;
  /** 附件: the proposal's material (file names), listed under the body. */
  attachments?: string[];
  /** 提交〔2024〕196号 */
  docNumber: string | null;
  sessionName: string;
  npc: boolean;
  proposalNumber: number | null;
  proposalTitle: string;
  /** '陈刚正委员' */
  proposers: string;
  unitName: string;
  role: 'lead' | 'co' | 'separate';
  /** The proposal's other live handling units, by role. */
  leadUnits: string[];
  coUnits: string[];
  /** YYYY-MM-DD (Asia/Shanghai): the day of the assignment. */
  assignedOn: string;
  /** The unit's own deadline: the reply (主办, 分办) or the co-handler's opinion (协办). */
  dueOn: string | null;
  explanation: string | null;
  /** The last day to ask for an adjustment (申请调整), when that window is open to the unit. */
  adjustmentDueOn: string | null;
  /** 依据: the rules of the reply deadline (config/supervision.json documents.basis). */
  basis: string;
  key: boolean;
  leaderName: string | null;
  cc: string[];
}

export function assignmentLetterTitle(d: AssignmentLetterData): string[] {
  return [`关于交办${d.sessionName}`, `${numberText(d.proposalNumber)}${kindWord(d.npc)}的函`];
}

/** 交办函: the committee hands one proposal to one unit, with its role, its deadline and on what rules the deadline rests. */
export function renderAssignmentLetter(d: AssignmentLetterData): string {
  const kind = kindWord(d.npc);
  const role = ROLE_WORDS[d.role] ?? d.role;
  const body = [
    `现将${d.sessionName}${numberText(d.proposalNumber)}${kind}《${d.proposalTitle}》（${d.proposers}提出）交由你单位${role}。`,
  ];
  if (d.role === 'lead') {
    body.push(`本件由你单位主办${d.coUnits.length ? `，${d.coUnits.join('、')}协办。请主动与协办单位沟通协商，综合协办意见后统一答复${kind}者` : `，请直接答复${kind}者`}。`);
  } else if (d.role === 'co') {
    body.push(`本件由${d.leadUnits.join('、') || '主办单位'}主办，你单位协办。请就涉及你单位职责的内容提出协办意见，送主办单位。`);
  } else {
    body.push(`本件由你单位分办，请就涉及你单位职责的内容单独答复${kind}者。`);
  }
  if (d.key) body.push(`本件为重点${kind}${d.leaderName ? `，由${d.leaderName}领衔督办` : ''}，请列为重点办理事项。`);
  if (d.dueOn) {
    body.push(`依据${d.basis}，请于${chineseNumeralDate(d.dueOn)}前${d.role === 'co' ? '将协办意见送主办单位' : `办复${kind}者`}。`);
  }
  body.push(
    `办理过程中请加强与${kind}者的沟通联系${d.adjustmentDueOn ? `；如认为本件不属于你单位职责范围，请于${chineseNumeralDate(d.adjustmentDueOn)}前提出调整申请，逾期不再调整` : ''}。`,
    '特此函告。',
  );
  return renderDocument(assignmentLetterTitle(d).join(''), [
    masthead(d.issuer.name, d.docNumber),
    titleBlock(assignmentLetterTitle(d)),
    `  <p class="greeting">${escapeHtml(d.unitName)}：</p>`,
    paragraphs(body),
    attachmentsBlock(d.attachments),
    signature(d.issuer.name, chineseNumeralDate(d.assignedOn)),
    d.explanation ? `  <p class="note">期限计算：${escapeHtml(d.explanation)}。</p>` : '',
    contactBlock(d.issuer.name, d.issuer.contactName, d.issuer.contactPhone),
    ccLine(d.cc),
  ].filter((x) => x).join('\n'));
}

// ---- 督办通知书 -------------------------------------------------------------------------------

/** One of the unit's own deadlines on the proposal, as it stood when the notice was issued. */
export interface NoticeDeadline {
  /** 答复, 协办意见, 重新办理 */
  label: string;
  dueOn: string;
  /** 'overdue': open and past due at issue; 'open': running; 'settled': met before the notice. */
  state: 'overdue' | 'open' | 'settled';
  /** Days past due (overdue) or left (open) at issue. */
  days: number;
  settledOn: string | null;
  late: boolean | null;
}

export interface NoticeLetterData {
  issuer: Office;
  /** 附件: the files the office sent with the notice (not the unit's, which go with its answer). */
  attachments?: string[];
  /** 督〔2024〕3号 */
  docNumber: string;
  sessionName: string;
  npc: boolean;
  proposalNumber: number | null;
  proposalTitle: string;
  unitName: string;
  role: 'lead' | 'co' | 'separate' | null;
  key: boolean;
  leaderName: string | null;
  deadlines: NoticeDeadline[];
  /** 督办事项 as the office wrote it. */
  content: string;
  /** The notice's own response deadline. */
  dueOn: string | null;
  explanation: string | null;
  issuedOn: string;
  status: 'open' | 'responded' | 'withdrawn';
  cc: string[];
}

function deadlineSentence(d: NoticeDeadline): string {
  const due = chineseNumeralDate(d.dueOn);
  if (d.state === 'overdue') return `${d.label}期限为${due}，已逾期${d.days}日，尚未完成`;
  if (d.state === 'open') return `${d.label}期限为${due}，距期限${d.days > 0 ? `尚有${d.days}日` : '仅剩当日'}，尚未完成`;
  return `${d.label}期限为${due}，已于${d.settledOn ? chineseNumeralDate(d.settledOn) : '期限内'}完成${d.late ? '（逾期完成）' : ''}`;
}

/** 督办通知书: the supervision office to one unit: which proposal, what is overdue or at risk, what it must do by when. */
export function renderNoticeLetter(d: NoticeLetterData): string {
  const kind = kindWord(d.npc);
  const role = d.role ? `由你单位${ROLE_WORDS[d.role]}` : '由你单位办理';
  const body = [`${d.sessionName}${numberText(d.proposalNumber)}${kind}《${d.proposalTitle}》${role}${d.key ? `，系重点${kind}${d.leaderName ? `，由${d.leaderName}领衔督办` : ''}` : ''}。`];
  if (d.deadlines.length) body.push(`经查，截至本通知发出之日，该件${d.deadlines.map(deadlineSentence).join('；')}。`);
  body.push('现就有关事项督办如下：');
  const items = d.content.split(/\r?\n/).map((p) => p.trim()).filter((p) => p !== '');
  body.push(...items);
  if (d.dueOn) body.push(`请你单位高度重视，抓紧办理，并于${chineseNumeralDate(d.dueOn)}前将办理情况书面回复${d.issuer.name}。逾期未回复的，将予以通报并升级督办。`);
  body.push('特此通知。');
  return renderDocument(`督办通知书（${d.docNumber}）`, [
    masthead(d.issuer.name, d.docNumber),
    d.status === 'withdrawn' ? '  <div class="head"><div class="mark">本通知已撤回</div><div></div></div>' : '',
    titleBlock(['督办通知书']),
    `  <p class="greeting">${escapeHtml(d.unitName)}：</p>`,
    paragraphs(body),
    attachmentsBlock(d.attachments),
    signature(d.issuer.name, chineseNumeralDate(d.issuedOn)),
    d.explanation ? `  <p class="note">回复期限计算：${escapeHtml(d.explanation)}。</p>` : '',
    contactBlock(d.issuer.name, d.issuer.contactName, d.issuer.contactPhone),
    ccLine(d.cc),
  ].filter((x) => x).join('\n'));
}

// ---- 提案 form -------------------------------------------------------------------------------

export interface ProposerLine {
  name: string;
  sector: string | null;
}

export interface ProposalFormData {
  sessionName: string;
  npc: boolean;
  number: number | null;
  title: string;
  category: string | null;
  themes: string[];
  status: string;
  key: boolean;
  leaderName: string | null;
  proposer: ProposerLine | null;
  coProposers: ProposerLine[];
  submittedOn: string | null;
  filedOn: string | null;
  content: string;
  units: Array<{ name: string; role: string }>;
}

const proposerText = (p: ProposerLine) => `${p.name}${p.sector ? `（${p.sector}）` : ''}`;

/** The proposal as its printed form (提案表): number, 案由, 提案人, 附议人, 类别, state, 办理单位, the text. */
export function renderProposalForm(d: ProposalFormData): string {
  const kind = kindWord(d.npc);
  const row = (label: string, value: string) => `    <tr><th>${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`;
  const units = ['lead', 'separate', 'co']
    .map((role) => [role, d.units.filter((u) => u.role === role).map((u) => u.name)] as const)
    .filter(([, names]) => names.length)
    .map(([role, names]) => `${ROLE_WORDS[role]}：${names.join('、')}`);
  const content = d.content.split(/\r?\n/).map((p) => p.trim()).filter((p) => p !== '');
  const rows = [
    row('案由', d.title),
    row(`${kind}人`, d.proposer ? proposerText(d.proposer) : '—'),
    row('附议人', d.coProposers.length ? d.coProposers.map(proposerText).join('、') : '无'),
    row('类别', [d.category, ...d.themes].filter((x) => x).join('；') || '—'),
    row('提交日期', d.submittedOn ? chineseNumeralDate(d.submittedOn) : '—'),
    row('办理状态', `${labelOf(STATUS_LABELS, d.status)}${d.filedOn ? `（${chineseNumeralDate(d.filedOn)}立案）` : ''}`),
    row('办理单位', units.join('；') || '尚未交办'),
    ...(d.key ? [row('重点督办', d.leaderName ? `重点${kind}，${d.leaderName}领衔督办` : `重点${kind}`)] : []),
    `    <tr><th>内容</th><td class="content">${content.map((p) => `<p>${escapeHtml(p)}</p>`).join('')}</td></tr>`,
  ];
  return renderDocument(`${d.sessionName}${numberText(d.number)}${kind}`, [
    masthead(`${d.sessionName}${kind}`, numberText(d.number)),
    `  <table class="form">\n${rows.join('\n')}\n  </table>`,
  ].join('\n'));
}

// ---- 办理情况 report ---------------------------------------------------------------------------

/** The figures of the report: every one from the supervision statistics (stats/figures.ts), none recomputed here. */
export interface ReportData {
  issuer: Office;
  sessionName: string;
  npc: boolean;
  /** YYYY-MM-DD: the figures are as of this day. */
  asOf: string;
  /** Proposals of the session (the register's rows). */
  proposals: number;
  byStatus: Array<{ status: string; count: number }>;
  total: {
    proposals: number; assigned: number; toAnswer: number; replied: number; due: number; repliedOnTime: number; overdueNow: number;
    rated: number; satisfied: number; basicallySatisfied: number; unsatisfied: number; noticesIssued: number; noticesResponded: number;
    onTimeRate: number | null; satisfactionRate: number | null; communicationRate: number | null; publicationRate: number | null;
    resultsByCategory: Record<string, number>;
  };
  categories: Array<{ code: string; label: string }>;
  units: Array<{
    rank: number; unitName: string; color: string; assigned: number; replied: number; onTimeRate: number | null; overdueNow: number;
    satisfactionRate: number | null;
  }>;
  keyProposals: Array<{ number: number | null; title: string; leaderName: string | null; leadUnit: string | null; status: string; overdue: boolean }>;
}


export const reportTitle = (d: Pick<ReportData, 'sessionName' | 'npc'>) => [`关于${d.sessionName}`, `${kindWord(d.npc)}办理情况的报告`];

function table(head: string[], rows: string[][], numeric: boolean[]): string {
  if (!rows.length) return '  <p class="empty">暂无数据。</p>';
  const cell = (v: string, i: number, tag: 'td' | 'th') => `<${tag}${numeric[i] ? ' class="n"' : ''}>${escapeHtml(v)}</${tag}>`;
  return `  <table>
    <thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead>
    <tbody>
${rows.map((r) => `      <tr>${r.map((v, i) => cell(v, i, 'td')).join('')}</tr>`).join('\n')}
    </tbody>
  </table>`;
}

/** The session's 办理情况 report: the overall figures in words, then the states, the results, the units and the key proposals in tables. */
export function renderReport(d: ReportData): string {
  const kind = kindWord(d.npc);
  const t = d.total;
  // In a sentence a rate with nothing to divide reads 暂无数据 (a table cell shows '—').
  const rate = (r: number | null) => (r === null ? '暂无数据' : percent(r));
  const overall = [
    `截至${chineseNumeralDate(d.asOf)}，${d.sessionName}共收到${kind}${d.proposals}件，已交办${t.proposals}件，交办承办单位${t.assigned}件次，其中应答复${t.toAnswer}件次。`,
    `已答复${t.replied}件次；答复期限已到的${t.due}件次中，按时办复${t.repliedOnTime}件次，按时办复率${rate(t.onTimeRate)}；当前逾期${t.overdueNow}件次。办前沟通率${rate(t.communicationRate)}，上网公开率${rate(t.publicationRate)}。`,
    `${kind}者已测评${t.rated}件，其中满意${t.satisfied}件、基本满意${t.basicallySatisfied}件、不满意${t.unsatisfied}件，满意率${rate(t.satisfactionRate)}。`,
    `督查室发出督办通知${t.noticesIssued}件，已回复${t.noticesResponded}件。`,
  ];
  const sections = [
    '  <h2>一、总体情况</h2>',
    paragraphs(overall),
    '  <h2>二、办理状态</h2>',
    table(['办理状态', '件数'], d.byStatus.map((s) => [labelOf(STATUS_LABELS, s.status), String(s.count)]), [false, true]),
    '  <h2>三、办理结果</h2>',
    table(['类别', '含义', '件次'], d.categories.map((c) => [`${c.code}类`, c.label, String(t.resultsByCategory[c.code] ?? 0)]), [false, false, true]),
    '  <h2>四、承办单位办理情况</h2>',
    table(
      ['排名', '承办单位', '交办', '已答复', '按时办复率', '当前逾期', '满意率', '评定'],
      d.units.map((u) => [String(u.rank), u.unitName, String(u.assigned), String(u.replied), percent(u.onTimeRate), String(u.overdueNow), percent(u.satisfactionRate), labelOf(RANK_COLOR_LABELS, u.color)]),
      [true, false, true, true, true, true, true, false],
    ),
    `  <h2>五、重点${kind}办理情况</h2>`,
    table(
      [`${kind}号`, '案由', '领衔督办', '主办单位', '办理状态'],
      d.keyProposals.map((k) => [k.number === null ? '—' : String(k.number), k.title, k.leaderName ?? '—', k.leadUnit ?? '—', `${labelOf(STATUS_LABELS, k.status)}${k.overdue ? '（有逾期事项）' : ''}`]),
      [true, false, false, false, false],
    ),
    `  <p class="note">统计口径：交办、答复、逾期按承办单位件次计，测评按${kind}件计（以最近一轮测评为准）；按时办复率＝按时办复件次÷答复期限已到件次；满意率＝（满意＋基本满意）÷已测评件数。</p>`,
  ];
  return renderDocument(reportTitle(d).join(''), [
    masthead(d.issuer.name, null),
    titleBlock(reportTitle(d)),
    ...sections,
    signature(d.issuer.name, chineseNumeralDate(d.asOf)),
  ].join('\n'));
}
