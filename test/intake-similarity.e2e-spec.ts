import ExcelJS from 'exceljs';
import pg from 'pg';
import { QueueName } from '#queue';
import { demoData } from '../apps/standalone/src/demo/demo-data.js';
import { ADMIN, eventually, startApi, type TestApi } from './support/api.js';
import { PASSWORD } from './support/directory.js';
import { FIXTURE, FIXTURE_PROPOSERS, precisionRecall, type FixtureProposal } from './fixtures/intake/fixture.js';

/**
 * The labelled fixture through the whole intake path: the 2023 proposals are imported (CSV), filed
 * and assigned to the units that should handle them; the 2024 ones are imported (XLSX). Every
 * proposal gets its most similar earlier proposals from the intake worker; the test measures
 * duplicate detection (precision, recall at the configured threshold) and routing (a right unit in
 * the top 3), prints the figures, then merges a duplicate pair (并案).
 */
describe('similar proposals and routing suggestions on the labelled fixture', () => {
  let api: TestApi;
  let committee: ReturnType<TestApi['as']>;
  let token = '';
  const sessions: Record<FixtureProposal['session'], string> = { '2023': '', '2024': '' };
  const unitIds = new Map<string, string>();
  const ids = new Map<string, string>(); // fixture key → proposal id
  const keyOf = new Map<string, string>(); // proposal id → fixture key

  const ok = async (res: Promise<{ status: number; body: any }> | { status: number; body: any }) => {
    const r = await res;
    if (r.status >= 300) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };

  beforeAll(async () => {
    api = await startApi('similar', '2023-01-12T09:00:00+08:00', { queues: [QueueName.Outbox, QueueName.Intake, QueueName.Assignment, QueueName.Deadline] });
    const admin = api.as(await api.login(ADMIN.username, ADMIN.password));
    sessions['2023'] = (await ok(admin.post('/api/v1/sessions', { name: '市政协十届一次会议', body: 'cppcc', term: 10, meeting: 1, year: 2023, openedOn: '2023-01-10' }))).id;
    sessions['2024'] = (await ok(admin.post('/api/v1/sessions', { name: '市政协十届二次会议', body: 'cppcc', term: 10, meeting: 2, year: 2024, openedOn: '2024-01-15' }))).id;
    for (const u of demoData.units) {
      const { code, name, kind, email, headName, headEmail, contactName, contactPhone } = u;
      unitIds.set(code, (await ok(admin.post('/api/v1/units', { code, name, kind, email, headName, headEmail, contactName, contactPhone }))).id);
    }
    for (const name of FIXTURE_PROPOSERS) {
      const kind = /市委$|工商联$/.test(name) ? 'group' : 'member';
      await ok(admin.post('/api/v1/proposers', { name, kind, sector: kind === 'group' ? name : '委员' }));
    }
    await ok(admin.post('/api/v1/users', { username: 'tianwei', password: PASSWORD, role: 'committee', email: 'tianwei@example.com' }));
    token = await api.login('tianwei', PASSWORD);
    committee = api.as(token);
  });
  afterAll(() => api?.close());

  const upload = (file: Buffer, filename: string, sessionId: string) =>
    api.http.post('/api/v1/imports').set('Authorization', `Bearer ${token}`).field('sessionId', sessionId).attach('file', file, filename);
  const importAndWait = async (file: Buffer, filename: string, sessionId: string) => {
    const res = await upload(file, filename, sessionId);
    expect(res.status).toBe(202);
    return eventually(async () => {
      const r = await ok(committee.get(`/api/v1/imports/${res.body.id}?rows=all`));
      expect(r.status).toBe('completed');
      return r;
    }, 120_000, 250);
  };
  const rowsOf = (session: FixtureProposal['session']) => FIXTURE.filter((p) => p.session === session);
  const remember = (report: any, items: FixtureProposal[]) => {
    expect(report.counts).toEqual({ imported: items.length, skipped: 0, invalid: 0 });
    report.rows.forEach((r: any, i: number) => {
      ids.set(items[i].key, r.proposalId);
      keyOf.set(r.proposalId, items[i].key);
    });
  };

  it('imports the 2023 proposals from CSV, files them and assigns each to its units', async () => {
    const past = rowsOf('2023');
    const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
    const csv = ['编号,标题,内容,第一提案人', ...past.map((p) => [p.number, quote(p.title), quote(p.content), p.proposer].join(','))].join('\r\n');
    remember(await importAndWait(Buffer.from(csv, 'utf8'), '十届一次会议提案.csv', sessions['2023']), past);
    api.clock.set('2023-03-01T10:00:00+08:00');
    for (const p of past) {
      await ok(committee.post(`/api/v1/proposals/${ids.get(p.key)}/review`, { decision: 'file' }));
      const [lead, ...co] = p.units;
      await ok(committee.post(`/api/v1/proposals/${ids.get(p.key)}/assignments`, { leadUnitId: unitIds.get(lead), coUnitIds: co.map((c) => unitIds.get(c)) }));
    }
  }, 180_000);

  it('imports the 2024 proposals from XLSX', async () => {
    api.clock.set('2024-01-16T09:00:00+08:00');
    const current = rowsOf('2024');
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('提案');
    sheet.addRow(['提案号', '案由', '提案内容', '提案人']);
    for (const p of current) sheet.addRow([p.number, p.title, p.content, p.proposer]);
    remember(await importAndWait(Buffer.from(await wb.xlsx.writeBuffer()), '十届二次会议提案.xlsx', sessions['2024']), current);
  }, 180_000);

  it('finds the labelled duplicates with precision and recall of at least 0.9, and a right unit in the top 3 for at least 80%', async () => {
    // Wait for the intake worker to have looked at every proposal.
    const db = new pg.Client({ connectionString: api.db.url });
    await db.connect();
    try {
      await eventually(async () => {
        const { rows } = await db.query(`SELECT count(*)::int AS n FROM similarity_documents WHERE searched_at IS NOT NULL`);
        expect(rows[0].n).toBe(FIXTURE.length);
      }, 120_000, 250);
    } finally {
      await db.end();
    }
    const predicted: Array<[string, string]> = [];
    let threshold = 0;
    const routed: Array<{ key: string; ok: boolean; top: string[] }> = [];
    for (const p of FIXTURE) {
      const similar = await ok(committee.get(`/api/v1/proposals/${ids.get(p.key)}/similar`));
      expect(similar.status).toBe('done');
      threshold = similar.threshold;
      for (const s of similar.items) if (s.duplicate) predicted.push([p.key, keyOf.get(s.proposalId)!]);
      const routing = await ok(committee.get(`/api/v1/proposals/${ids.get(p.key)}/routing-suggestions`));
      const top = routing.items.slice(0, 3).map((s: any) => s.unitCode);
      routed.push({ key: p.key, ok: top.some((u: string) => p.units.includes(u)), top });
      for (const s of routing.items) expect(s.reasons.length).toBeGreaterThan(0);
    }
    const pr = precisionRecall(predicted);
    const top3 = routed.filter((r) => r.ok).length / routed.length;
    const current = routed.filter((r) => r.key.startsWith('b'));
    const top3Current = current.filter((r) => r.ok).length / current.length;
    console.log(
      [
        `Smart intake on the labelled fixture (${FIXTURE.length} proposals, ${pr.labelled} labelled duplicate pairs), duplicate threshold ${threshold}:`,
        `  duplicate detection: precision ${pr.precision.toFixed(3)}, recall ${pr.recall.toFixed(3)} (${pr.predicted} pairs flagged)`,
        `  routing: a right unit in the top 3 for ${(top3 * 100).toFixed(1)}% of all proposals, ${(top3Current * 100).toFixed(1)}% of the 2024 ones`,
        pr.falsePositives.length ? `  false positives: ${pr.falsePositives.join(' ')}` : '',
        pr.falseNegatives.length ? `  missed: ${pr.falseNegatives.join(' ')}` : '',
        ...routed.filter((r) => !r.ok).map((r) => `  routing miss ${r.key}: top 3 ${r.top.join(', ')}`),
      ].filter(Boolean).join('\n'),
    );
    expect(pr.precision).toBeGreaterThanOrEqual(0.9);
    expect(pr.recall).toBeGreaterThanOrEqual(0.9);
    expect(top3).toBeGreaterThanOrEqual(0.8);
  }, 240_000);

  it('explains a suggestion: keyword rule, category and the unit that handled the similar 2023 proposal', async () => {
    const routing = await ok(committee.get(`/api/v1/proposals/${ids.get('b01')}/routing-suggestions`));
    expect(routing.items[0]).toMatchObject({ unitCode: 'zhujian', unitName: '市住房和城乡建设局', rank: 1 });
    const kinds = routing.items[0].reasons.map((r: any) => r.kind);
    expect(kinds).toEqual(expect.arrayContaining(['keyword', 'history']));
    expect(routing.items[0].reasons.find((r: any) => r.kind === 'history').text).toContain('市政协十届一次会议第2号');
  });

  it('offers the same-session duplicate as a merge (并案) candidate, and merging keeps both texts, linked', async () => {
    const later = ids.get('b11')!;
    const earlier = ids.get('b10')!;
    const similar = await ok(committee.get(`/api/v1/proposals/${later}/similar`));
    expect(similar.items[0]).toMatchObject({ proposalId: earlier, duplicate: true, sameSession: true, mergeable: true, mergeIntoId: earlier, number: 110 });
    expect(similar.items[0].sharedTerms).toEqual(expect.arrayContaining(['西站', '公交', '专线']));
    const events = await ok(committee.get(`/api/v1/proposals/${later}/events`));
    expect(events.map((e: any) => e.type)).toContain('proposal.duplicates_found');

    // A repeat of a 2023 proposal is flagged, but cannot be merged across sessions.
    const repeat = await ok(committee.get(`/api/v1/proposals/${ids.get('b01')}/similar`));
    expect(repeat.items[0]).toMatchObject({ proposalId: ids.get('a02'), duplicate: true, sameSession: false, mergeable: false, sessionName: '市政协十届一次会议' });

    const merged = await ok(committee.post(`/api/v1/proposals/${later}/review`, { decision: 'merge', mergeIntoId: earlier, reason: '与第110号并案办理' }));
    expect(merged.status).toBe('merged');
    const [a, b] = await Promise.all([ok(committee.get(`/api/v1/proposals/${later}`)), ok(committee.get(`/api/v1/proposals/${earlier}`))]);
    expect(a.content).toBe(FIXTURE.find((p) => p.key === 'b11')!.content);
    expect(b.content).toBe(FIXTURE.find((p) => p.key === 'b10')!.content);
    expect(b.status).toBe('submitted');
    // Once merged, it is no longer offered for merging.
    expect((await ok(committee.get(`/api/v1/proposals/${later}/similar`))).items[0].mergeable).toBe(false);
  });

  it('is for staff only', async () => {
    await ok(api.as(await api.login(ADMIN.username, ADMIN.password)).post('/api/v1/users', { username: 'zhujian', password: PASSWORD, role: 'unit', unitId: unitIds.get('zhujian'), email: 'z@example.com' }));
    const unitToken = await api.login('zhujian', PASSWORD);
    expect((await api.as(unitToken).get(`/api/v1/proposals/${ids.get('a01')}/similar`)).status).toBe(403);
    expect((await api.as(unitToken).get(`/api/v1/proposals/${ids.get('a01')}/routing-suggestions`)).status).toBe(403);
  });
});
