import { Injectable, type Type } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import { JobHandler, JobName, jobsOfQueue, QueueName } from '#queue';
import { INTAKE_HANDLERS } from '#intake';
import { ASSIGNMENT_HANDLERS } from '#handling';
import { DEADLINE_HANDLERS } from '#deadlines';
import { ADMIN, eventually, startApi, type TestApi } from './support/api.js';
import {
  at, buildFixture, DATES, expectedFigures, openAt, PROPOSAL_COUNT, replyDay, UNIT_COUNT, unitCode, unitDeadlines, unitName,
  type ExpectedFigures, type Phase, type ProposalSpec,
} from './fixtures/supervision/session-200.js';
import { binary, inBatches, ok } from './fixtures/supervision/helpers.js';

/**
 * Supervision statistics over a session of 200 proposals and 15 units with known outcomes
 * (test/fixtures/supervision/session-200.ts), played through the API in simulated time. Every figure
 * must equal the one counted by hand from the fixture; the history replayed from the events must match
 * the fixture at three dates; the exports hold every row.
 */
const PASSWORD = 'password-for-tests';
const BATCH = 16;

/** The intake worker's classification (it tags the themes), without its other, heavier jobs (similarity, imports). */
function classificationOnly(): Type[] {
  const classify = (INTAKE_HANDLERS as Type[]).filter((h) => Reflect.getMetadata(JobHandler.KEY, h) === JobName.ClassifyProposal);
  const others = jobsOfQueue(QueueName.Intake).filter((job) => job !== JobName.ClassifyProposal).map((job) => {
    @Injectable()
    @JobHandler(job)
    class Skipped {
      async handle(): Promise<void> {}
    }
    return Skipped;
  });
  return [...classify, ...others];
}

