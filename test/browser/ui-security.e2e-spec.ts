import { createRequire } from 'node:module';
import { DataSource } from 'typeorm';
import { ADMIN, eventually, startApi, type TestApi } from '../support/api.js';
import { createDirectory, PASSWORD, type Directory } from '../support/directory.js';
import { Jar, signInByForm, tokenIn } from '../support/ui-forms.js';
import { BOOT_TIMEOUT } from './support.js';

/**
 * The UI's security over plain HTTP (no browser): CSRF on forms and on cookie-authenticated API
 * calls, the login limit, the session cookie, the security headers, static files, and that the
 * UI's routes leave the API's alone.
 */
describe('UI security over HTTP', () => {
  let api: TestApi;
  let dir: Directory;

  beforeAll(async () => {
    api = await startApi('uisec', '2024-03-26T10:00:00+08:00');
    dir = await createDirectory(api);
  }, BOOT_TIMEOUT);
  afterAll(() => api?.close(), BOOT_TIMEOUT);

  /** Signs in through the login form, as a browser does. */
  const signIn = (username: string, password = PASSWORD): Promise<Jar> => signInByForm(api, username, password);

  it('refuses the login form without its CSRF token, and signs in with it', async () => {
    const bare = await api.http.post('/login').type('form').send({ username: 'tianwei', password: PASSWORD });
    expect(bare.status).toBe(403);
    expect(bare.text).toContain('表单已失效');

    const jar = new Jar();
    const page = await api.http.get('/login');
    jar.take(page);
    expect(jar.has('duban_csrf')).toBe(true);
    const res = await api.http.post('/login').set('Cookie', jar.header()).type('form').send({ _csrf: tokenIn(page.text), username: 'tianwei', password: PASSWORD, next: '/proposals' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/proposals');
    const session = (res.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('duban_session='))!;
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Lax/);
    expect(session).toMatch(/Max-Age=28800/);
  });

  it('never sends anyone elsewhere after signing in', async () => {
    const page = await api.http.get('/login');
    const jar = new Jar().take(page);
    const res = await api.http.post('/login').set('Cookie', jar.header()).type('form').send({ _csrf: tokenIn(page.text), username: 'tianwei', password: PASSWORD, next: '//evil.example/' });
    expect(res.headers.location).toBe('/');
  });

  it('sends a stranger to the login page, and back afterwards', async () => {
    const res = await api.http.get('/proposals?status=handling');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/login?next=%2Fproposals%3Fstatus%3Dhandling');
  });

  it('sends an expired session back to the login page and forgets it', async () => {
    const res = await api.http.get('/').set('Cookie', 'duban_session=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4IiwiZXhwIjoxfQ.expired');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/login?next=%2F');
    const cookies = (res.headers['set-cookie'] as unknown as string[]).join('\n');
    expect(cookies).toMatch(/duban_session=;/);
    expect(decodeURIComponent(cookies)).toContain('登录已过期');
  });

  it('ends the session on 退出: the old cookie, replayed, no longer signs anyone in', async () => {
    const jar = await signIn('jiaoyu');
    const kept = jar.header(); // a copy of the cookies, as a stolen or forgotten one would be
    const home = await api.http.get('/').set('Cookie', kept);
    expect(home.status).toBe(200);
    jar.take(home);
    const out = await api.http.post('/logout').set('Cookie', jar.header()).type('form').send({ _csrf: tokenIn(home.text) });
    expect(out.status).toBe(303);
    expect(out.headers.location).toBe('/login');
    expect(jar.take(out).has('duban_session')).toBe(false);

    const replayed = await api.http.get('/').set('Cookie', kept);
    expect(replayed.status).toBe(303);
    expect(replayed.headers.location).toBe('/login?next=%2F');
    expect((await api.http.get('/api/v1/proposals').set('Cookie', kept)).status).toBe(401);
  });

  it('refuses a cookie-authenticated API call without the CSRF header, not a bearer one', async () => {
    const jar = await signIn('tianwei');
    const noHeader = await api.http.post('/api/v1/proposals').set('Cookie', jar.header()).send({ title: 'x' });
    expect(noHeader.status).toBe(403);
    expect(noHeader.body).toMatchObject({ statusCode: 403, code: 'csrf_invalid' });

    const page = await api.http.get('/proposals/new').set('Cookie', jar.header());
    jar.take(page);
    const withHeader = await api.http.post('/api/v1/proposals').set('Cookie', jar.header()).set('X-CSRF-Token', tokenIn(page.text)).send({ title: 'x' });
    expect(withHeader.status).toBe(400);
    expect(withHeader.body.code).toBe('validation_failed');

    // An upload (multipart) carries the token in the header: its body is parsed after the guards.
    const upload = await api.http.post('/api/v1/proposals').set('Cookie', jar.header()).set('X-CSRF-Token', tokenIn(page.text)).field('title', 'x');
    expect(upload.status).toBe(400);
    const uploadWithout = await api.http.post('/api/v1/proposals').set('Cookie', jar.header()).field('_csrf', tokenIn(page.text));
    expect(uploadWithout.status).toBe(403);

    const bearer = await api.as(await api.login('tianwei', PASSWORD)).post('/api/v1/proposals', { title: 'x' });
    expect(bearer.status).toBe(400);

    // A token of another session does not pass.
    const other = await signIn('duchashi');
    const otherPage = await api.http.get('/').set('Cookie', other.header());
    const stolen = await api.http.post('/api/v1/proposals').set('Cookie', jar.header()).set('X-CSRF-Token', tokenIn(otherPage.text)).send({ title: 'x' });
    expect(stolen.status).toBe(403);
  });

  it('takes the import form posted without JavaScript (the token a field of the multipart body), and refuses it without a valid token, storing nothing', async () => {
    const jar = await signIn('tianwei');
    const list = await api.http.get('/imports').set('Cookie', jar.header());
    expect(list.status).toBe(200);
    jar.take(list);
    const token = tokenIn(list.text);
    expect(token).not.toBe('');
    const other = await signIn('duchashi');
    const otherToken = tokenIn((await api.http.get('/').set('Cookie', other.header())).text);
    const csv = Buffer.from(['编号,标题,内容,第一提案人', '401,关于完善社区养老服务设施的提案,建议在老旧小区配建社区养老服务站。,陈刚正'].join('\n'), 'utf8');
    const db = api.app.get(DataSource);
    const stored = async () => {
      const [{ imports, events }] = await db.query(
        `select (select count(*) from proposal_imports)::int as imports, (select count(*) from events where type = 'import.requested')::int as events`,
      );
      return { imports, events };
    };
    const post = (path: string, csrf?: string) => {
      const req = api.http.post(path).set('Cookie', jar.header()).field('sessionId', dir.sessionId);
      if (csrf !== undefined) req.field('_csrf', csrf);
      return req.attach('file', csv, { filename: '无脚本上传.csv', contentType: 'text/csv' });
    };

    // No token, a forged one, another session's, or one in the URL instead of the body: 403, nothing stored.
    const before = await stored();
    for (const refused of [post('/imports'), post('/imports', 'forged'), post('/imports', otherToken), post(`/imports?_csrf=${encodeURIComponent(token)}`)]) {
      const res = await refused;
      expect(res.status).toBe(403);
      expect(res.text).toContain('表单已失效');
    }
    expect(await stored()).toEqual(before);

    // The form as a browser without JavaScript posts it: redirected to the import, which shows its report.
    const res = await post('/imports', token);
    expect(res.status).toBe(303);
    expect(res.headers.location).toMatch(/^\/imports\/[0-9a-f-]{36}$/);
    expect(await stored()).toEqual({ imports: before.imports + 1, events: before.events + 1 });
    jar.take(res);
    const report = await eventually(async () => {
      const page = await api.http.get(res.headers.location).set('Cookie', jar.header());
      if (!page.text.includes('已完成')) throw new Error('not done yet');
      return page;
    }, 25_000);
    expect(report.status).toBe(200);
    expect(report.text).toContain('无脚本上传.csv');
    expect(report.text).toMatch(/导入 <strong>1<\/strong> 件/);
    // Done: no more reloading.
    expect(report.text).not.toContain('http-equiv="refresh"');
  }, 40_000);

  it('limits sign-in attempts: 10 a minute for one account from one address, then 429', async () => {
    for (let i = 0; i < 10; i++) {
      const res = await api.http.post('/api/v1/auth/login').send({ username: 'guesser', password: `guess-${i}` });
      expect(res.status).toBe(401);
    }
    const api11 = await api.http.post('/api/v1/auth/login').send({ username: 'Guesser', password: 'guess-11' });
    expect(api11.status).toBe(429);
    expect(api11.body.code).toBe('too_many_requests');
    expect(Number(api11.headers['retry-after'])).toBeGreaterThan(0);

    const page = await api.http.get('/login');
    const jar = new Jar().take(page);
    const form = await api.http.post('/login').set('Cookie', jar.header()).type('form').send({ _csrf: tokenIn(page.text), username: 'guesser', password: 'guess-12' });
    expect(form.status).toBe(429);
    expect(form.text).toContain('登录尝试过于频繁');

    // Another account from the same address is not locked out.
    expect((await api.http.post('/api/v1/auth/login').send({ username: 'xzsp', password: PASSWORD })).status).toBe(200);
  });

  it('sends a content security policy that allows only Duban itself', async () => {
    const res = await api.http.get('/login');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('no-store');
    const docs = await api.http.get('/api/docs/');
    expect(docs.status).toBe(200);
    expect(String(docs.headers['content-security-policy'])).toContain("style-src 'self' 'unsafe-inline'");
  });

  it('serves its stylesheet, script and htmx itself', async () => {
    const css = await api.http.get('/assets/duban.css');
    expect(css.status).toBe(200);
    expect(css.headers['content-type']).toMatch(/text\/css/);
    const htmx = await api.http.get('/assets/vendor/htmx/htmx.min.js');
    expect(htmx.status).toBe(200);
    expect(htmx.headers['content-type']).toMatch(/javascript/);
    const page = await api.http.get('/public/replies');
    expect(page.text).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)[^"'\s]*\.(js|css|woff2?)/);
  });

  it('shows an unknown page id as 404 and leaves the API, health and metrics alone', async () => {
    const jar = await signIn('tianwei');
    const bad = await api.http.get('/proposals/not-an-id').set('Cookie', jar.header());
    expect(bad.status).toBe(404);
    expect(bad.headers['content-type']).toMatch(/text\/html/);
    const missing = await api.http.get('/proposals/00000000-0000-4000-8000-000000000000').set('Cookie', jar.header());
    expect(missing.status).toBe(404);
    expect((await api.http.get('/health')).status).toBe(200);
    expect((await api.http.get('/metrics')).status).toBe(200);
    const pub = await api.http.get('/api/v1/public/replies');
    expect(pub.status).toBe(200);
    expect(pub.body).toMatchObject({ items: [], total: 0 });
  });

  it('serves bull-board to admins only, built on the one @bull-board/api the project installs', async () => {
    // @bull-board/express once brought its own older @bull-board/api: two copies, two sets of types.
    const require = createRequire(import.meta.url);
    const viaExpress = createRequire(require.resolve('@bull-board/express')).resolve('@bull-board/api');
    expect(viaExpress).toBe(require.resolve('@bull-board/api'));

    const admin = await signIn(ADMIN.username, ADMIN.password);
    const queues = await api.http.get('/admin/queues/api/queues').set('Cookie', admin.header());
    expect(queues.status).toBe(200);
    expect(queues.body.queues.map((q: { name: string }) => q.name)).toEqual(expect.arrayContaining(['notification', 'deadline']));
    const unit = await signIn('xzsp');
    expect((await api.http.get('/admin/queues/api/queues').set('Cookie', unit.header())).status).toBe(403);
  });

  it('lets public pages be cached for strangers, without cookies', async () => {
    const res = await api.http.get('/public/replies');
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=60');
    expect(res.headers['set-cookie']).toBeUndefined();
  });
});
