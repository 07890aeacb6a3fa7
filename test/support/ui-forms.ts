import type { Response } from 'supertest';
import type { TestApi } from './api.js';

/** The cookies a browser would keep, from Set-Cookie headers. */
export class Jar {
  private readonly cookies = new Map<string, string>();

  take(res: Response): this {
    const raw = res.headers['set-cookie'] as unknown as string[] | undefined;
    for (const c of raw ?? []) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      const value = pair.slice(i + 1);
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(c)) this.cookies.delete(pair.slice(0, i));
      else this.cookies.set(pair.slice(0, i), value);
    }
    return this;
  }

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  has(name: string): boolean {
    return this.cookies.has(name);
  }
}

/** The CSRF token of a page's forms. */
export const tokenIn = (html: string): string => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

/** Signs in through the login form, as a browser does (over HTTP, no browser), and keeps the cookies. */
export async function signInByForm(api: TestApi, username: string, password: string): Promise<Jar> {
  const jar = new Jar();
  const page = await api.http.get('/login');
  jar.take(page);
  const res = await api.http.post('/login').set('Cookie', jar.header()).type('form').send({ _csrf: tokenIn(page.text), username, password, next: '/proposals' });
  if (res.status !== 303) throw new Error(`sign-in of ${username} failed: ${res.status}`);
  return jar.take(res);
}
