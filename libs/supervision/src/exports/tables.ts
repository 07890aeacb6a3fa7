import ExcelJS from 'exceljs';
import { labelOf, PROPOSAL_STATUS_LABELS as STATUS_LABELS, RANK_COLOR_LABELS, RATING_LABELS } from '#contracts';
import type { DataSource } from 'typeorm';
import { ANSWER_DEADLINE_KINDS, toShanghaiDate, toShanghaiIso, type Clock } from '#domain';
import type { RankedUnit, SupervisionStats, StatsFilter } from '../stats/supervision-stats.js';
import type { RankThresholds, SupervisionConfig } from '../config.js';

/** Labels of the exports: the UI's words (libs/contracts/src/labels.ts). */
export { RATING_LABELS, STATUS_LABELS };

export type ExportFormat = 'xlsx' | 'csv';

/** '2026年11月27日 09:30（北京时间）': when an export was made, as its 说明 sheet says it. */
export function beijingTime(instant: Date): string {
  const iso = toShanghaiIso(instant);
  return `${Number(iso.slice(0, 4))}年${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日 ${iso.slice(11, 16)}（北京时间）`;
}

const pct = (rate: number) => `${Math.round(rate * 1000) / 10}%`;
const conditions = (t: RankThresholds) => `按时办复率低于${pct(t.onTimeRateBelow)}、当前逾期${t.overdueNowAtLeast}件及以上或满意率低于${pct(t.satisfactionRateBelow)}`;

/** The red/yellow rules (红黄牌) of config/supervision.json, in words. */
export function rankingRulesText(ranking: SupervisionConfig['ranking']): string {
  return `红黄牌：${conditions(ranking.red)}的，亮红牌；未亮红牌而${conditions(ranking.yellow)}的，亮黄牌；其余为绿牌。`;
}

/** A column of an exported table: header, width, and how a cell is written. */
export interface Column<T> {
  header: string;
  width: number;
  value: (row: T) => string | number | null;
  /** A rate 0..1, shown as a percentage in the workbook. */
  percent?: boolean;
}

export interface ExportedFile {
  filename: string;
  contentType: string;
  body: Buffer;
  rows: number;
}

/**
 * A text cell that a spreadsheet would read as a formula (`=HYPERLINK(…)`, `+cmd|…`, `-1+1`, `@SUM`,
 * or one hidden behind a leading tab or CR) is prefixed with an apostrophe: Excel and WPS then show
 * it as text (OWASP's advice for CSV injection). Numbers Duban computed stay numbers. XLSX cells are
 * typed as strings already and need no such care.
 */
export function csvSafeCell(value: string | number | null): string | number | null {
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** A rate 0..1 as a CSV shows it: "50.0%", not 0.5 (a CSV has no number formats). */
const csvPercent = (value: string | number | null): string | number | null => (typeof value === 'number' ? `${(value * 100).toFixed(1)}%` : value);

/** One sheet of rows, as XLSX (header frozen, filters on) or as CSV in UTF-8 with a BOM (so that Excel reads the Chinese). */
export async function writeTable<T>(name: string, title: string, columns: Column<T>[], rows: T[], format: ExportFormat, notes: string[]): Promise<ExportedFile> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '督办系统';
  workbook.title = title;
  const sheet = workbook.addWorksheet(title.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c, i) => ({ header: c.header, key: `c${i}`, width: c.width }));
  // The one place a CSV cell is written: every text cell of every CSV export passes csvSafeCell.
  const cell = format === 'csv' ? (c: Column<T>, row: T) => csvSafeCell(c.percent ? csvPercent(c.value(row)) : c.value(row)) : (c: Column<T>, row: T) => c.value(row);
  for (const row of rows) sheet.addRow(columns.map((c) => cell(c, row)));
  columns.forEach((c, i) => {
    if (c.percent) sheet.getColumn(i + 1).numFmt = '0.0%';
  });
  sheet.getRow(1).font = { bold: true };
  if (format === 'csv') {
    const csv = Buffer.from(await workbook.csv.writeBuffer());
    return { filename: `${name}.csv`, contentType: 'text/csv; charset=utf-8', body: Buffer.concat([Buffer.from('\ufeff', 'utf8'), csv]), rows: rows.length };
  }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  const about = workbook.addWorksheet('说明');
  about.columns = [{ header: '说明', key: 'note', width: 100 }];
  for (const note of notes) about.addRow([note]);
  const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
  return { filename: `${name}.xlsx`, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', body: xlsx, rows: rows.length };
}

