import { QueueName } from '#queue';
import { eventually, startApi, type TestApi } from './support/api.js';
import { createDirectory, type Directory } from './support/directory.js';

/**
 * Theme alerts: a proposal tagged with an alert theme at intake (营商环境, config/intake.json
 * `alertThemes`) escalates one step earlier when overdue: the escalation to the supervision leader
 * and the unit head fires with the overdue alert, then weekly; an ordinary proposal waits a week.
 */
describe('theme alerts: an overdue on a 营商环境 proposal escalates one step earlier', () => {
  let api: TestApi;
  let dir: Directory;
  const ids: Record<'alert' | 'plain', string> = { alert: '', plain: '' };

  beforeAll(async () => {
    api = await startApi('alert', '2024-01-16T09:00:00+08:00', { queues: [QueueName.Outbox, QueueName.Intake, QueueName.Assignment, QueueName.Deadline] });
    dir = await createDirectory(api);
  });
  afterAll(() => api?.close());

  const committee = () => api.as(dir.tokens.committee);
  const admin = () => api.as(dir.adminToken);
  const proposal = async (id: string) => (await api.as(dir.tokens.supervisor).get(`/api/v1/proposals/${id}`)).body;
  const replyEvents = async (id: string) =>
    (await api.as(dir.tokens.supervisor).get(`/api/v1/proposals/${id}/events`)).body
      .filter((e: any) => e.type.startsWith('deadline.') && e.payload.kind === 'reply' && e.payload.stageType !== 'reminder')
      .map((e: any) => `${e.type}#${e.payload.occurrence} ${e.payload.scheduledFor}`);

  it('tags the proposal at intake, and its reply deadline says it escalates early', async () => {
    const submit = (title: string, content: string, number: number) =>
      committee().post('/api/v1/proposals', { sessionId: dir.sessionId, number, title, content, leadProposerId: dir.proposerId });
    ids.alert = (await submit('关于深化“一件事一次办”改革持续优化营商环境的提案', '建议压减涉企审批事项，推行“一件事一次办”。', 11)).body.id;
    ids.plain = (await submit('关于推行“一件事一次办”的提案', '建议整合政务服务办事材料，推行“一件事一次办”，方便群众办事。', 12)).body.id;
    await eventually(async () => {
      expect((await proposal(ids.alert)).themes).toContain('营商环境');
      expect((await proposal(ids.plain)).category).not.toBeNull();
    });
    expect((await proposal(ids.plain)).themes).not.toContain('营商环境');
    for (const id of Object.values(ids)) await committee().post(`/api/v1/proposals/${id}/review`, { decision: 'file' });
    api.clock.set('2024-03-26T10:00:00+08:00');
    for (const id of Object.values(ids)) expect((await committee().post(`/api/v1/proposals/${id}/assignments`, { leadUnitId: dir.units.xzsp })).status).toBe(201);
    const alertReply = (await proposal(ids.alert)).deadlines.find((d: any) => d.kind === 'reply');
    const plainReply = (await proposal(ids.plain)).deadlines.find((d: any) => d.kind === 'reply');
    expect(alertReply).toMatchObject({ dueOn: '2024-06-26' });
    expect(alertReply.explanation).toContain('预警主题（营商环境）');
    expect(plainReply.explanation).not.toContain('预警主题');
  });

  it('escalates with the overdue alert, where an ordinary proposal only gets the overdue alert', async () => {
    await admin().post('/api/v1/admin/clock', { now: '2024-06-27T09:00:00+08:00' });
    await admin().post('/api/v1/admin/deadlines/sweep');
    const overdueAt = '2024-06-26T16:00:00.000Z'; // 2024-06-27 00:00 Beijing time
    expect(await replyEvents(ids.alert)).toEqual([`deadline.overdue#1 ${overdueAt}`, `deadline.escalated#1 ${overdueAt}`]);
    expect(await replyEvents(ids.plain)).toEqual([`deadline.overdue#1 ${overdueAt}`]);
    const escalated = (await api.as(dir.tokens.supervisor).get(`/api/v1/proposals/${ids.alert}/events`)).body.find((e: any) => e.type === 'deadline.escalated');
    expect(escalated.payload.notify).toEqual(['supervision_leader', 'unit_head']);
  });

  it('then escalates weekly from there, a week ahead of the ordinary one', async () => {
    await admin().post('/api/v1/admin/clock', { now: '2024-07-04T09:00:00+08:00' });
    await admin().post('/api/v1/admin/deadlines/sweep');
    expect((await replyEvents(ids.alert)).slice(2)).toEqual(['deadline.escalated#2 2024-07-03T16:00:00.000Z']);
    expect((await replyEvents(ids.plain)).slice(1)).toEqual(['deadline.escalated#1 2024-07-03T16:00:00.000Z']);
  });
});
