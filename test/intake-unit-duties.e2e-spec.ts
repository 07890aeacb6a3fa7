import { QueueName } from '#queue';
import { startApi, type TestApi } from './support/api.js';
import { createDirectory, type Directory } from './support/directory.js';

/**
 * Units know their duties (issue 16): a unit's 职能 (`duties`) and 部门类型 (`departmentType`) are
 * taken by POST/PATCH /api/v1/units, and routing suggestions learn from them — a unit of a type no
 * keyword rule names (残联, 消防救援) is suggested on day one, with reasons and a confidence.
 */
describe('units with duties and a department type', () => {
  let api: TestApi;
  let dir: Directory;
  let canlian: any;
  let rehab: string;

  beforeAll(async () => {
    api = await startApi('intakehduties', '2024-01-16T09:00:00+08:00', { queues: [QueueName.Outbox, QueueName.Intake] });
    dir = await createDirectory(api);
  });
  afterAll(() => api?.close());

  const admin = () => api.as(dir.adminToken);
  const unit = (code: string, extra: object) =>
    admin().post('/api/v1/units', { code, name: `市${code}单位`, kind: 'department', email: `${code}@pds.example.gov.cn`, ...extra });

  it('takes duties and departmentType on create and update, and refuses an unknown type naming the field', async () => {
    const created = await unit('canlian', { departmentType: 'canlian', duties: '负责全市残疾人康复、就业和权益保障工作。' });
    expect(created.status).toBe(201);
    canlian = created.body;
    expect(canlian).toMatchObject({ departmentType: 'canlian', duties: '负责全市残疾人康复、就业和权益保障工作。' });
    const bad = await unit('bad', { departmentType: 'no-such-type' });
    expect(bad.status).toBe(400);
    expect(bad.body.fields).toEqual(['departmentType']);
    const patched = await admin().patch(`/api/v1/units/${canlian.id}`, { duties: '负责全市残疾人康复、托养和无障碍环境建设。' });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ departmentType: 'canlian', duties: '负责全市残疾人康复、托养和无障碍环境建设。' });
    expect((await unit('xiaofang', { departmentType: 'xiaofang' })).status).toBe(201);
  });

  it('suggests a unit from its duties and type alone, with reasons a person can check and a confidence', async () => {
    const committee = api.as(dir.tokens.committee);
    const submit = async (number: number, title: string, content: string) =>
      (await committee.post('/api/v1/proposals', { sessionId: dir.sessionId, number, title, content, leadProposerId: dir.proposerId })).body.id;
    rehab = await submit(21, '关于加强我区残疾儿童康复救助的建议', '残疾儿童康复机构少、费用高，建议提高康复救助标准。');
    const fire = await submit(22, '关于整治电瓶车入户充电火灾隐患的建议', '电瓶车进楼入户充电风险大，建议加强入户检查和宣传。');
    const first = async (id: string) => (await committee.get(`/api/v1/proposals/${id}/routing-suggestions`)).body.items[0];
    const r = await first(rehab);
    expect(r).toMatchObject({ unitCode: 'canlian', rank: 1 });
    expect(r.confidence).toBeGreaterThan(0.3);
    expect(['high', 'medium']).toContain(r.certainty);
    const duties = r.reasons.find((x: any) => x.kind === 'duties');
    expect(duties.text).toMatch(/^提案中的“.*康复.*”属该单位职能$/);
    expect((await first(fire)).unitCode).toBe('xiaofang');
  });

  it('learns an assignment within seconds of it, from the assignment event (the incremental refresh)', async () => {
    const committee = api.as(dir.tokens.committee);
    expect((await committee.post(`/api/v1/proposals/${rehab}/review`, { decision: 'file' })).status).toBe(200);
    expect((await committee.post(`/api/v1/proposals/${rehab}/assignments`, { leadUnitId: canlian.id })).status).toBeLessThan(300);
    const later = (await committee.post('/api/v1/proposals', {
      sessionId: dir.sessionId, number: 25, title: '关于完善残疾儿童康复服务的建议', content: '残疾儿童康复机构少、费用高，建议扩大康复救助覆盖面。', leadProposerId: dir.proposerId,
    })).body.id;
    let learned: any;
    for (let i = 0; i < 100 && !learned; i++) {
      const first = (await committee.get(`/api/v1/proposals/${later}/routing-suggestions`)).body.items[0];
      learned = first?.unitCode === 'canlian' ? first.reasons.find((r: any) => r.kind === 'learned') : undefined;
      if (!learned) await new Promise((r) => setTimeout(r, 200));
    }
    expect(learned).toMatchObject({ assignments: 1 });
    expect(learned.words.length).toBeGreaterThan(0);
  });

  it('judges a short proposal\'s similar ones with the merge classifier: a probability for each, the same subject above a neighbouring one', async () => {
    const committee = api.as(dir.tokens.committee);
    const submit = async (number: number, title: string, content: string) =>
      (await committee.post('/api/v1/proposals', { sessionId: dir.sessionId, number, title, content, leadProposerId: dir.proposerId })).body.id;
    await submit(23, '关于规范电动自行车骑行佩戴头盔的建议', '骑电动车不戴头盔的现象普遍，建议加强交通执法和安全宣传。');
    const shed = await submit(24, '关于在小区建设电动车集中充电棚的提案', '电动车上楼入户充电引发火灾时有发生，建议在小区建设集中充电棚，杜绝飞线充电。');
    let similar: any;
    for (let i = 0; i < 100; i++) {
      similar = (await committee.get(`/api/v1/proposals/${shed}/similar`)).body;
      if (similar.status === 'done') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(similar.status).toBe('done');
    expect(similar.mergeThreshold).toBeGreaterThan(0);
    const byNumber = new Map(similar.items.map((s: any) => [s.number, s]));
    const fireItem: any = byNumber.get(22);
    const helmet: any = byNumber.get(23);
    expect(fireItem.mergeProbability).toBeGreaterThan(helmet?.mergeProbability ?? 0);
    // A candidate has the probability; one at the threshold may still not be (the second stage: titles asking
    // different things, 规范 a helmet rule vs 建设 a shed).
    for (const s of similar.items) if (s.duplicate) expect(s.mergeProbability).toBeGreaterThanOrEqual(similar.mergeThreshold);
    for (const s of similar.items) if (s.mergeProbability < similar.mergeThreshold) expect(s.duplicate).toBe(false);
    if (helmet) expect(helmet.duplicate).toBe(false);
  });
});