/** One line of the register (提案汇总表). */
export interface RegisterRow {
  number: number | null;
  title: string;
  proposers: string | null;
  category: string | null;
  themes: string[];
  status: string;
  key: boolean;
  leaderName: string | null;
  leadUnits: string | null;
  coUnits: string | null;
  separateUnits: string | null;
  assignedOn: string | null;
  replyDueOn: string | null;
  repliedOn: string | null;
  onTime: boolean | null;
  overdueNow: boolean;
  results: string | null;
  rating: string | null;
  published: boolean;
  publishedOn: string | null;
  publicationIndex: string | null;
  /** 附件: the file names of the proposal's material and its replies' and communications' files (答复函 marked). */
  attachments?: string | null;
}

const yesNo = (b: boolean | null) => (b === null ? '' : b ? '是' : '否');

export const REGISTER_COLUMNS: Column<RegisterRow & { seq: number }>[] = [
  { header: '序号', width: 6, value: (r) => r.seq },
  { header: '提案号', width: 8, value: (r) => r.number },
  { header: '案由（标题）', width: 40, value: (r) => r.title },
  { header: '提案者', width: 18, value: (r) => r.proposers },
  { header: '类别', width: 12, value: (r) => r.category },
  { header: '主题', width: 16, value: (r) => r.themes.join('、') },
  { header: '状态', width: 10, value: (r) => labelOf(STATUS_LABELS, r.status) },
  { header: '重点提案', width: 8, value: (r) => (r.key ? '是' : '') },
  { header: '领衔督办领导', width: 14, value: (r) => r.leaderName },
  { header: '主办单位', width: 24, value: (r) => r.leadUnits },
  { header: '协办单位', width: 24, value: (r) => r.coUnits },
  { header: '分办单位', width: 24, value: (r) => r.separateUnits },
  { header: '交办日期', width: 12, value: (r) => r.assignedOn },
  { header: '答复期限', width: 12, value: (r) => r.replyDueOn },
  { header: '答复日期', width: 12, value: (r) => r.repliedOn },
  { header: '按期答复', width: 8, value: (r) => yesNo(r.onTime) },
  { header: '当前逾期', width: 8, value: (r) => (r.overdueNow ? '是' : '') },
  { header: '办理结果', width: 10, value: (r) => r.results },
  { header: '满意度', width: 10, value: (r) => labelOf(RATING_LABELS, r.rating) },
  { header: '是否公开', width: 8, value: (r) => (r.published ? '已公开' : '') },
  { header: '公开日期', width: 12, value: (r) => r.publishedOn },
  { header: '索引号', width: 24, value: (r) => r.publicationIndex },
  { header: '附件', width: 40, value: (r) => r.attachments ?? null },
];

