import { Redis } from 'ioredis';
import { startApi, type TestApi } from '../support/api.js';
import { createDirectory, PASSWORD } from '../support/directory.js';

/**
 * Issue 11, items 1 and 5: the sign-in limit cannot be walked around by another spelling of the
 * route, lives in Redis (shared by every API copy), and the API's login cannot be posted by another
 * site's form (login CSRF).
 */
describe('security: sign-in', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startApi('seclogin', '2024-03-26T10:00:00+08:00');
    await createDirectory(api);
  }, 60_000);
  afterAll(() => api?.close(), 60_000);

  it('counts every spelling of the login routes, and the right password is refused during a lockout', async () => {
    // Guess until locked out: 10 attempts a minute for one account (the directory's sign-in counted one).
    const statuses: number[] = [];
    for (let i = 0; i < 11 && statuses.at(-1) !== 429; i++) {
      statuses.push((await api.http.post('/api/v1/auth/login').send({ username: 'xzsp', password: `wrong-${i}` })).status);
    }
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.slice(0, -1).every((s) => s === 401)).toBe(true);
    for (const path of ['/api/v1/auth/login', '/api/v1/auth/login/', '/api/v1/Auth/Login', '/API/V1/AUTH/LOGIN/']) {
      const res = await api.http.post(path).send({ username: 'XZSP ', password: PASSWORD });
      expect({ path, status: res.status }).toEqual({ path, status: 429 });
      expect(res.body.accessToken).toBeUndefined();
    }
    for (const path of ['/Login', '/Login/', '/LOGIN']) {
      const res = await api.http.post(path).type('form').send({ username: 'xzsp', password: PASSWORD });
      // The form without its CSRF token is refused too; what matters is that no session is set.
      expect([403, 429]).toContain(res.status);
      expect(String(res.headers['set-cookie'] ?? '')).not.toContain('duban_session=');
    }
  });

  it('keeps the counters in Redis under the deployment prefix, where every API copy reads them', async () => {
    const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    try {
      const keys = await redis.keys(`${api.db.name}:login:*`);
      expect(keys.length).toBeGreaterThan(0);
      // A second API copy sees the lockout: the key says 10+ attempts for the account.
      const account = keys.find((k) => k.includes(':login:account') && k.endsWith('|xzsp'));
      expect(Number(await redis.get(account!))).toBeGreaterThanOrEqual(10);
    } finally {
      redis.disconnect();
    }
  });

  it('API login is JSON only: a cross-site urlencoded or text/plain form gets no session', async () => {
    for (const type of ['form', 'text']) {
      const body = type === 'form' ? 'username=jiaoyu&password=' + encodeURIComponent(PASSWORD) : JSON.stringify({ username: 'jiaoyu', password: PASSWORD });
      const res = await api.http.post('/api/v1/auth/login').set('Origin', 'https://evil.example').set('Content-Type', type === 'form' ? 'application/x-www-form-urlencoded' : 'text/plain').send(body);
      expect([400, 415]).toContain(res.status);
      expect(res.headers['set-cookie']).toBeUndefined();
    }
  });

  it('a cross-site JSON login (CORS would hide the answer anyway) sets no cookie; a same-origin one does', async () => {
    const cross = await api.http.post('/api/v1/auth/login').set('Origin', 'https://evil.example').set('Sec-Fetch-Site', 'cross-site').send({ username: 'jiaoyu', password: PASSWORD });
    expect(cross.status).toBe(200);
    expect(cross.headers['set-cookie']).toBeUndefined();
    const same = await api.http.post('/api/v1/auth/login').send({ username: 'jiaoyu', password: PASSWORD });
    expect(same.status).toBe(200);
    expect(String(same.headers['set-cookie'])).toContain('duban_session=');
  });
});
