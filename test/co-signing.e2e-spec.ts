import { createHmac } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { DataSource as DataSourceToken } from 'typeorm';
import { CoSigningLinks } from '#notifications';
import { eventually, startApi, type TestApi } from './support/api.js';
import { createDirectory, PASSWORD, type Directory } from './support/directory.js';

const REPLY = { content: '答复内容', resultCategory: 'B', signedBy: '局长', contactName: '张', contactPhone: '0375-1234567', public: true };

/**
 * 联名 (co-signing) through the API: the lead proposer invites members, each confirms or declines in
 * Duban or through the signed link of the invitation mail (a link answers once, expires, and a
 * tampered one is refused), filing review reads who answered, the rules may ask for a minimum of
 * confirmed co-signers, and only the confirmed see the proposal and receive its reply.
 */
describe('co-signing (联名)', () => {
  let api: TestApi;
  let dir: Directory;
  let ds: DataSource;
  /** 陈刚正 leads; 李明 (otherProposer) and 王芳 are invited; 赵磊 is invited and never answers. */
  let wang: { id: string; token: string };
  let zhao: { id: string; token: string };
  let groupId: string;
  const as = (who: keyof Directory['tokens']) => api.as(dir.tokens[who]);

  beforeAll(async () => {
    api = await startApi('cosign', '2025-01-10T09:00:00+08:00');
    dir = await createDirectory(api);
    ds = api.app.get(DataSourceToken);
    const admin = api.as(dir.adminToken);
    const member = async (name: string, username: string) => {
      const p = await admin.post('/api/v1/proposers', { name, kind: 'member', sector: '农业界', email: `${username}@example.com` });
      expect(p.status).toBe(201);
      expect((await admin.post('/api/v1/users', { username, password: PASSWORD, role: 'proposer', email: `${username}@example.com`, proposerId: p.body.id })).status).toBe(201);
      return { id: p.body.id as string, token: await api.login(username, PASSWORD) };
    };
    wang = await member('王芳', 'wangfang');
    zhao = await member('赵磊', 'zhaolei');
    groupId = (await admin.post('/api/v1/proposers', { name: '民盟平顶山市委', kind: 'group', email: 'minmeng@example.com' })).body.id;
  });
  afterAll(() => api?.close());

  async function draft(title: string): Promise<string> {
    const res = await as('proposer').post('/api/v1/proposals', { sessionId: dir.sessionId, title, content: `${title}的内容：建议多措并举。`, leadProposerId: dir.proposerId });
    expect(res.status).toBe(201);
    return res.body.id;
  }
  const invite = (id: string, proposerIds: string[], token = dir.tokens.proposer) => api.as(token).post(`/api/v1/proposals/${id}/co-signers`, { proposerIds });
  /** The signed link mailed to this invitee for this proposal (read from the planned notification). */
  async function mailedLink(proposalId: string, email: string): Promise<string> {
    const row = await eventually(async () => {
      const [r] = await ds.query(`SELECT body_text, subject, cc, link FROM notifications WHERE proposal_id = $1 AND type = 'co_signing_invitation' AND recipient_email = $2`, [proposalId, email]);
      if (!r) throw new Error(`no invitation mail to ${email} yet`);
      return r;
    });
    expect(row.subject).toContain('【联名邀请】陈刚正委员邀请您联名提出提案');
    expect(row.cc).toEqual([]);
    // The message centre opens the invitation, not the proposal (a 404 to the invitee until they confirm).
    expect(row.link).toMatch(/^\/co-signing\/[0-9a-f-]{36}$/);
    const m = /\/co-signing\/link\/([\w-]+\.[\w-]+\.[\w-]+)/.exec(row.body_text);
    expect(m).not.toBeNull();
    return m![1]!;
  }
  const states = async (id: string) =>
    Object.fromEntries((await as('committee').get(`/api/v1/proposals/${id}/co-signers`)).body.invitations.map((i: any) => [i.name, i.state]));

  let proposalId: string;
  let invitations: Record<string, string>;

  it('the lead proposer invites members; each invitee is mailed the text with a signed link; nobody becomes a co-proposer yet', async () => {
    proposalId = await draft('关于发展乡村特色产业的提案');
    const res = await invite(proposalId, [dir.otherProposerId, wang.id, zhao.id]);
    expect(res.status).toBe(201);
    expect(res.body.items.map((i: any) => i.state)).toEqual(['pending', 'pending', 'pending']);
    invitations = Object.fromEntries(res.body.items.map((i: any) => [i.proposerId, i.id]));
    const link = await mailedLink(proposalId, 'liming@example.com');
    expect(link.split('.')).toHaveLength(3);
    const [mail] = await ds.query(`SELECT body_text FROM notifications WHERE proposal_id = $1 AND recipient_email = 'liming@example.com'`, [proposalId]);
    expect(mail.body_text).toContain('关于发展乡村特色产业的提案的内容');
    expect((await as('committee').get(`/api/v1/proposals/${proposalId}`)).body.coProposerIds ?? []).toEqual([]);
    const types = (await as('committee').get(`/api/v1/proposals/${proposalId}/events`)).body.map((e: any) => e.type);
    expect(types.filter((t: string) => t === 'cosigning.invited')).toHaveLength(3);
  });

  it('refuses what is not an invitation: a second one for the same member, the lead, a group, an unknown id, another proposer inviting', async () => {
    const again = await invite(proposalId, [wang.id]);
    expect(again.status).toBe(409);
    expect(again.body.errorCode).toBe('CO_SIGNER_ALREADY_INVITED');
    const lead = await invite(proposalId, [dir.proposerId]);
    expect([lead.status, lead.body.errorCode, lead.body.fields]).toEqual([400, 'CO_SIGNER_INVALID', ['proposerIds']]);
    const group = await invite(proposalId, [groupId]);
    expect([group.status, group.body.errorCode]).toEqual([400, 'CO_SIGNER_INVALID']);
    expect((await invite(proposalId, ['00000000-0000-4000-8000-000000000000'])).status).toBe(400);
    expect((await invite(proposalId, [])).status).toBe(400);
    // An invitee does not see the proposal, so they cannot invite either (404); staff enter paper co-proposers instead (403).
    expect((await invite(proposalId, [zhao.id], wang.token)).status).toBe(404);
    expect((await invite(proposalId, [zhao.id], dir.tokens.committee)).status).toBe(403);
  });

  it('a pending co-signer gets 404 on the proposal, but reads their invitation with the text', async () => {
    expect((await api.as(wang.token).get(`/api/v1/proposals/${proposalId}`)).status).toBe(404);
    const mine = await api.as(wang.token).get('/api/v1/co-signing/invitations');
    expect(mine.body.items).toEqual([expect.objectContaining({ proposalId, state: 'pending', answerable: true, leadProposerName: '陈刚正', title: '关于发展乡村特色产业的提案' })]);
    const one = await api.as(wang.token).get(`/api/v1/co-signing/invitations/${invitations[wang.id]}`);
    expect(one.body.proposal.content).toContain('多措并举');
    // Someone else's invitation is not told apart from a missing one.
    expect((await api.as(zhao.token).get(`/api/v1/co-signing/invitations/${invitations[wang.id]}`)).status).toBe(404);
    expect((await api.as(zhao.token).post(`/api/v1/co-signing/invitations/${invitations[wang.id]}/answer`, { answer: 'confirm' })).status).toBe(404);
  });

  it('王芳 confirms in the app: she becomes a co-proposer and sees the proposal; a second answer is refused', async () => {
    const res = await api.as(wang.token).post(`/api/v1/co-signing/invitations/${invitations[wang.id]}/answer`, { answer: 'confirm' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ state: 'confirmed', via: 'app' });
    expect((await api.as(wang.token).get(`/api/v1/proposals/${proposalId}`)).status).toBe(200);
    const twice = await api.as(wang.token).post(`/api/v1/co-signing/invitations/${invitations[wang.id]}/answer`, { answer: 'decline' });
    expect([twice.status, twice.body.errorCode]).toEqual([409, 'CO_SIGNING_ANSWERED']);
    const bad = await api.as(wang.token).post(`/api/v1/co-signing/invitations/${invitations[wang.id]}/answer`, { answer: 'maybe' });
    expect(bad.status).toBe(400);
    // The lead proposer hears of the answer (联名答复).
    const told = await eventually(async () => {
      const [r] = await ds.query(`SELECT subject, link FROM notifications WHERE proposal_id = $1 AND type = 'co_signing_answer' AND recipient_email = 'chengangzheng@example.com'`, [proposalId]);
      if (!r) throw new Error('no 联名答复 yet');
      return r;
    });
    expect(told).toEqual({ subject: '【联名答复】王芳委员确认联名《关于发展乡村特色产业的提案》', link: `/proposals/${proposalId}/co-signers` });
  });

  it('李明 declines through the signed link; the link then answers nothing more, and a tampered one is refused', async () => {
    const token = await mailedLink(proposalId, 'liming@example.com');
    const view = await api.http.get(`/api/v1/co-signing-links/${token}`);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ state: 'pending', answerable: true, invitee: { name: '李明' }, proposal: { title: '关于发展乡村特色产业的提案', leadProposerName: '陈刚正' } });
    const [head, body, sig] = token.split('.');
    const tampered = `${head}.${body}.${sig!.slice(0, -2)}${sig!.endsWith('AA') ? 'BB' : 'AA'}`;
    expect((await api.http.post(`/api/v1/co-signing-links/${tampered}`).send({ answer: 'confirm' })).status).toBe(404);
    expect((await api.http.get(`/api/v1/co-signing-links/not-a-token`)).status).toBe(404);
    // A link signed with another key (a feedback link's, or a forger's) is not ours.
    const forged = new CoSigningLinks({ secret: createHmac('sha256', 'x').digest('hex'), publicUrl: 'http://x' }).sign({ invitationId: invitations[dir.otherProposerId]!, proposerId: dir.otherProposerId }, new Date('2030-01-01'));
    expect((await api.http.post(`/api/v1/co-signing-links/${forged}`).send({ answer: 'confirm' })).status).toBe(404);
    const declined = await api.http.post(`/api/v1/co-signing-links/${token}`).send({ answer: 'decline' });
    expect(declined.status).toBe(200);
    expect(declined.body).toMatchObject({ state: 'declined', via: 'link' });
    const reused = await api.http.post(`/api/v1/co-signing-links/${token}`).send({ answer: 'confirm' });
    expect([reused.status, reused.body.errorCode]).toEqual([409, 'CO_SIGNING_ANSWERED']);
    expect((await api.http.get(`/api/v1/co-signing-links/${token}`)).body).toMatchObject({ state: 'declined', answerable: false });
    expect((await as('otherProposer').get(`/api/v1/proposals/${proposalId}`)).status).toBe(404);
  });

  it('filing review shows who confirmed, declined and has not answered', async () => {
    expect(await states(proposalId)).toEqual({ 王芳: 'confirmed', 李明: 'declined', 赵磊: 'pending' });
    const view = (await as('committee').get(`/api/v1/proposals/${proposalId}/co-signers`)).body;
    expect(view).toMatchObject({ open: true, minConfirmed: 0, counts: { invited: 3, confirmed: 1, declined: 1, pending: 1 } });
    expect((await as('proposer').get(`/api/v1/proposals/${proposalId}/co-signers`)).status).toBe(200);
    // A co-proposer reads the proposal, not the invitations; a unit neither.
    expect((await api.as(wang.token).get(`/api/v1/proposals/${proposalId}/co-signers`)).status).toBe(403);
    expect((await as('xzsp').get(`/api/v1/proposals/${proposalId}/co-signers`)).status).toBe(403);
  });

  it('the rules may ask a joint proposal for a minimum of confirmed co-signers: filing is refused until it is met', async () => {
    const rules = await api.as(dir.adminToken).patch(`/api/v1/sessions/${dir.sessionId}`, { rulesOverride: { coSigning: { minConfirmed: 2 } }, rulesReason: '联名提案须至少两位委员确认联名' });
    expect(rules.status).toBe(200);
    const refused = await as('committee').post(`/api/v1/proposals/${proposalId}/review`, { decision: 'file' });
    expect(refused.status).toBe(409);
    expect(refused.body.errorCode).toBe('CO_SIGNERS_TOO_FEW');
    expect(refused.body.messageZh).toContain('联名提案确认联名的提案者人数不足');
    // Not a joint proposal (no invitation): filed whatever the minimum.
    const alone = await draft('关于完善社区养老服务的提案');
    expect((await as('committee').post(`/api/v1/proposals/${alone}/review`, { decision: 'file' })).status).toBe(200);
    // Another confirmation meets it.
    const another = await draft('关于扩大农村电商覆盖的提案');
    const made = await invite(another, [wang.id, zhao.id]);
    for (const [who, i] of [[wang, made.body.items[0]], [zhao, made.body.items[1]]] as const) {
      expect((await api.as(who.token).post(`/api/v1/co-signing/invitations/${i.id}/answer`, { answer: 'confirm' })).status).toBe(200);
    }
    expect((await as('committee').post(`/api/v1/proposals/${another}/review`, { decision: 'file' })).status).toBe(200);
    expect((await api.as(dir.adminToken).patch(`/api/v1/sessions/${dir.sessionId}`, { rulesOverride: {}, rulesReason: '恢复' })).status).toBe(200);
  });

  it('once filed, co-signing is closed: no invitation, no answer (the pending one stays unanswered)', async () => {
    expect((await as('committee').post(`/api/v1/proposals/${proposalId}/review`, { decision: 'file' })).status).toBe(200);
    const late = await api.as(zhao.token).post(`/api/v1/co-signing/invitations/${invitations[zhao.id]}/answer`, { answer: 'confirm' });
    expect([late.status, late.body.errorCode]).toEqual([409, 'CO_SIGNING_CLOSED']);
    const more = await invite(proposalId, [groupId]);
    expect(more.status).toBeGreaterThanOrEqual(400);
    expect((await as('committee').get(`/api/v1/proposals/${proposalId}/co-signers`)).body.open).toBe(false);
  });

  it('the reply notice reaches the lead proposer and the confirmed co-signer only', async () => {
    api.clock.set('2025-03-03T10:00:00+08:00');
    const [a] = (await as('committee').post(`/api/v1/proposals/${proposalId}/assignments`, { leadUnitId: dir.units.xzsp })).body;
    expect((await as('xzsp').post(`/api/v1/assignments/${a.id}/accept`)).status).toBe(200);
    expect((await as('xzsp').post(`/api/v1/assignments/${a.id}/reply`, REPLY)).status).toBe(201);
    const to = await eventually(async () => {
      const rows: Array<{ recipient_email: string }> = await ds.query(
        `SELECT recipient_email FROM notifications WHERE proposal_id = $1 AND type = 'reply_notice' AND recipient_ref LIKE 'proposer:%' ORDER BY recipient_email`,
        [proposalId],
      );
      if (rows.length < 2) throw new Error('reply notices not planned yet');
      return rows.map((r) => r.recipient_email);
    });
    expect(to).toEqual(['chengangzheng@example.com', 'wangfang@example.com']);
  });

  it('an expired link is 410, and the invitation can still be answered in the app', async () => {
    const id = await draft('关于加强农田水利建设的提案');
    const made = await invite(id, [dir.otherProposerId]);
    const token = await mailedLink(id, 'liming@example.com');
    api.clock.set('2025-03-20T10:00:00+08:00');
    const expired = await api.http.post(`/api/v1/co-signing-links/${token}`).send({ answer: 'confirm' });
    expect([expired.status, expired.body.errorCode]).toEqual([410, 'CO_SIGNING_LINK_EXPIRED']);
    expect((await api.http.get(`/api/v1/co-signing-links/${token}`)).status).toBe(410);
    expect((await as('otherProposer').post(`/api/v1/co-signing/invitations/${made.body.items[0].id}/answer`, { answer: 'confirm' })).body.state).toBe('confirmed');
  });
});
