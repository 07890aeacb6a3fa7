/**
 * The supervision statistics, figure by figure. Each count is ONE SQL query over indexed columns,
 * written here next to its exact definition; a rate is the ratio of two counts. docs/supervision.md
 * lists the same definitions (GET /api/v1/stats/definitions serves them from this file).
 *
 * Every query reads the same `scope`: the live assignments (state <> 'removed': an assignment moved
 * to another unit by an approved adjustment is not counted, its replacement is) of the proposals in
 * the session (`sessionId`) and, optionally, of one theme (`theme`, e.g. 营商环境) or one unit. A
 * scope row carries its group `g`: the unit, a theme (a proposal counts once for each of its
 * themes), the session, or 'all'.
 *
 * Parameters of every query: $1 session id or null, $2 theme or null, $3 now, $4 unit id or null.
 * Indexes used: assignments (unit_id, state) and (proposal_id), proposals (session_id, status) and
 * gin (themes), deadlines (assignment_id), replies (assignment_id, round) and (proposal_id),
 * communications (assignment_id), feedback (proposal_id, round), supervision_notices (assignment_id).
 * Days are counted in Asia/Shanghai calendar days.
 */

import { ANSWER_DEADLINE_KINDS } from '#domain';

export type Dimension = 'unit' | 'theme' | 'session' | 'all';

/**
 * The answer deadlines a unit owes (domain ANSWER_DEADLINE_KINDS) as an SQL list. Written into the
 * queries rather than passed: every figure's query takes the same four parameters, and Postgres
 * refuses a parameter a query does not use. Built from the domain's constant, never typed here.
 */
const ANSWER_KINDS = `(${ANSWER_DEADLINE_KINDS.map((k) => `'${k}'`).join(', ')})`;

const GROUPS: Record<Dimension, { expr: string; join: string }> = {
  unit: { expr: 'a.unit_id::text', join: '' },
  theme: { expr: 't.theme', join: 'CROSS JOIN LATERAL unnest(p.themes) AS t(theme)' },
  session: { expr: 'p.session_id::text', join: '' },
  all: { expr: `'all'`, join: '' },
};

/** The common scope of every figure, grouped by one dimension. */
export function scopeCte(dim: Dimension): string {
  const g = GROUPS[dim];
  return `scope AS (
    SELECT a.id, a.unit_id, a.role, a.assigned_at, a.accepted_at, a.proposal_id, p.published, ${g.expr} AS g
      FROM assignments a
      JOIN proposals p ON p.id = a.proposal_id
      ${g.join}
     WHERE a.state <> 'removed'
       AND ($1::uuid IS NULL OR p.session_id = $1::uuid)
       AND ($2::text IS NULL OR p.themes @> ARRAY[$2::text])
       AND ($4::uuid IS NULL OR a.unit_id = $4::uuid)
       AND $3::timestamptz IS NOT NULL
  )`;
}

/** 'answering': the lead (主办) and separate (分办) units, who reply; co-handlers (协办) give an opinion. */
const ANSWERING = `s.role <> 'co'`;
const HAS_REPLY = `EXISTS (SELECT 1 FROM replies r WHERE r.assignment_id = s.id)`;
/** The first reply of an assignment (its round-1 answer, or the first of a replacement unit). */
const FIRST_REPLY_DAY = `(SELECT (min(r.submitted_at) AT TIME ZONE 'Asia/Shanghai')::date FROM replies r WHERE r.assignment_id = s.id)`;
/** The latest rating of each proposal an answering unit of the group answers (满意度 counts the final word). */
const LATEST_RATING = `(SELECT f.rating FROM feedback f WHERE f.proposal_id = s.proposal_id ORDER BY f.round DESC LIMIT 1)`;
const ANSWERED_PROPOSALS = `(SELECT DISTINCT g, proposal_id, published FROM scope WHERE role <> 'co') s`;

export interface CountFigure {
  key: string;
  label: string;
  definition: string;
  /** SELECT g, <value> AS n … FROM scope s … GROUP BY g */
  select: string;
}

