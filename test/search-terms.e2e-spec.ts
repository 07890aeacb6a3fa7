import { readFileSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { proposalSearchVector } from '#domain';
import { backfillSearchTerms, SEARCH_TERM_PAIRS_SQL } from '#persistence';
import { startApi, type TestApi } from './support/api.js';
import { createDirectory, PASSWORD, type Directory } from './support/directory.js';
import { signInByForm } from './support/ui-forms.js';

/**
 * 检索词 (issue 17): a query of dictionary words is looked up by the proposals' jieba terms
 * (`search_terms`), anything else by substring; both find what the substring search found. The
 * terms are written by the use case that writes the text, cleared when the text changes any other
 * way (the proposal is then found by substring), and written again by the backfill.
 */
describe('search by words: the jieba terms find what the substring found', () => {
  let api: TestApi;
  let dir: Directory;
  const ids: Record<string, string> = {};
  const sql = (q: string, params: unknown[] = []) => api.app.get(DataSource).query(q, params);
  const as = (who: keyof Directory['tokens']) => api.as(dir.tokens[who]);
  const ok = async (res: Promise<{ status: number; body: any }> | any) => {
    const r = await res;
    if (r.status >= 300) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const names = (list: Array<{ id: string }>) => list.map((p) => Object.keys(ids).find((k) => ids[k] === p.id) ?? p.id).sort();
  const search = async (q: string) => names((await ok(as('committee').get(`/api/v1/proposals?q=${encodeURIComponent(q)}&pageSize=100`))).items);
  const submit = async (name: string, title: string, content: string, who: 'committee' | 'proposer' = 'committee') => {
    ids[name] = (await ok(as(who).post('/api/v1/proposals', { sessionId: dir.sessionId, title, content, leadProposerId: dir.proposerId }))).id;
  };

  beforeAll(async () => {
    api = await startApi('searchterms', '2024-01-16T09:00:00+08:00', { queues: [] });
    dir = await createDirectory(api);
    await submit('digital', '关于推进数字政府建设的提案', '建议加快一网通办，提升政务服务效率。');
    await submit('apart', '关于数字化转型的提案', '建议市政府统筹推进。'); // 数字 and 政府, not next to each other
    await submit('school', '关于中小学校周边交通安全的提案', '上下学高峰拥堵。'); // 学校 inside the word 中小学校
    await submit('elderly', '关于完善社区养老服务的提案', '建议建设嵌入式养老服务设施（之2000）。');
  }, 60_000);
  afterAll(() => api?.close());

  it('writes the terms with the proposal', async () => {
    const rows: Array<{ n: number }> = await sql(`SELECT count(*)::int AS n FROM proposals WHERE search_terms IS NULL`);
    expect(rows[0].n).toBe(0);
  });

  it.each([
    ['数字政府', ['digital']],
    ['学校', ['school']],
    ['养老服务', ['elderly']],
    ['交通安全', ['school']],
    // Not words: searched as a substring.
    ['数字政', ['digital']],
    ['之2000）', ['elderly']],
    ['数字', ['apart', 'digital']],
  ])('%s → %j', async (q, expected) => {
    expect(await search(q)).toEqual(expected);
  });

  it('uses the new text of a resubmitted proposal', async () => {
    await ok(as('committee').post(`/api/v1/proposals/${ids.apart}/review`, { decision: 'return', reason: '请补充内容' }));
    await ok(as('proposer').post(`/api/v1/proposals/${ids.apart}/resubmit`, { content: '建议推进数字政府与智慧城市建设。' }));
    expect(await search('数字政府')).toEqual(['apart', 'digital']);
    expect(await search('智慧城市')).toEqual(['apart']);
  });

  it('finds a proposal whose text changed without its terms by substring, until the backfill writes them', async () => {
    await sql(`UPDATE proposals SET content = '建议发展银发经济。' WHERE id = $1`, [ids.elderly]);
    const [{ stale }]: Array<{ stale: boolean }> = await sql(`SELECT search_terms IS NULL AS stale FROM proposals WHERE id = $1`, [ids.elderly]);
    expect(stale).toBe(true);
    expect(await search('银发经济')).toEqual(['elderly']);
    expect(await search('养老服务')).toEqual(['elderly']); // still in the title
    expect(await backfillSearchTerms(api.app.get(DataSource))).toBe(1);
    expect(await search('银发经济')).toEqual(['elderly']);
    expect(await search('嵌入式')).toEqual([]);
  });

  it('derives in the migration the pairs the domain writes from the text', async () => {
    // Texts of the intake fixtures: their words alone (as before the pairs), then the migration's SQL.
    const fixtures = readFileSync('test/fixtures/intake/proposals.jsonl', 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { title: string; content: string });
    expect(fixtures.length).toBeGreaterThan(100);
    const vectors = fixtures.map((f) => proposalSearchVector(f.title, f.content)!);
    const words = vectors.map((v) => v.split(/ (?=')/).filter((entry) => !entry.includes('+')).join(' '));
    const [{ differing }]: Array<{ differing: number }> = await sql(
      `SELECT count(*)::int AS differing FROM unnest($1::text[], $2::text[]) AS v(words, full_vector)
        WHERE ${SEARCH_TERM_PAIRS_SQL('v.words::tsvector')} IS DISTINCT FROM v.full_vector::tsvector`,
      [words, vectors],
    );
    expect(differing).toBe(0);
    expect(vectors.some((v) => v.includes('+'))).toBe(true);
  });

  it('counts a search exactly up to 1,000 and says "1,000+" beyond, the sampled count included', async () => {
    // 5,000 copies of the 数字政府 proposal (more entries than the sample reads), 700 of them filed.
    await sql(
      `INSERT INTO proposals (session_id, number, title, content, status, category, leader_name, lead_proposer_id, submitted_at, search_terms)
       SELECT session_id, 100000 + g, title, content, CASE WHEN g <= 700 THEN 'filed' ELSE status END, category, leader_name, lead_proposer_id, submitted_at, search_terms
         FROM proposals, generate_series(1, 5000) g WHERE id = $1`,
      [ids.digital],
    );
    await sql(`ANALYZE proposals`);
    const total = async (query: string) => {
      const body = await ok(as('committee').get(`/api/v1/proposals?${query}&pageSize=1`));
      return [body.total, body.totalIsLowerBound];
    };
    expect(await total(`q=${encodeURIComponent('数字政府')}`)).toEqual([1000, true]);
    expect(await total(`q=${encodeURIComponent('数字政府')}&status=filed`)).toEqual([700, false]);
    expect(await total(`q=${encodeURIComponent('推进数字政府')}&status=filed`)).toEqual([700, false]);
    expect(await total(`q=${encodeURIComponent('数字政府')}&status=submitted`)).toEqual([1000, true]);
  });

  it('gives the UI register the same matches', async () => {
    const jar = await signInByForm(api, 'tianwei', PASSWORD);
    for (const q of ['数字政府', '学校', '数字政']) {
      const res = await api.http.get(`/proposals?q=${encodeURIComponent(q)}&pageSize=100`).set('Cookie', jar.header());
      expect(res.status).toBe(200);
      const found = [...new Set([...res.text.matchAll(/<a href="\/proposals\/([0-9a-f-]{36})">/g)].map((m) => m[1]))];
      expect(names(found.map((id) => ({ id })))).toEqual(await search(q));
    }
  });
});
