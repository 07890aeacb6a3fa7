import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { BOOT_TIMEOUT, describeWithBrowser, startDemoBrowserApp, type BrowserApp } from './support.js';

/**
 * The UI reviewed as each role uses it, on a 1366×768 monitor and a 390×844 phone (issue 12): every
 * page a role works in renders without a server error, without sideways scrolling and without
 * script or CSP errors, and a proposal page states its 概况 first. DUBAN_SCREENSHOTS=on saves the
 * first screen of each into docs/screenshots/review/ (`<role>-<page>-<size>.png`) for docs/ui.md.
 */
const SHOTS = process.env.DUBAN_SCREENSHOTS === 'on';
const SHOT_DIR = new URL('../../docs/screenshots/review/', import.meta.url).pathname;
const SIZES = [
  { name: 'desktop', width: 1366, height: 768 },
  { name: 'phone', width: 390, height: 844 },
] as const;

describeWithBrowser('The UI at 1366×768 and 390×844, role by role', () => {
  let app: BrowserApp;
  let page: Page;
  let no196: string;

  beforeAll(async () => {
    let ids: Record<number, string>;
    ({ app, ids } = await startDemoBrowserApp('uireview'));
    page = app.page;
    no196 = ids[196];
    if (SHOTS) mkdirSync(SHOT_DIR, { recursive: true });
  }, BOOT_TIMEOUT);
  afterAll(() => app?.close(), BOOT_TIMEOUT);

  const ROLES: Array<{ role: string; login?: [string, string]; pages: Array<[string, () => string]> }> = [
    { role: 'committee', login: ['tianwei', 'demo-tiweihui-2024'], pages: [['desk', () => '/'], ['register', () => '/proposals'], ['proposal', () => `/proposals/${no196}`]] },
    { role: 'supervisor', login: ['duchashi', 'demo-duchaban-2024'], pages: [['dashboard', () => '/supervision'], ['business', () => '/supervision/business'], ['proposal', () => `/proposals/${no196}`]] },
    { role: 'unit', login: ['xzsp', 'demo-shenpiju-2024'], pages: [['desk', () => '/'], ['register', () => '/proposals'], ['proposal', () => `/proposals/${no196}`]] },
    { role: 'proposer', login: ['chengangzheng', 'demo-weiyuan-2024'], pages: [['desk', () => '/'], ['proposal', () => `/proposals/${no196}`]] },
    { role: 'admin', login: ['admin', 'demo-guanliyuan-2024'], pages: [['users', () => '/admin/users'], ['units', () => '/admin/units']] },
    { role: 'public', pages: [['replies', () => '/public/replies'], ['reply', () => `/public/replies/${no196}`]] },
  ];

  it.each(ROLES.map((r) => [r.role, r] as const))('%s: every page at both sizes, no error, no sideways scrolling', async (_role, r) => {
    if (r.login) await app.login(...r.login);
    else await app.signOut();
    const seen: Array<{ page: string; size: string; status: number; overflow: number }> = [];
    for (const size of SIZES) {
      await page.setViewportSize({ width: size.width, height: size.height });
      for (const [name, path] of r.pages) {
        const res = await page.goto(path());
        const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
        seen.push({ page: name, size: size.name, status: res?.status() ?? 0, overflow });
        if (name === 'proposal') {
          // 概况 comes before any form: state, the nearest deadline and the next steps.
          const order = await page.evaluate<string[]>(`[...document.querySelectorAll('#glance, #actions, #content')].map((e) => e.id)`);
          expect(order[0]).toBe('glance');
        }
        if (SHOTS) await page.screenshot({ path: `${SHOT_DIR}${r.role}-${name}-${size.name}.png`, fullPage: false });
      }
    }
    await page.setViewportSize({ width: 1366, height: 768 });
    expect(seen).toEqual(seen.map((s) => ({ ...s, status: 200, overflow: 0 })));
    const own = app.consoleErrors.filter((e) => !/\/admin\/queues|\/api\/docs/.test(new URL(e.url).pathname));
    expect(own).toEqual([]);
  }, 60_000);
});
