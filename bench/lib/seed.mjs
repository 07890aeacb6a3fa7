// Bulk data for the benchmarks, written straight in SQL with generate_series (the use cases would
// take hours for a million deadlines). Ids are derived from the row number (md5(tag || n) shaped as a v4 UUID),
// so proposals, assignments and deadlines can refer to each other without a round trip; they look
// as random to the indexes as gen_random_uuid() ones. Deadlines carry a real computed due date,
// rule, explanation and ladder (computed once by the domain code, config/rules.json).

import { join } from 'node:path';
import { ROOT } from './common.mjs';

/** A v4-shaped UUID derived from a tag and a row number (the API validates UUIDs strictly). */
export const uid = (tag, n) => `overlay(overlay(md5('${tag}' || (${n})) placing '4' from 13) placing '8' from 17)::uuid`;

/**
 * A session, `departments` handling units (each with its own address), one committee and one
 * supervision unit, and `proposers` proposers. Returns their ids.
 */
export async function seedDirectory(pool, { departments = 40, proposers = 500, session = '平顶山市政协十届二次会议' } = {}) {
  const { rows: [s] } = await pool.query(
    `INSERT INTO sessions (name, body, term, meeting, year, opened_on) VALUES ($1, 'cppcc', 10, 2, 2024, '2024-01-10') RETURNING id`,
    [session],
  );
  await pool.query(
    `INSERT INTO units (id, code, name, kind, email, head_name, head_email, contact_name, contact_phone)
     SELECT ${uid('u', 'g')}, 'D' || lpad(g::text, 3, '0'), '市第' || g || '局', 'department', 'unit' || g || '@bench.invalid',
            '局长' || g, 'head' || g || '@bench.invalid', '联系人' || g, '0375-' || (2000000 + g)
       FROM generate_series(1, $1::int) g`,
    [departments],
  );
  await pool.query(
    `INSERT INTO units (id, code, name, kind, email, head_name, head_email) VALUES
       (${uid('u', "'committee'")}, 'C001', '市政协提案委员会', 'committee', 'committee@bench.invalid', '主任', 'committee-head@bench.invalid'),
       (${uid('u', "'supervision'")}, 'S001', '市政府督查室', 'supervision', 'supervision@bench.invalid', '主任', 'supervision-head@bench.invalid')`,
  );
  await pool.query(
    `INSERT INTO proposers (id, name, kind, sector, email, phone)
     SELECT ${uid('m', 'g')}, '委员' || g, 'member', '界别' || (g % 30), 'member' || g || '@bench.invalid', '1390000' || lpad(g::text, 4, '0')
       FROM generate_series(1, $1::int) g`,
    [proposers],
  );
  const { rows: units } = await pool.query(`SELECT id FROM units WHERE kind = 'department' ORDER BY code`);
  return { sessionId: s.id, departments, proposers, unitIds: units.map((u) => u.id) };
}

/** The rules and calendar of config/rules.json, and a helper to compute a real stored deadline. */
export async function deadlineTemplates() {
  const { RulesProvider } = await import('#kernel');
  const { storeLadder } = await import('#deadlines');
  const { computeDeadline, ladderFor } = await import('#domain');
  const { rules, calendar } = RulesProvider.fromFile(join(ROOT, 'config', 'rules.json')).forOverride(null);
  return (kind, start) => {
    const computed = computeDeadline({ kind, start, rules, calendar });
    const ladder = ladderFor({ kind, dueOn: computed.dueOn, dueAt: computed.dueAt }, rules, calendar);
    return {
      kind,
      start,
      dueOn: computed.dueOn,
      dueAt: computed.dueAt,
      explanation: computed.explanation,
      rule: computed.rule,
      ladder,
      stored: storeLadder(ladder),
    };
  };
}

/**
 * Proposals [from, from + count) of the session, each with `status`, submitted at `submittedAt`
 * minus n seconds. Titles and contents are short Chinese texts varying with n (the trigram index
 * sees realistic, distinct strings).
 */
export async function seedProposals(pool, dir, { from, count, status, submittedAt, filed = true }) {
  await pool.query(
    `INSERT INTO proposals (id, session_id, number, title, content, status, category, lead_proposer_id, submitted_at, filed_at, round, version)
     SELECT ${uid('p', 'n')}, $1, n,
            '关于' || (ARRAY['优化营商环境','推进数字政府','加强城市管理','完善养老服务','改善交通出行','保护生态环境'])[1 + n % 6] || '的提案第' || n || '号',
            '建议' || md5(n::text) || '，切实解决群众关心的问题。案由：' || repeat('城市治理与民生保障', 1 + n % 5),
            $2, (ARRAY['经济','社会','文化','生态','政法'])[1 + n % 5],
            ${uid('m', `1 + n % $5::int`)},
            $3::timestamptz - (n * interval '1 second'),
            CASE WHEN $6 THEN $3::timestamptz - (n * interval '1 second') + interval '1 day' END, 1, 1
       FROM generate_series($4::int, $4::int + $7::int - 1) n`,
    [dir.sessionId, status, submittedAt, from, dir.proposers, filed, count],
  );
}

/**
 * Assignments [from, from + count), `perProposal` to each proposal (assignment m belongs to proposal
 * 1 + (m - 1) / perProposal and goes to department 1 + m % departments), each with one deadline
 * computed from `template`. `nextActionSql` is SQL (of m) giving each deadline's next_action_at,
 * `nextStage` its next stage; `state` is the assignments' state; `params` are $11, $12... of that SQL.
 */
export async function seedAssignmentsWithDeadlines(pool, dir, template, { from, count, perProposal = 1, state = 'accepted', nextStage, nextActionSql, params = [] }) {
  const proposal = uid('p', `1 + (m - 1) / ${perProposal}`);
  await pool.query(
    `INSERT INTO assignments (id, proposal_id, unit_id, role, state, assigned_at, accepted_at, version)
     SELECT ${uid('a', 'm')}, ${proposal}, ${uid('u', `1 + m % $3::int`)}, CASE WHEN (m - 1) % ${perProposal} = 0 THEN 'lead' ELSE 'separate' END, $4, $5, $5, 1
       FROM generate_series($1::int, $1::int + $2::int - 1) m`,
    [from, count, dir.departments, state, template.start],
  );
  await pool.query(
    `INSERT INTO deadlines (id, proposal_id, assignment_id, kind, round, dedupe_key, status, started_at, due_on, due_at,
                            stage, next_stage, next_action_at, ladder, rule, explanation)
     SELECT ${uid('d', 'm')}, ${proposal}, ${uid('a', 'm')}, $3, 1,
            $3 || ':' || ${uid('a', 'm')} || ':1', 'open', $4, $5, $6,
            'open', $7, ${nextActionSql}, $8::jsonb, $9::jsonb, $10
       FROM generate_series($1::int, $1::int + $2::int - 1) m`,
    [from, count, template.kind, template.start, template.dueOn, template.dueAt, nextStage, JSON.stringify(template.stored), JSON.stringify(template.rule), template.explanation, ...params],
  );
}