const UNIT_COLUMNS: Column<RankedUnit | (RankedUnit & { rank: null; color: null })>[] = [
  { header: '排名', width: 6, value: (u) => u.rank },
  { header: '红黄牌', width: 8, value: (u) => labelOf(RANK_COLOR_LABELS, u.color) },
  { header: '承办单位', width: 28, value: (u) => u.unitName },
  { header: '交办件数', width: 8, value: (u) => u.assigned },
  { header: '签收件数', width: 8, value: (u) => u.accepted },
  { header: '应答复件数', width: 10, value: (u) => u.toAnswer },
  { header: '已答复件数', width: 10, value: (u) => u.replied },
  { header: '应办复件数', width: 10, value: (u) => u.due },
  { header: '按时办复件数', width: 12, value: (u) => u.repliedOnTime },
  { header: '按时办复率', width: 10, value: (u) => u.onTimeRate, percent: true },
  { header: '当前逾期件数', width: 12, value: (u) => u.overdueNow },
  { header: '平均办复天数', width: 12, value: (u) => u.meanDaysToReply },
  { header: '最长办复天数', width: 12, value: (u) => u.maxDaysToReply },
  { header: '沟通率', width: 8, value: (u) => u.communicationRate, percent: true },
  { header: '见面率', width: 8, value: (u) => u.meetingRate, percent: true },
  { header: '已测评件数', width: 10, value: (u) => u.rated },
  { header: '满意', width: 6, value: (u) => u.satisfied },
  { header: '基本满意', width: 8, value: (u) => u.basicallySatisfied },
  { header: '不满意', width: 8, value: (u) => u.unsatisfied },
  { header: '满意率', width: 8, value: (u) => u.satisfactionRate, percent: true },
  { header: 'A类', width: 6, value: (u) => u.resultsByCategory.A ?? 0 },
  { header: 'B类', width: 6, value: (u) => u.resultsByCategory.B ?? 0 },
  { header: 'C类', width: 6, value: (u) => u.resultsByCategory.C ?? 0 },
  { header: 'D类', width: 6, value: (u) => u.resultsByCategory.D ?? 0 },
  { header: '重新办理率', width: 10, value: (u) => u.rehandlingRate, percent: true },
  { header: '上网率', width: 8, value: (u) => u.publicationRate, percent: true },
  { header: '督办通知件数', width: 12, value: (u) => u.noticesIssued },
  { header: '督办逾期未回复', width: 14, value: (u) => u.noticesOverdueNow },
  { header: '红黄牌原因', width: 40, value: (u) => (u.reasons ?? []).join('；') },
];