export const COUNTS: CountFigure[] = [
  {
    key: 'proposals',
    label: '提案件数',
    definition: 'Proposals with at least one live assignment in the group (a unit: the proposals it handles in any role).',
    select: `SELECT g, count(DISTINCT s.proposal_id)::int AS n FROM scope s GROUP BY g`,
  },
  {
    key: 'assigned',
    label: '交办件数',
    definition: 'Live assignments (lead, co and separate).',
    select: `SELECT g, count(*)::int AS n FROM scope s GROUP BY g`,
  },
  {
    key: 'accepted',
    label: '签收件数',
    definition: 'Live assignments the unit has accepted (签收: accepted_at is set).',
    select: `SELECT g, count(*)::int AS n FROM scope s WHERE s.accepted_at IS NOT NULL GROUP BY g`,
  },
  {
    key: 'toAnswer',
    label: '应答复件数',
    definition: 'Live answering assignments: lead (主办) and separate (分办); co-handlers give opinions instead.',
    select: `SELECT g, count(*)::int AS n FROM scope s WHERE ${ANSWERING} GROUP BY g`,
  },
  {
    key: 'replied',
    label: '已答复件数',
    definition: 'Answering assignments with at least one reply (a reopened re-handling still counts: the unit replied once).',
    select: `SELECT g, count(*)::int AS n FROM scope s WHERE ${ANSWERING} AND ${HAS_REPLY} GROUP BY g`,
  },
  {
    key: 'due',
    label: '应办复件数',
    definition:
      'Answering assignments whose reply deadline (答复期限, kind reply) has come: it is settled (the unit replied), or it is still open and past due now. ' +
      'An assignment not yet replied and not yet due is not counted.',
    select: `SELECT g, count(*)::int AS n FROM scope s JOIN deadlines d ON d.assignment_id = s.id AND d.kind = 'reply'
              WHERE ${ANSWERING} AND (d.status = 'settled' OR (d.status = 'open' AND d.due_at < $3)) GROUP BY g`,
  },
  {
    key: 'repliedOnTime',
    label: '按时办复件数',
    definition: 'Answering assignments whose reply deadline was settled by its due time (end of the due day, after any approved extension).',
    select: `SELECT g, count(*)::int AS n FROM scope s JOIN deadlines d ON d.assignment_id = s.id AND d.kind = 'reply'
              WHERE ${ANSWERING} AND d.status = 'settled' AND d.settled_late = false GROUP BY g`,
  },
  {
    key: 'repliedLate',
    label: '超期办复件数',
    definition: 'Answering assignments whose reply deadline was settled after its due time.',
    select: `SELECT g, count(*)::int AS n FROM scope s JOIN deadlines d ON d.assignment_id = s.id AND d.kind = 'reply'
              WHERE ${ANSWERING} AND d.status = 'settled' AND d.settled_late = true GROUP BY g`,
  },
  {
    key: 'overdueNow',
    label: '当前逾期件数',
    definition:
      'Live assignments with a deadline of their own still open and past due now: the reply (答复), the re-handling (重新办理) ' +
      'or the co-handler opinion (协办意见). Counted once per assignment.',
    select: `SELECT g, count(*)::int AS n FROM scope s
              WHERE EXISTS (SELECT 1 FROM deadlines d WHERE d.assignment_id = s.id AND d.kind IN ${ANSWER_KINDS}
                              AND d.status = 'open' AND d.due_at < $3)
              GROUP BY g`,
  },
  {
    key: 'communicated',
    label: '办前沟通件数',
    definition: 'Replied answering assignments with a communication with the proposer (any method) that happened on or before the day of their first reply.',
    select: `SELECT g, count(*)::int AS n FROM scope s
              WHERE ${ANSWERING} AND ${HAS_REPLY}
                AND EXISTS (SELECT 1 FROM communications c WHERE c.assignment_id = s.id AND c.happened_on <= ${FIRST_REPLY_DAY})
              GROUP BY g`,
  },
  {
    key: 'met',
    label: '见面沟通件数',
    definition: 'Replied answering assignments with a face-to-face communication (meeting 座谈 or visit 走访) on or before the day of their first reply.',
    select: `SELECT g, count(*)::int AS n FROM scope s
              WHERE ${ANSWERING} AND ${HAS_REPLY}
                AND EXISTS (SELECT 1 FROM communications c WHERE c.assignment_id = s.id AND c.method IN ('meeting', 'visit')
                              AND c.happened_on <= ${FIRST_REPLY_DAY})
              GROUP BY g`,
  },
  {
    key: 'rated',
    label: '已测评件数',
    definition: 'Proposals answered by the group (lead or separate) that the proposer rated; each proposal counts once, with its latest rating (the last round).',
    select: `SELECT g, count(*)::int AS n FROM ${ANSWERED_PROPOSALS} WHERE ${LATEST_RATING} IS NOT NULL GROUP BY g`,
  },
  {
    key: 'satisfied',
    label: '满意件数',
    definition: 'Rated proposals whose latest rating is 满意 (satisfied).',
    select: `SELECT g, count(*)::int AS n FROM ${ANSWERED_PROPOSALS} WHERE ${LATEST_RATING} = 'satisfied' GROUP BY g`,
  },
  {
    key: 'basicallySatisfied',
    label: '基本满意件数',
    definition: 'Rated proposals whose latest rating is 基本满意 (basically satisfied).',
    select: `SELECT g, count(*)::int AS n FROM ${ANSWERED_PROPOSALS} WHERE ${LATEST_RATING} = 'basically_satisfied' GROUP BY g`,
  },
  {
    key: 'unsatisfied',
    label: '不满意件数',
    definition: 'Rated proposals whose latest rating is 不满意 (unsatisfied).',
    select: `SELECT g, count(*)::int AS n FROM ${ANSWERED_PROPOSALS} WHERE ${LATEST_RATING} = 'unsatisfied' GROUP BY g`,
  },
  {
    key: 'rehandled',
    label: '重新办理件数',
    definition: 'Replied answering assignments that an unsatisfied rating sent back for re-handling (they have a re-handling deadline).',
    select: `SELECT g, count(*)::int AS n FROM scope s
              WHERE ${ANSWERING} AND ${HAS_REPLY} AND EXISTS (SELECT 1 FROM deadlines d WHERE d.assignment_id = s.id AND d.kind = 'rehandling')
              GROUP BY g`,
  },
  {
    key: 'publishable',
    label: '应公开件数',
    definition: 'Proposals answered by the group with at least one reply marked public (公开).',
    select: `SELECT g, count(*)::int AS n FROM ${ANSWERED_PROPOSALS}
              WHERE EXISTS (SELECT 1 FROM replies r WHERE r.proposal_id = s.proposal_id AND r.public) GROUP BY g`,
  },
  {
    key: 'published',
    label: '已公开（上网）件数',
    definition: 'Of the publishable proposals, those published (上网).',
    select: `SELECT g, count(*)::int AS n FROM ${ANSWERED_PROPOSALS}
              WHERE s.published AND EXISTS (SELECT 1 FROM replies r WHERE r.proposal_id = s.proposal_id AND r.public) GROUP BY g`,
  },
  {
    key: 'noticesIssued',
    label: '督办通知件数',
    definition: 'Supervision notices (督办通知) to the group\'s assignments, not withdrawn.',
    select: `SELECT g, count(*)::int AS n FROM scope s JOIN supervision_notices sn ON sn.assignment_id = s.id AND sn.status <> 'withdrawn' GROUP BY g`,
  },
  {
    key: 'noticesResponded',
    label: '督办已回复件数',
    definition: 'Supervision notices the unit has responded to.',
    select: `SELECT g, count(*)::int AS n FROM scope s JOIN supervision_notices sn ON sn.assignment_id = s.id AND sn.status = 'responded' GROUP BY g`,
  },
  {
    key: 'noticesRespondedOnTime',
    label: '督办按时回复件数',
    definition: 'Supervision notices responded to by the end of their due day.',
    select: `SELECT g, count(*)::int AS n FROM scope s JOIN supervision_notices sn ON sn.assignment_id = s.id AND sn.status = 'responded' AND NOT sn.responded_late GROUP BY g`,
  },
  {
    key: 'noticesOverdueNow',
    label: '督办逾期未回复件数',
    definition: 'Supervision notices still open whose deadline is past due now.',
    select: `SELECT g, count(*)::int AS n FROM scope s JOIN supervision_notices sn ON sn.assignment_id = s.id AND sn.status = 'open'
              JOIN deadlines d ON d.id = sn.deadline_id AND d.status = 'open' AND d.due_at < $3 GROUP BY g`,
  },
];

