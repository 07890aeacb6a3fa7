import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { DataSource } from 'typeorm';
import { FeedbackLinkInvalidError, FeedbackLinks } from '#notifications';
import { DubanConfig } from '#common';
import { startApi, type TestApi } from '../support/api.js';
import { createDirectory, PASSWORD, type Directory } from '../support/directory.js';

/**
 * Issue 11, item 4 (sessions): whoever holds the signing key must not be able to choose a role or a
 * unit — the user row decides on every request — and the feedback links have a key of their own, so
 * a link signed with the session key is refused.
 */
describe('security: session claims and feedback-link keys', () => {
  let api: TestApi;
  let dir: Directory;
  let config: DubanConfig;
  let xzspId: string;

  beforeAll(async () => {
    api = await startApi('secsess', '2024-03-26T10:00:00+08:00');
    dir = await createDirectory(api);
    config = api.app.get(DubanConfig);
    const users = await api.as(dir.adminToken).get('/api/v1/users');
    xzspId = users.body.items.find((u: { username: string }) => u.username === 'xzsp').id;
  }, 60_000);
  afterAll(() => api?.close(), 60_000);

  /** A token with the app's own key (as a leaked or published key would allow) and chosen claims. */
  const forge = (claims: object) =>
    jwt.sign({ sub: xzspId, username: 'xzsp', jti: randomUUID(), epoch: 0, ...claims }, config.jwtSecret, { expiresIn: 3600 });

  it('a token claiming admin for a unit user acts as the unit user the row says', async () => {
    const forged = forge({ role: 'admin', unitId: null, proposerId: null, username: 'admin' });
    expect((await api.as(forged).get('/api/v1/users')).status).toBe(403);
    expect((await api.as(forged).post('/api/v1/users', { username: 'mole', password: 'Mole-password-9f3k', role: 'admin' })).status).toBe(403);
    // It is still the xzsp user (the row's unit): the unit's own desk answers.
    expect((await api.as(forged).get('/api/v1/proposals')).status).toBe(200);
  });

  it("a token claiming another unit does not see that unit's proposal", async () => {
    const committee = api.as(dir.tokens.committee);
    const created = await committee.post('/api/v1/proposals', { sessionId: dir.sessionId, number: 7, title: '关于加强校园安全的建议', content: '内容', leadProposerId: dir.proposerId });
    expect(created.status).toBe(201);
    expect((await committee.post(`/api/v1/proposals/${created.body.id}/review`, { decision: 'file' })).status).toBeLessThan(300);
    expect((await committee.post(`/api/v1/proposals/${created.body.id}/assignments`, { leadUnitId: dir.units.jiaoyu })).status).toBeLessThan(300);
    expect((await api.as(dir.tokens.jiaoyu).get(`/api/v1/proposals/${created.body.id}`)).status).toBe(200);
    const claimingJiaoyu = forge({ role: 'unit', unitId: dir.units.jiaoyu, proposerId: null });
    expect((await api.as(claimingJiaoyu).get(`/api/v1/proposals/${created.body.id}`)).status).toBe(404);
  });

  it('a change in the row applies to a token issued before it', async () => {
    const token = await api.login('tianwei', PASSWORD);
    expect((await api.as(token).get('/api/v1/users')).status).toBe(403);
    const ds = api.app.get(DataSource);
    await ds.query(`UPDATE users SET role = 'admin' WHERE username = 'tianwei'`);
    try {
      expect((await api.as(token).get('/api/v1/users')).status).toBe(200);
    } finally {
      await ds.query(`UPDATE users SET role = 'committee' WHERE username = 'tianwei'`);
    }
    expect((await api.as(token).get('/api/v1/users')).status).toBe(403);
  });

  it('a malformed subject is a 401, not a 500', async () => {
    expect((await api.as(forge({ sub: 'not-a-uuid', role: 'admin' })).get('/api/v1/users')).status).toBe(401);
  });

  it('refuses a feedback link signed with the session secret', async () => {
    const links = api.app.get(FeedbackLinks);
    const claims = { proposalId: randomUUID(), proposerId: dir.proposerId, round: 1 };
    const expires = new Date(Date.now() + 86_400_000);
    const now = new Date();
    // The app's own links verify...
    expect(links.verify(links.sign(claims, expires), now).proposalId).toBe(claims.proposalId);
    // ...a link made with the JWT secret (which signs sessions) does not.
    const withSessionKey = new FeedbackLinks({ secret: config.jwtSecret, publicUrl: config.publicUrl }).sign(claims, expires);
    expect(() => links.verify(withSessionKey, now)).toThrow(FeedbackLinkInvalidError);
    expect(config.feedbackLinkSecret).not.toBe(config.jwtSecret);
    const page = await api.http.get(`/feedback/${withSessionKey}`);
    expect(page.status).toBe(404);
  });
});
