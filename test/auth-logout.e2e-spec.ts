import { JwtService } from '@nestjs/jwt';
import { DataSource } from 'typeorm';
import { ADMIN, startApi, type TestApi } from './support/api.js';

/**
 * Signing out ends a session at once: the token is revoked, not only the cookie cleared. An admin
 * changing a user's password, role or binding, or deactivating the user, ends all of the user's
 * sessions. A request with such a token is 401.
 */
describe('auth: logout and revoked tokens', () => {
  let api: TestApi;
  let admin: string;
  let userId: string;
  let unitId: string;
  const PASSWORD = 'password-for-logout-tests';

  const whoAmI = (token: string) => api.as(token).get('/api/v1/sessions');
  const db = () => api.app.get(DataSource);

  beforeAll(async () => {
    api = await startApi('authlogout');
    admin = await api.login(ADMIN.username, ADMIN.password);
    unitId = (await api.as(admin).post('/api/v1/units', { code: 'xzsp', name: '市行政审批和政务信息管理局', kind: 'department', email: 'xzsp@pds.example.gov.cn' })).body.id;
    const user = await api.as(admin).post('/api/v1/users', { username: 'tianwei', password: PASSWORD, role: 'committee', email: 'tianwei@example.com' });
    expect(user.status).toBe(201);
    userId = user.body.id;
  }, 60_000);
  afterAll(() => api?.close());

  it('revokes the bearer token on POST /api/v1/auth/logout; the user\'s other sessions go on', async () => {
    const token = await api.login('tianwei', PASSWORD);
    const other = await api.login('tianwei', PASSWORD);
    expect((await whoAmI(token)).status).toBe(200);

    const out = await api.http.post('/api/v1/auth/logout').set('Authorization', `Bearer ${token}`);
    expect(out.status).toBe(204);
    const refused = await whoAmI(token);
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('unauthenticated');
    expect((await whoAmI(other)).status).toBe(200);

    // Kept as long as the token would have lived (DUBAN_SESSION_TTL, 8 h), not longer.
    const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as { jti: string; exp: number };
    const [row] = await db().query(`SELECT extract(epoch FROM expires_at)::bigint AS exp FROM revoked_tokens WHERE jti = $1`, [claims.jti]);
    expect(Number(row.exp)).toBe(claims.exp);
  });

  it('revokes the session cookie sent to the API logout too, and purges revocations of tokens that have expired', async () => {
    await db().query(`INSERT INTO revoked_tokens (jti, expires_at) VALUES (gen_random_uuid(), now() - interval '1 minute')`);
    const token = await api.login('tianwei', PASSWORD);
    const out = await api.http.post('/api/v1/auth/logout').set('Cookie', `duban_session=${token}`);
    expect(out.status).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/duban_session=;/);
    expect((await whoAmI(token)).status).toBe(401);
    const [{ expired }] = await db().query(`SELECT count(*)::int AS expired FROM revoked_tokens WHERE expires_at < now()`);
    expect(expired).toBe(0);
  });

  it('ends every session of a user whose password the admin changes; the new password signs in', async () => {
    const token = await api.login('tianwei', PASSWORD);
    const renamed = await api.as(admin).patch(`/api/v1/users/${userId}`, { email: 'tianwei2@example.com' });
    expect(renamed.status).toBe(200);
    expect((await whoAmI(token)).status).toBe(200); // an e-mail address is not in the token

    expect((await api.as(admin).patch(`/api/v1/users/${userId}`, { password: `${PASSWORD}-2` })).status).toBe(200);
    expect((await whoAmI(token)).status).toBe(401);
    const fresh = await api.login('tianwei', `${PASSWORD}-2`);
    expect((await whoAmI(fresh)).status).toBe(200);
  });

  it('ends the sessions of a user whose role changes or who is deactivated', async () => {
    const committee = await api.login('tianwei', `${PASSWORD}-2`);
    expect((await api.as(admin).patch(`/api/v1/users/${userId}`, { role: 'unit', unitId })).status).toBe(200);
    expect((await whoAmI(committee)).status).toBe(401);

    const unit = await api.login('tianwei', `${PASSWORD}-2`);
    expect((await whoAmI(unit)).status).toBe(200);
    expect((await api.as(admin).patch(`/api/v1/users/${userId}`, { active: false })).status).toBe(200);
    expect((await whoAmI(unit)).status).toBe(401);
    expect((await api.http.post('/api/v1/auth/login').send({ username: 'tianwei', password: `${PASSWORD}-2` })).status).toBe(401);
  });

  it('refuses a token signed without an id (one that could never be revoked)', async () => {
    const jwt = api.app.get(JwtService);
    const [adminRow] = await db().query(`SELECT id FROM users WHERE username = $1`, [ADMIN.username]);
    const bare = await jwt.signAsync({ sub: adminRow.id, username: ADMIN.username, role: 'admin', unitId: null, proposerId: null });
    expect((await whoAmI(bare)).status).toBe(401);
  });
});