export interface RateFigure {
  key: string;
  label: string;
  definition: string;
  numerator: string[];
  denominator: string;
}

/** Rates: numerator / denominator, both counts above; null when the denominator is 0. Rounded to 4 decimals. */
export const RATES: RateFigure[] = [
  { key: 'replyRate', label: '办复率', definition: 'replied / toAnswer.', numerator: ['replied'], denominator: 'toAnswer' },
  { key: 'onTimeRate', label: '按时办复率', definition: 'repliedOnTime / due: of the answers that have come due, the share given on time.', numerator: ['repliedOnTime'], denominator: 'due' },
  { key: 'communicationRate', label: '沟通率', definition: 'communicated / replied.', numerator: ['communicated'], denominator: 'replied' },
  { key: 'meetingRate', label: '见面率', definition: 'met / replied.', numerator: ['met'], denominator: 'replied' },
  { key: 'satisfactionRate', label: '满意率', definition: '(satisfied + basicallySatisfied) / rated.', numerator: ['satisfied', 'basicallySatisfied'], denominator: 'rated' },
  { key: 'satisfiedRate', label: '满意占比', definition: 'satisfied / rated.', numerator: ['satisfied'], denominator: 'rated' },
  { key: 'basicallySatisfiedRate', label: '基本满意占比', definition: 'basicallySatisfied / rated.', numerator: ['basicallySatisfied'], denominator: 'rated' },
  { key: 'rehandlingRate', label: '重新办理率', definition: 'rehandled / replied.', numerator: ['rehandled'], denominator: 'replied' },
  { key: 'publicationRate', label: '上网率', definition: 'published / publishable.', numerator: ['published'], denominator: 'publishable' },
];