/** The register (提案汇总表) and the unit statistics (承办单位办理情况统计表), as XLSX or CSV. */
export class SupervisionExports {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly stats: SupervisionStats,
    private readonly config: SupervisionConfig,
  ) {}

  /** Every proposal of the session (or all), one row each, in number order — or those of `ids`, in their order: one SQL query. */
  async registerRows(sessionId?: string | null, ids?: string[]): Promise<RegisterRow[]> {
    const units = (role: string) =>
      `(SELECT string_agg(u.name, '、' ORDER BY u.code) FROM assignments a JOIN units u ON u.id = a.unit_id
         WHERE a.proposal_id = p.id AND a.role = '${role}' AND a.state <> 'removed')`;
    return this.ds.query(
      `SELECT p.number, p.title, p.category, p.themes, p.status, p.key, p.leader_name AS "leaderName", p.published,
              p.publication_index AS "publicationIndex",
              (SELECT string_agg(CASE WHEN at.purpose = 'letter' THEN '答复函：' ELSE '' END || at.filename, '；' ORDER BY at.uploaded_at, at.filename)
                 FROM attachments at WHERE at.proposal_id = p.id AND at.owner_type <> 'supervision_notice') AS "attachments",
              to_char(p.published_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS "publishedOn",
              (SELECT string_agg(pr.name, '、' ORDER BY x.pos) FROM (
                  SELECT p.lead_proposer_id AS id, 0 AS pos
                  UNION ALL SELECT cp.proposer_id, cp.position FROM proposal_co_proposers cp WHERE cp.proposal_id = p.id) x
                JOIN proposers pr ON pr.id = x.id) AS proposers,
              ${units('lead')} AS "leadUnits", ${units('co')} AS "coUnits", ${units('separate')} AS "separateUnits",
              (SELECT to_char(min(a.assigned_at) AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') FROM assignments a
                WHERE a.proposal_id = p.id AND a.state <> 'removed') AS "assignedOn",
              (SELECT to_char(max(d.due_on), 'YYYY-MM-DD') FROM deadlines d JOIN assignments a ON a.id = d.assignment_id
                WHERE d.proposal_id = p.id AND d.kind = 'reply' AND a.state <> 'removed' AND a.role <> 'co') AS "replyDueOn",
              (SELECT to_char(max(r.submitted_at) AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') FROM replies r WHERE r.proposal_id = p.id) AS "repliedOn",
              (SELECT bool_and(NOT d.settled_late) FROM deadlines d JOIN assignments a ON a.id = d.assignment_id
                WHERE d.proposal_id = p.id AND d.kind = 'reply' AND d.status = 'settled' AND a.state <> 'removed') AS "onTime",
              EXISTS (SELECT 1 FROM deadlines d WHERE d.proposal_id = p.id AND d.status = 'open' AND d.due_at < $2
                        AND d.kind = ANY($4::text[])) AS "overdueNow",
              (SELECT string_agg(lr.result_category, '、' ORDER BY lr.result_category) FROM assignments a
                 JOIN LATERAL (SELECT r.result_category FROM replies r WHERE r.assignment_id = a.id ORDER BY r.round DESC LIMIT 1) lr ON true
                WHERE a.proposal_id = p.id AND a.state <> 'removed') AS results,
              (SELECT f.rating FROM feedback f WHERE f.proposal_id = p.id ORDER BY f.round DESC LIMIT 1) AS rating
         FROM proposals p
        WHERE ($1::uuid IS NULL OR p.session_id = $1::uuid) AND ($3::uuid[] IS NULL OR p.id = ANY($3::uuid[]))
        ORDER BY array_position($3::uuid[], p.id), p.number NULLS LAST, p.submitted_at, p.id`,
      [sessionId ?? null, this.clock.now(), ids ?? null, ANSWER_DEADLINE_KINDS],
    );
  }

  async register(sessionId: string | null | undefined, format: ExportFormat): Promise<ExportedFile> {
    const rows = (await this.registerRows(sessionId)).map((r, i) => ({ ...r, seq: i + 1 }));
    const session = await this.sessionName(sessionId);
    return writeTable(`提案汇总表-${session ?? '全部'}-${toShanghaiDate(this.clock.now())}`, '提案汇总表', REGISTER_COLUMNS, rows, format, [
      `范围：${session ?? '全部届次'}；导出时间：${beijingTime(this.clock.now())}；共 ${rows.length} 件。`,
      '答复期限：主办（分办）单位的答复期限（含批准的延期）；按期答复：已答复的单位均在期限内答复；当前逾期：有答复、重新办理或协办意见期限已过而未完成。',
      '办理结果：各答复单位最近一次答复的结果类别；满意度：最近一轮测评结果。',
    ]);
  }

  async unitStats(filter: StatsFilter, format: ExportFormat): Promise<ExportedFile> {
    const ranked = await this.stats.ranking(this.config.ranking, filter);
    const others = (await this.stats.units(filter)).filter((u) => u.assigned === 0).map((u) => ({ ...u, rank: null, color: null, reasons: [] }));
    const rows = [...ranked, ...others] as Array<RankedUnit | (RankedUnit & { rank: null; color: null })>;
    const session = await this.sessionName(filter.sessionId);
    const theme = filter.theme ? `-${filter.theme}` : '';
    return writeTable(`承办单位办理情况统计表-${session ?? '全部'}${theme}-${toShanghaiDate(this.clock.now())}`, '承办单位办理情况统计表', UNIT_COLUMNS, rows, format, [
      `范围：${session ?? '全部届次'}${filter.theme ? `，主题“${filter.theme}”` : ''}；统计时间：${beijingTime(this.clock.now())}。`,
      '统计对象为各单位现有的交办（经批准调整出的不计，由接办单位计入）；日期按北京时间的自然日计算；比率以百分比显示。',
      rankingRulesText(this.config.ranking),
    ]);
  }

  private async sessionName(sessionId?: string | null): Promise<string | null> {
    if (!sessionId) return null;
    const rows: Array<{ name: string }> = await this.ds.query(`SELECT name FROM sessions WHERE id = $1`, [sessionId]);
    return rows[0]?.name ?? null;
  }
}
