import jwt from 'jsonwebtoken';
import { startApi, type TestApi } from '../support/api.js';
import { createDirectory, PASSWORD, type Directory } from '../support/directory.js';

/**
 * Issue 11, item 11: `aaaaaaaaaaaa`, `1234567890` and passwords built from the username were
 * accepted, and `Admin` could be created beside `admin`. The policy (≥ 12 characters, a zxcvbn
 * score of at least 3, no one-character run, nothing from the username) holds wherever a password
 * is set, and usernames are unique regardless of case.
 */
describe('security: password policy and usernames', () => {
  let api: TestApi;
  let dir: Directory;

  beforeAll(async () => {
    api = await startApi('secpass', '2024-03-26T10:00:00+08:00');
    dir = await createDirectory(api);
  }, 60_000);
  afterAll(() => api?.close(), 60_000);

  const refusedPassword = (res: { status: number; body: any }, why: RegExp) => {
    expect({ status: res.status, fields: res.body.fields }).toEqual({ status: 400, fields: ['password'] });
    expect(res.body.message).toMatch(why);
  };

  it.each([
    ['aaaaaaaaaaaa', /one character repeated/],
    ['1234567890', /at least 12 characters/],
    ['123456789012', /too easy to guess/],
    ['qwertyuiopasdf', /too easy to guess/],
    ['gaoxin-staff-2024', /built from the username/],
    ['GaoXin-2024-Mima', /built from the username/],
  ])('refuses a new user with password %j', async (password, why) => {
    const admin = api.as(dir.adminToken);
    refusedPassword(await admin.post('/api/v1/users', { username: 'gaoxin', password, role: 'committee', email: 'gaoxin@example.com' }), why);
    const users = await admin.get('/api/v1/users');
    expect(users.body.items.map((u: { username: string }) => u.username)).not.toContain('gaoxin');
  });

  it('refuses a weak new password for an existing user and keeps the old one', async () => {
    const admin = api.as(dir.adminToken);
    const users = await admin.get('/api/v1/users');
    const tianwei = users.body.items.find((u: { username: string }) => u.username === 'tianwei');
    refusedPassword(await admin.patch(`/api/v1/users/${tianwei.id}`, { password: 'tianwei12345678' }), /built from the username/);
    refusedPassword(await admin.patch(`/api/v1/users/${tianwei.id}`, { password: 'password1234' }), /too easy to guess/);
    expect(await api.login('tianwei', PASSWORD)).toEqual(expect.any(String));
  });

  it('refuses a username that differs from an existing one only in case, with 409 naming username', async () => {
    const admin = api.as(dir.adminToken);
    for (const username of ['Admin', 'TIANWEI', 'XzSp']) {
      const res = await admin.post('/api/v1/users', { username, password: 'Keeper-of-keys-2031', role: 'admin' });
      expect({ username, status: res.status, fields: res.body.fields }).toEqual({ username, status: 409, fields: ['username'] });
    }
    const users = await admin.get('/api/v1/users');
    const names = users.body.items.map((u: { username: string }) => u.username.toLowerCase());
    expect(names.length).toBe(new Set(names).size);
  });

  it('logs in with the username in any case, as the one user', async () => {
    const res = await api.http.post('/api/v1/auth/login').send({ username: 'TianWei', password: PASSWORD });
    expect(res.status).toBe(200);
    const users = await api.as(dir.adminToken).get('/api/v1/users');
    const tianwei = users.body.items.find((u: { username: string }) => u.username === 'tianwei');
    expect(jwt.decode(res.body.accessToken)).toMatchObject({ sub: tianwei.id });
  });
});