/** Mean and worst days from assignment to first reply: one query. */
export const DAYS_TO_REPLY = {
  keys: ['meanDaysToReply', 'maxDaysToReply'],
  label: '平均 / 最长办复天数',
  definition:
    'Over replied answering assignments: the calendar days (Asia/Shanghai) from the day of assignment to the day of the first reply; ' +
    'the mean (rounded to 0.1 day) and the maximum. null when nothing was replied.',
  select: `SELECT g, round(avg(x.days), 1)::float AS mean, max(x.days)::int AS worst FROM (
             SELECT s.g, ${FIRST_REPLY_DAY} - (s.assigned_at AT TIME ZONE 'Asia/Shanghai')::date AS days FROM scope s WHERE ${ANSWERING} AND ${HAS_REPLY}
           ) x GROUP BY g`,
};

/** Results by category (办理结果 A/B/C/D): one query. */
export const RESULTS_BY_CATEGORY = {
  key: 'resultsByCategory',
  label: '办理结果分类',
  definition: 'Replied answering assignments by the result category of their latest reply (the re-handling reply replaces the first one).',
  select: `SELECT s.g, lr.result_category AS category, count(*)::int AS n FROM scope s
             JOIN LATERAL (SELECT r.result_category FROM replies r WHERE r.assignment_id = s.id ORDER BY r.round DESC LIMIT 1) lr ON true
            WHERE ${ANSWERING} GROUP BY s.g, lr.result_category`,
};

/**
 * Weekly trends (Monday to Sunday, Asia/Shanghai): one query per series; each returns (week, g, n).
 * $5 and $6 are the first and last Monday; a week's end is the next Monday 00:00, or now for the current week.
 */