describe('supervision statistics: a session of 200 proposals over 15 units', () => {
  let api: TestApi;
  let token: Record<string, string>;
  let sessionId: string;
  const units: string[] = []; // unit index → id
  const unitIndex = new Map<string, number>();
  const fixture = buildFixture();
  const proposalIds: string[] = [];
  /** proposal index → (unit index → assignment id) */
  const assignmentIds: Array<Map<number, string>> = [];
  const themes = new Map<number, string[]>();

  const as = (who: string) => api.as(token[who]);
  let mark = Date.now();
  /**
   * Moves the clock, then waits until the sweep has fired every stage now due, so that the requests
   * that follow do not race it (see "Known problems" in docs/supervision.md: a use case locking a
   * proposal and the sweep firing a stage of its deadline can deadlock).
   */
  const clock = async (date: string) => {
    if (process.env.SUPERVISION_TIMING) process.stdout.write(`${date} after ${Date.now() - mark} ms\n`);
    mark = Date.now();
    api.clock.set(at(date));
    const ds = api.app.get(DataSource);
    await eventually(async () => {
      await ok(api.as(token.admin).post('/api/v1/admin/deadlines/sweep'), 'sweep');
      const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM deadlines WHERE status = 'open' AND next_action_at <= $1`, [api.clock.now()]);
      expect(n).toBe(0);
    }, 30_000, 50);
  };
  /** Every proposal of the session, from the register's pages. */
  const register = async (): Promise<Array<{ id: string; number: number; status: string; themes: string[] }>> => {
    const pages = await inBatches([1, 2], 2, (page) => ok(as('supervisor').get(`/api/v1/proposals?sessionId=${sessionId}&pageSize=100&page=${page}`), 'register'));
    return pages.flatMap((p) => p.items);
  };
  const answering = (p: ProposalSpec) => p.assignments.filter((a) => a.role !== 'co');
  const reply = (p: ProposalSpec, unit: number, category: string) =>
    ok(
      as(unitCode(unit)).post(`/api/v1/assignments/${assignmentIds[p.i].get(unit)}/reply`, {
        content: `关于第${p.number}号提案的答复正文。`, resultCategory: category, signedBy: `${unitName(unit)}负责人`,
        contactName: '王', contactPhone: '2580162', public: p.public,
      }),
      `reply ${p.number} by ${unitCode(unit)}`,
    );
  const rate = (p: ProposalSpec, rating: string) => ok(as('committee').post(`/api/v1/proposals/${proposalIds[p.i]}/feedback`, { rating }), `feedback ${p.number}`);
  const status = async (p: ProposalSpec) => (await ok(as('supervisor').get(`/api/v1/proposals/${proposalIds[p.i]}`), 'get')).status as string;

  /** Replies of the answering units whose outcome falls on this day. */
  async function repliesOn(outcome: 'early' | 'onTime' | 'late', group?: 'A' | 'B') {
    const work = fixture.flatMap((p) => (group && p.group !== group ? [] : answering(p).filter((a) => a.outcome === outcome).map((a) => ({ p, a }))));
    await inBatches(work, BATCH, ({ p, a }) => reply(p, a.unit, p.resultCategory));
  }

  /** Ratings of the proposals fully replied in this phase; then, for 不满意, waits for the re-handling to open. */
  async function ratingsOf(phase: Phase) {
    const rated = fixture.filter((p) => p.phase === phase && p.rating);
    await inBatches(rated, BATCH, (p) => rate(p, p.rating!));
    const unsatisfied = rated.filter((p) => p.rating === 'unsatisfied');
    await eventually(async () => {
      for (const p of unsatisfied) expect(await status(p)).toBe('rehandling');
    }, 30_000, 200);
  }

  async function rehandlingOf(phase: Phase) {
    const again = fixture.filter((p) => p.phase === phase && p.rehandlingReply);
    await clock(DATES.phase[phase].rehandlingReply);
    await inBatches(again.flatMap((p) => answering(p).map((a) => ({ p, a }))), BATCH, ({ p, a }) => reply(p, a.unit, 'A'));
    await clock(DATES.phase[phase].rerated);
    await inBatches(again, BATCH, (p) => rate(p, 'satisfied'));
  }

  beforeAll(async () => {
    const started = Date.now();
    // The notification worker is left out: what is measured here is the statistics, not the mail.
    api = await startApi('supstats', at(DATES.submitted), {
      queues: [QueueName.Outbox, QueueName.Intake, QueueName.Assignment, QueueName.Deadline],
      handlers: [...classificationOnly(), ...ASSIGNMENT_HANDLERS, ...DEADLINE_HANDLERS],
    });
    const adminToken = await api.login(ADMIN.username, ADMIN.password);
    const admin = api.as(adminToken);
    token = { admin: adminToken };
    sessionId = (await ok(admin.post('/api/v1/sessions', { name: '市政协十届三次会议', body: 'cppcc', term: 10, meeting: 3, year: 2024, openedOn: '2024-01-15' }), 'session')).id;
    const unit = (code: string, name: string, kind = 'department') =>
      ok(admin.post('/api/v1/units', { code, name, kind, email: `${code}@example.gov.cn`, headName: `${name}负责人`, headEmail: `${code}-head@example.gov.cn`, contactName: '王', contactPhone: '2580162' }), code);
    await unit('tianwei', '市政协提案委员会', 'committee');
    await unit('duchashi', '市政府督查室', 'supervision');
    for (let k = 0; k < UNIT_COUNT; k++) {
      units.push((await unit(unitCode(k), unitName(k))).id);
      unitIndex.set(units[k], k);
    }
    const proposers = await inBatches(Array.from({ length: 10 }, (_, k) => k), BATCH, (k) =>
      ok(admin.post('/api/v1/proposers', { name: `委员${k + 1}`, kind: 'member', sector: '经济界' }), 'proposer').then((b) => b.id as string),
    );
    const user = async (username: string, role: string, extra: object = {}) => {
      await ok(admin.post('/api/v1/users', { username, password: PASSWORD, role, email: `${username}@example.com`, ...extra }), username);
      token[username] = await api.login(username, PASSWORD);
    };
    await user('committee', 'committee');
    await user('supervisor', 'supervisor');
    await inBatches(units, 8, (id, k) => user(unitCode(k), 'unit', { unitId: id }));

    // 提交 and 立案
    const committee = as('committee');
    const created = await inBatches(fixture, BATCH, (p) =>
      ok(committee.post('/api/v1/proposals', { sessionId, number: p.number, title: p.title, content: p.content, category: p.category, leadProposerId: proposers[p.proposer] }), `submit ${p.number}`),
    );
    created.forEach((c, i) => (proposalIds[i] = c.id));
    await clock(DATES.filed);
    await inBatches(fixture, BATCH, (p) => ok(committee.post(`/api/v1/proposals/${proposalIds[p.i]}/review`, { decision: 'file' }), `file ${p.number}`));

    // 交办 and 签收, group by group
    for (const group of ['A', 'B'] as const) {
      const g = DATES[group];
      const mine = fixture.filter((p) => p.group === group);
      await clock(g.assigned);
      await inBatches(mine, BATCH, async (p) => {
        const lead = p.assignments.find((a) => a.role === 'lead');
        const body = {
          ...(lead ? { leadUnitId: units[lead.unit] } : {}),
          coUnitIds: p.assignments.filter((a) => a.role === 'co').map((a) => units[a.unit]),
          separateUnitIds: p.assignments.filter((a) => a.role === 'separate').map((a) => units[a.unit]),
        };
        const created: Array<{ id: string; unitId: string }> = await ok(committee.post(`/api/v1/proposals/${proposalIds[p.i]}/assignments`, body), `assign ${p.number}`);
        assignmentIds[p.i] = new Map(created.map((a) => [unitIndex.get(a.unitId)!, a.id]));
      });
      await clock(g.accepted);
      await inBatches(mine.flatMap((p) => p.assignments.filter((a) => a.accepted).map((a) => ({ p, a }))), BATCH, ({ p, a }) =>
        ok(as(unitCode(a.unit)).post(`/api/v1/assignments/${assignmentIds[p.i].get(a.unit)}/accept`), `accept ${p.number}`),
      );
    }
    // 协办意见
    for (const group of ['A', 'B'] as const) {
      await clock(DATES[group].opinion);
      const work = fixture.filter((p) => p.group === group).flatMap((p) => p.assignments.filter((a) => a.opinion).map((a) => ({ p, a })));
      await inBatches(work, BATCH, ({ p, a }) =>
        ok(as(unitCode(a.unit)).post(`/api/v1/assignments/${assignmentIds[p.i].get(a.unit)}/opinions`, { content: '协办意见' }), `opinion ${p.number}`),
      );
    }
    // 办前沟通
    await clock(DATES.communication.recorded);
    const talks = fixture.flatMap((p) => answering(p).filter((a) => a.communication?.when === 'before').map((a) => ({ p, a })));
    await inBatches(talks, BATCH, ({ p, a }) =>
      ok(as(unitCode(a.unit)).post(`/api/v1/assignments/${assignmentIds[p.i].get(a.unit)}/communications`, {
        method: a.communication!.method, happenedOn: DATES.communication.happenedOn, summary: '与提案者沟通办理意见',
      }), `communication ${p.number}`),
    );
    // 答复, 测评 and 重新办理, in the order of the calendar
    await clock(DATES.A.early);
    await repliesOn('early', 'A');
    await clock(DATES.B.early);
    await repliesOn('early', 'B');
    await clock(DATES.phase.early.rated);
    await ratingsOf('early');
    await clock(DATES.onTime);
    await repliesOn('onTime');
    await clock(DATES.phase.onTime.rated);
    await ratingsOf('onTime');
    await rehandlingOf('early');
    await rehandlingOf('onTime');
    await clock(DATES.late);
    await repliesOn('late');
    await clock(DATES.afterReplyCommunication);
    const after = fixture.flatMap((p) => answering(p).filter((a) => a.communication?.when === 'after').map((a) => ({ p, a })));
    await inBatches(after, BATCH, ({ p, a }) =>
      ok(as(unitCode(a.unit)).post(`/api/v1/assignments/${assignmentIds[p.i].get(a.unit)}/communications`, {
        method: 'visit', happenedOn: DATES.afterReplyCommunication, summary: '答复后回访',
      }), `visit ${p.number}`),
    );
    await clock(DATES.phase.late.rated);
    await ratingsOf('late');
    await rehandlingOf('late');
    // 公开: first let the sweep close the proposals whose feedback period ran out
    await clock(DATES.published);
    await ok(admin.post('/api/v1/admin/deadlines/sweep'), 'sweep');
    await inBatches(fixture.filter((p) => p.publish), BATCH, (p) => ok(committee.post(`/api/v1/proposals/${proposalIds[p.i]}/publish`, {}), `publish ${p.number}`));
    await clock(DATES.now);
    await ok(admin.post('/api/v1/admin/deadlines/sweep'), 'sweep');

    // The themes the intake worker tagged (an input of the per-theme figures, not a result).
    for (const p of await register()) themes.set(p.number - 1, p.themes ?? []);
    process.stdout.write(`supervision fixture played in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  }, 240_000);
  afterAll(() => api?.close());

  const pick = (f: Record<string, unknown>): ExpectedFigures => {
    const keys = Object.keys(expectedFigures(fixture, () => ['x']).get('x')!);
    return Object.fromEntries(keys.map((k) => [k, f[k]])) as unknown as ExpectedFigures;
  };

  it('played the fixture as defined (every proposal in the state it should be in)', async () => {
    expect(proposalIds).toHaveLength(PROPOSAL_COUNT);
    const expected = (p: ProposalSpec) => {
      if (!p.phase) return ['assigned', 'handling'];
      if (p.rating === 'unsatisfied' && !p.rehandlingReply) return ['rehandling'];
      return ['closed'];
    };
    const states = new Map((await register()).map((p) => [p.number, p.status]));
    const wrong = fixture.filter((p) => !expected(p).includes(states.get(p.number)!)).map((p) => `${p.number}:${states.get(p.number)}`);
    expect(wrong).toEqual([]);
  });

  it('gives every unit figure as counted by hand', async () => {
    const res = await ok(as('supervisor').get(`/api/v1/stats/figures?by=unit&sessionId=${sessionId}`), 'figures');
    const expected = expectedFigures(fixture, (_p, a) => [unitCode(a.unit)]);
    expect(res.items).toHaveLength(UNIT_COUNT);
    for (const item of res.items) expect({ unit: item.unitCode, ...pick(item) }).toEqual({ unit: item.unitCode, ...expected.get(item.unitCode) });
  });

  it('serves the same unit figures at GET /stats/units (the first endpoint, corrected)', async () => {
    const res = await ok(as('committee').get(`/api/v1/stats/units?sessionId=${sessionId}`), 'units');
    const expected = expectedFigures(fixture, (_p, a) => [unitCode(a.unit)]);
    for (const item of res.items) expect(pick(item)).toEqual(expected.get(item.unitCode));
  });

  it('gives the figures per theme and for the whole session as counted by hand', async () => {
    const byTheme = await ok(as('supervisor').get(`/api/v1/stats/themes?sessionId=${sessionId}`), 'themes');
    const expected = expectedFigures(fixture, (p) => themes.get(p.i)!);
    expect(byTheme.items.map((t: any) => t.theme).sort()).toEqual([...expected.keys()].sort());
    expect(expected.get('营商环境')?.proposals).toBeGreaterThan(0);
    for (const item of byTheme.items) expect({ theme: item.theme, ...pick(item) }).toEqual({ theme: item.theme, ...expected.get(item.theme) });

    const total = await ok(as('supervisor').get(`/api/v1/stats/summary?sessionId=${sessionId}`), 'summary');
    expect(pick(total)).toEqual(expectedFigures(fixture, () => ['all']).get('all'));
    const sessions = await ok(as('supervisor').get(`/api/v1/stats/figures?by=session`), 'sessions');
    expect(sessions.items).toHaveLength(1);
    expect(pick(sessions.items[0])).toEqual(pick(total));
  });

  it('gives the 营商环境 view over the proposals of that theme alone', async () => {
    const view = await ok(as('supervisor').get(`/api/v1/stats/business-environment?sessionId=${sessionId}`), 'business');
    const inTheme = fixture.filter((p) => themes.get(p.i)!.includes('营商环境'));
    expect(view.theme).toBe('营商环境');
    expect(pick(view.total)).toEqual(expectedFigures(inTheme, () => ['all']).get('all'));
    const byUnit = expectedFigures(inTheme, (_p, a) => [unitCode(a.unit)]);
    expect(view.units.map((u: any) => u.unitCode).sort()).toEqual([...byUnit.keys()].sort());
    for (const u of view.units) expect(pick(u)).toEqual(byUnit.get(u.unitCode));
  });

  it('ranks the units green, yellow, then red by the thresholds in config/supervision.json', async () => {
    const res = await ok(as('supervisor').get(`/api/v1/stats/ranking?sessionId=${sessionId}`), 'ranking');
    const { red, yellow } = res.thresholds;
    const expected = expectedFigures(fixture, (_p, a) => [unitCode(a.unit)]);
    const hits = (f: ExpectedFigures, t: typeof red) =>
      (f.onTimeRate !== null && f.onTimeRate < t.onTimeRateBelow) || f.overdueNow >= t.overdueNowAtLeast || (f.satisfactionRate !== null && f.satisfactionRate < t.satisfactionRateBelow);
    const colors = res.items.map((u: any) => `${u.unitCode}:${u.color}`);
    const hand = [...expected].map(([code, f]) => `${code}:${hits(f, red) ? 'red' : hits(f, yellow) ? 'yellow' : 'green'}`);
    expect(colors.sort()).toEqual(hand.sort());
    expect(new Set(res.items.map((u: any) => u.color)).size).toBeGreaterThan(1);
    expect(res.items.map((u: any) => u.rank)).toEqual(Array.from({ length: UNIT_COUNT }, (_, k) => k + 1));
    // A league table: green before yellow before red, and within a card by on-time rate, high first.
    const severity = { green: 0, yellow: 1, red: 2 } as Record<string, number>;
    const order = res.items.map((u: any) => [severity[u.color], -(u.onTimeRate ?? -1)]);
    expect(order).toEqual([...order].sort((a: number[], b: number[]) => a[0] - b[0] || a[1] - b[1]));
    for (const u of res.items.filter((x: any) => x.color !== 'green')) expect(u.reasons.length).toBeGreaterThan(0);
  });

  it('gives weekly trends as counted by hand', async () => {
    const res = await ok(as('supervisor').get(`/api/v1/stats/trends?sessionId=${sessionId}`), 'trends');
    const monday = (d: string) => {
      const t = Date.parse(`${d}T00:00:00Z`);
      const dow = (new Date(t).getUTCDay() + 6) % 7;
      return new Date(t - dow * 86_400_000).toISOString().slice(0, 10);
    };
    expect(res.weeks[0]).toBe(monday(DATES.A.assigned));
    expect(res.weeks[res.weeks.length - 1]).toBe(monday(DATES.now));
    const count = (days: string[]) => res.weeks.map((w: string) => days.filter((d) => monday(d) === w).length);
    const assigned = fixture.flatMap((p) => p.assignments.map(() => DATES[p.group].assigned));
    expect(res.series.assigned).toEqual(count(assigned));
    const firstReplies = fixture.flatMap((p) => p.assignments.map((a) => (a.role === 'co' ? null : replyDay(p, a))).filter((d): d is string => !!d));
    expect(res.series.replied).toEqual(count(firstReplies));
    const late = fixture.flatMap((p) => p.assignments.filter((a) => a.outcome === 'late').map(() => DATES.late));
    expect(res.series.repliedLate).toEqual(count(late));
    // Overdue as each week ends (next Monday 00:00), or now for this week: started, past due, not yet met.
    const deadlines = unitDeadlines(fixture);
    const tenAm = (d: string) => Date.parse(`${d}T10:00:00+08:00`);
    const dayEnd = (d: string) => Date.parse(`${d}T23:59:59.999+08:00`);
    const overdueAt = (w: string, unit?: number) => {
      const t = Math.min(Date.parse(`${w}T00:00:00+08:00`) + 7 * 86_400_000, tenAm(DATES.now));
      const open = deadlines.filter(
        (d) => tenAm(d.start) < t && dayEnd(d.dueOn) < t && (d.settledOn === null || tenAm(d.settledOn) >= t) && (unit === undefined || d.unit === unit),
      );
      return new Set(open.map((d) => `${d.number}:${d.unit}`)).size;
    };
    expect(res.series.overdue).toEqual(res.weeks.map((w: string) => overdueAt(w)));
    const byUnit = new Map(res.overdueByUnit.map((u: any) => [u.unitCode, u.values]));
    for (let k = 0; k < UNIT_COUNT; k++) {
      const hand = res.weeks.map((w: string) => overdueAt(w, k));
      if (hand.some((n: number) => n > 0)) expect(byUnit.get(unitCode(k))).toEqual(hand);
      else expect(byUnit.has(unitCode(k))).toBe(false);
    }
  });

  it.each([['2024-04-30'], ['2024-06-30'], ['2024-08-19']])('tells from the events alone which unit deadlines were open and overdue on %s, and whose', async (date) => {
    const res = await ok(as('supervisor').get(`/api/v1/stats/as-of?date=${date}&sessionId=${sessionId}`), 'as-of');
    expect(res.date).toBe(date);
    const got = res.open
      .filter((d: any) => ['reply', 'co_opinion', 'rehandling'].includes(d.kind))
      .map((d: any) => `${d.proposalNumber}:${d.kind}:${unitCode(unitIndex.get(d.responsible.id)!)}:${d.dueOn}:${d.overdue}`)
      .sort();
    const hand = openAt(unitDeadlines(fixture), date).map((d) => `${d.number}:${d.kind}:${unitCode(d.unit)}:${d.dueOn}:${d.overdue}`).sort();
    expect(got).toEqual(hand);
    expect(hand.length).toBeGreaterThan(0);
    const unitsOverdue = res.byResponsible.filter((r: any) => r.type === 'unit' && r.overdue > 0).length;
    expect(unitsOverdue).toBe(new Set(openAt(unitDeadlines(fixture), date).filter((d) => d.overdue).map((d) => d.unit)).size);
  });

  it('replays to exactly the running deadlines of the database today (every kind)', async () => {
    const ds = api.app.get(DataSource);
    const rows: Array<{ dedupe_key: string; kind: string; due_on: string }> = await ds.query(
      `SELECT dedupe_key, kind, to_char(due_on, 'YYYY-MM-DD') AS due_on FROM deadlines WHERE status = 'open' AND (kind NOT IN ('adjustment','feedback') OR due_at >= $1)`,
      [api.clock.now()],
    );
    const res = await ok(as('supervisor').get(`/api/v1/stats/as-of?at=${encodeURIComponent(api.clock.now().toISOString())}`), 'as-of now');
    expect(res.open.map((d: any) => `${d.key}:${d.dueOn}`).sort()).toEqual(rows.map((r) => `${r.dedupe_key}:${r.due_on}`).sort());
  });

  it('exports the register (汇总表) as XLSX that exceljs opens, with every proposal', async () => {
    const res = await binary(as('supervisor').get(`/api/v1/exports/register?sessionId=${sessionId}&format=xlsx`));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.body as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet.name).toBe('提案汇总表');
    expect(sheet.rowCount).toBe(PROPOSAL_COUNT + 1);
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(expect.arrayContaining(['提案号', '案由（标题）', '主办单位', '答复期限', '按期答复', '办理结果', '满意度']));
    const col = (name: string) => header.indexOf(name) + 1;
    const numbers: number[] = [];
    sheet.eachRow((row, n) => {
      if (n > 1) numbers.push(row.getCell(col('提案号')).value as number);
    });
    expect(numbers).toEqual(fixture.map((p) => p.number));
    const row = (p: ProposalSpec) => sheet.getRow(p.i + 2);
    for (const p of fixture.filter((x) => x.i % 23 === 0)) {
      const lead = p.assignments.find((a) => a.role === 'lead');
      if (lead) expect(row(p).getCell(col('主办单位')).value).toBe(unitName(lead.unit));
      expect(row(p).getCell(col('答复期限')).value).toBe(p.assignments.some((a) => a.role !== 'co') ? DATES[p.group].replyDue : null);
    }
  });

  it('exports the unit statistics as XLSX and CSV, one row per unit', async () => {
    const xlsx = await binary(as('supervisor').get(`/api/v1/exports/unit-stats?sessionId=${sessionId}`));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.body as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet.rowCount).toBe(UNIT_COUNT + 1);
    // The 说明 sheet in words a reader understands: Beijing time, the red/yellow rules spelled out (no UTC, no JSON, no file path).
    const notes = (workbook.getWorksheet('说明')!.getColumn(1).values as unknown[]).slice(2).join('\n');
    expect(notes).toMatch(/统计时间：\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}（北京时间）/);
    expect(notes).toContain('红黄牌：按时办复率低于80%、当前逾期3件及以上或满意率低于80%的，亮红牌');
    expect(notes).not.toMatch(/[{}"]|\d{4}-\d{2}-\d{2}T|docs\/|GET \//);
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const expected = expectedFigures(fixture, (_p, a) => [unitName(a.unit)]);
    sheet.eachRow((r, n) => {
      if (n === 1) return;
      const name = r.getCell(header.indexOf('承办单位') + 1).value as string;
      expect(r.getCell(header.indexOf('按时办复率') + 1).value).toBe(expected.get(name)!.onTimeRate);
      expect(r.getCell(header.indexOf('当前逾期件数') + 1).value).toBe(expected.get(name)!.overdueNow);
    });
    const csv = await as('supervisor').get(`/api/v1/exports/unit-stats?sessionId=${sessionId}&format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const text = csv.text.replace(/^\ufeff/, '');
    expect(text.trim().split('\n')).toHaveLength(UNIT_COUNT + 1);
    expect(text).toContain('按时办复率');
    const register = await as('supervisor').get(`/api/v1/exports/register?sessionId=${sessionId}&format=csv`);
    expect(register.text.replace(/^\ufeff/, '').trim().split('\n')).toHaveLength(PROPOSAL_COUNT + 1);
  });

  it('documents every figure it computes', async () => {
    const defs = await ok(as('supervisor').get('/api/v1/stats/definitions'), 'definitions');
    const keys = [...defs.counts, ...defs.rates].map((d: any) => d.key);
    expect(keys).toEqual(expect.arrayContaining(['assigned', 'accepted', 'replied', 'onTimeRate', 'overdueNow', 'communicationRate', 'satisfactionRate', 'rehandlingRate', 'publicationRate']));
    for (const d of [...defs.counts, ...defs.rates]) expect(d.definition.length).toBeGreaterThan(10);
  });

  it('keeps the statistics to the supervision office, the committee and the admin', async () => {
    expect((await as(unitCode(0)).get(`/api/v1/stats/figures?sessionId=${sessionId}`)).status).toBe(403);
    expect((await as(unitCode(0)).get(`/api/v1/exports/register?sessionId=${sessionId}`)).status).toBe(403);
    expect((await as('supervisor').get(`/api/v1/stats/as-of?date=2024-13-01`)).status).toBe(400);
  });
});
