import { DemoSeeder } from '../apps/standalone/src/demo/seed-demo.js';
import { RulesProvider, loadIntakeRules } from '#kernel';
import { TextFeatures, classifyProposal, normaliseText } from '#domain';
import { createDataSource, runMigrations } from '#persistence';
import type { DataSource } from 'typeorm';
import { demoData } from '../apps/standalone/src/demo/demo-data.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';

describe('demo data', () => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase('demo');
    ds = createDataSource({ url: db.url });
    await ds.initialize();
    await runMigrations(ds);
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('replays every step through the use cases into an empty database, once', async () => {
    const seeder = new DemoSeeder(ds, RulesProvider.fromFile('config/rules.json'));
    const result = await seeder.seed();
    expect(result).toMatchObject({ seeded: true, proposals: demoData.proposals.length });
    expect(result.events).toBeGreaterThan(50);
    expect(await seeder.seed()).toMatchObject({ seeded: false });
    const states = await ds.query(`SELECT DISTINCT status FROM proposals ORDER BY 1`);
    expect(states.map((r: any) => r.status)).toEqual(
      ['assigned', 'closed', 'converted', 'filed', 'handling', 'merged', 'not_filed', 'rehandling', 'replied', 'returned', 'submitted', 'withdrawn'].sort(),
    );
    const [{ undispatched }] = await ds.query(`SELECT count(*)::int AS undispatched FROM events WHERE dispatched_at IS NULL`);
    expect(undispatched).toBe(0);
  });

  it('holds No. 196 as it really happened', async () => {
    const [p] = await ds.query(
      `SELECT p.*, s.name AS session, pr.name AS proposer FROM proposals p JOIN sessions s ON s.id = p.session_id
        JOIN proposers pr ON pr.id = p.lead_proposer_id WHERE p.number = 196`,
    );
    expect(p).toMatchObject({
      session: '市政协十届二次会议', proposer: '陈刚正', title: '以营商环境为主线强力推进我市数字政府建设', status: 'closed',
      published: true, publication_index: 'szwfwhdsjglj/2024-00001',
    });
    const [r] = await ds.query(
      `SELECT r.*, u.name AS unit, to_char(r.submitted_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS day
         FROM replies r JOIN assignments a ON a.id = r.assignment_id JOIN units u ON u.id = a.unit_id WHERE r.proposal_id = $1`,
      [p.id],
    );
    expect(r).toMatchObject({ unit: '市行政审批和政务信息管理局', day: '2024-06-26', result_category: 'A', contact_name: '王', contact_phone: '2580162', public: true });
    const recorded = demoData.proposals.find((x) => x.number === 196)!.record!;
    expect(r.content).toBe(recorded.reply.content);
    expect(r.content).toContain('2024年6月26日');
    const [{ published }] = await ds.query(`SELECT to_char(published_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS published FROM proposals WHERE id = $1`, [p.id]);
    expect(published).toBe('2024-07-19');
  });

  it('holds a joint proposal (联名): two co-signers confirmed (co-proposers now), one declined, one not answered', async () => {
    const rows: Array<{ name: string; state: string; via: string | null; co: boolean }> = await ds.query(
      `SELECT pr.name, i.state, i.via, EXISTS (SELECT 1 FROM proposal_co_proposers c WHERE c.proposal_id = p.id AND c.proposer_id = i.proposer_id) AS co
         FROM co_signing_invitations i JOIN proposals p ON p.id = i.proposal_id JOIN proposers pr ON pr.id = i.proposer_id
        WHERE p.title = '关于推动乡村旅游提质升级的提案' ORDER BY i.state, pr.name`,
    );
    expect(rows).toEqual([
      { name: '李秀兰', state: 'confirmed', via: 'app', co: true },
      { name: '赵敏', state: 'confirmed', via: 'link', co: true },
      { name: '张卫东', state: 'declined', via: 'link', co: false },
      { name: '刘建国', state: 'pending', via: null, co: false },
    ]);
  });

  it('tags the history as the intake does a new submission: every proposal classified by the intake rules when it was submitted', async () => {
    const rules = loadIntakeRules();
    const rows: Array<{ id: string; title: string; content: string; themes: string[]; category: string | null; number: number | null }> = await ds.query(
      `SELECT id, title, content, themes, category, number FROM proposals`,
    );
    const matcher = new TextFeatures(); // as ClassifyProposal matches: whole words
    for (const p of rows) {
      const expected = classifyProposal(normaliseText(p.title), p.content, rules, matcher);
      expect({ id: p.id, themes: p.themes }).toEqual({ id: p.id, themes: expected.themes });
      expect(p.category).not.toBeNull();
    }
    // A register whose 主题 filter offers more than one theme, and No. 196 an alert-theme proposal as its deadlines say.
    expect(new Set(rows.flatMap((p) => p.themes)).size).toBeGreaterThan(1);
    expect(rows.find((p) => p.number === 196)!.themes).toContain('营商环境');
    // Classified on submission, as the intake worker would: before the committee filed or assigned it.
    const [order] = await ds.query(
      `SELECT min(e.occurred_at) FILTER (WHERE e.type = 'proposal.classified') AS classified, min(e.occurred_at) FILTER (WHERE e.type = 'proposal.assigned') AS assigned
         FROM events e JOIN proposals p ON p.id = e.proposal_id WHERE p.number = 196`,
    );
    expect(order.classified.getTime()).toBeLessThan(order.assigned.getTime());
  });
});
