import { DataSource } from 'typeorm';
import { ADMIN, startApi, type TestApi } from './support/api.js';

/**
 * With DUBAN_SESSION_CHECK_MS set (production: 2 s), an API process reuses its check of a token for
 * that long: a logout still takes effect at once in the process that handled it, and a revocation
 * written by another process (here: straight into revoked_tokens) only once the bound has passed.
 */
describe('auth: the session check reused for a bounded time', () => {
  let api: TestApi;
  let admin: string;
  const PASSWORD = 'password-for-cache-tests';
  const whoAmI = (token: string) => api.as(token).get('/api/v1/sessions');

  beforeAll(async () => {
    api = await startApi('sesscache', undefined, { env: { DUBAN_SESSION_CHECK_MS: '4000' }, queues: [] });
    admin = await api.login(ADMIN.username, ADMIN.password);
    expect((await api.as(admin).post('/api/v1/users', { username: 'liuyang', password: PASSWORD, role: 'committee', email: 'liuyang@example.com' })).status).toBe(201);
  }, 60_000);
  afterAll(() => api?.close());

  it('ends a session at once on logout in this process', async () => {
    const token = await api.login('liuyang', PASSWORD);
    expect((await whoAmI(token)).status).toBe(200);
    expect((await api.http.post('/api/v1/auth/logout').set('Authorization', `Bearer ${token}`)).status).toBe(204);
    expect((await whoAmI(token)).status).toBe(401);
  });

  it('honours a revocation made elsewhere within the bound, not before the check was reused', async () => {
    const token = await api.login('liuyang', PASSWORD);
    expect((await whoAmI(token)).status).toBe(200);
    const { jti } = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
    await api.app.get(DataSource).query(`INSERT INTO revoked_tokens (jti, expires_at) VALUES ($1, now() + interval '1 hour')`, [jti]);
    expect((await whoAmI(token)).status).toBe(200); // the process's check, reused
    await new Promise((r) => setTimeout(r, 4100));
    expect((await whoAmI(token)).status).toBe(401);
  });
});