const WEEKS = `weeks AS (
    SELECT wk::date AS wk, least((wk::date + 7)::timestamp AT TIME ZONE 'Asia/Shanghai', $3::timestamptz) AS we
      FROM generate_series($5::date, $6::date, interval '7 days') wk
  )`;
const WEEK_OF = (ts: string) => `date_trunc('week', ${ts} AT TIME ZONE 'Asia/Shanghai')::date`;

export interface TrendSeries {
  key: string;
  label: string;
  definition: string;
  select: string;
}

export const TRENDS: TrendSeries[] = [
  {
    key: 'assigned',
    label: '交办',
    definition: 'Live assignments by the week they were assigned.',
    select: `SELECT ${WEEK_OF('s.assigned_at')}::text AS week, s.g, count(*)::int AS n FROM scope s GROUP BY 1, 2`,
  },
  {
    key: 'replied',
    label: '答复',
    definition: 'Answering assignments by the week of their first reply.',
    select: `SELECT ${WEEK_OF('fr.first_at')}::text AS week, s.g, count(*)::int AS n FROM scope s
               JOIN LATERAL (SELECT min(r.submitted_at) AS first_at FROM replies r WHERE r.assignment_id = s.id) fr ON fr.first_at IS NOT NULL
              WHERE ${ANSWERING} GROUP BY 1, 2`,
  },
  {
    key: 'repliedLate',
    label: '超期答复',
    definition: 'Answering assignments whose reply deadline was settled late, by the week it was settled.',
    select: `SELECT ${WEEK_OF('d.settled_at')}::text AS week, s.g, count(*)::int AS n FROM scope s
               JOIN deadlines d ON d.assignment_id = s.id AND d.kind = 'reply' AND d.status = 'settled' AND d.settled_late
              WHERE ${ANSWERING} GROUP BY 1, 2`,
  },
  {
    key: 'overdue',
    label: '逾期（周末时点）',
    definition:
      'Assignments that, at the end of the week (or now, for the current week), had a reply, re-handling or co-opinion deadline started, ' +
      'past due and not yet settled, expired or cancelled. Uses each deadline\'s current due time (after extensions and recomputations).',
    select: `${WEEKS}
             SELECT w.wk::text AS week, s.g, count(DISTINCT s.id)::int AS n
               FROM weeks w JOIN scope s ON s.assigned_at < w.we
               JOIN deadlines d ON d.assignment_id = s.id AND d.kind IN ${ANSWER_KINDS}
              WHERE d.started_at < w.we AND d.due_at < w.we AND (d.settled_at IS NULL OR d.settled_at >= w.we)
              GROUP BY w.wk, s.g`,
  },
  {
    key: 'rated',
    label: '测评',
    definition: 'Ratings received (every round), by week, for the proposals answered by the group.',
    select: `SELECT ${WEEK_OF('f.received_at')}::text AS week, s.g, count(*)::int AS n FROM ${ANSWERED_PROPOSALS}
               JOIN feedback f ON f.proposal_id = s.proposal_id GROUP BY 1, 2`,
  },
  {
    key: 'satisfied',
    label: '满意及基本满意',
    definition: 'Ratings 满意 or 基本满意 received, by week.',
    select: `SELECT ${WEEK_OF('f.received_at')}::text AS week, s.g, count(*)::int AS n FROM ${ANSWERED_PROPOSALS}
               JOIN feedback f ON f.proposal_id = s.proposal_id AND f.rating IN ('satisfied', 'basically_satisfied') GROUP BY 1, 2`,
  },
];

/** The first and last week of the trends: the week of the first assignment in scope, and this week. */
export const TREND_RANGE = `SELECT ${WEEK_OF('min(s.assigned_at)')}::text AS first, ${WEEK_OF('$3::timestamptz')}::text AS last FROM scope s`;

export const withScope = (dim: Dimension, select: string): string => {
  const trimmed = select.trimStart();
  // A select that starts with its own CTE continues the WITH list.
  return trimmed.startsWith('weeks AS') ? `WITH ${scopeCte(dim)}, ${trimmed}` : `WITH ${scopeCte(dim)} ${trimmed}`;
};
