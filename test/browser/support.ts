import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { DemoSeeder } from '../../apps/standalone/src/demo/seed-demo.js';
import { RulesProvider } from '#kernel';
import { DEMO_NOW } from '../../apps/standalone/src/demo/demo-data.js';
import { eventually, startApi, type StartOptions, type TestApi } from '../support/api.js';

/** Debian's Chromium (installed by .ci/run), or CHROMIUM_PATH. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Jest's default 5 s is too short for booting Duban and Chromium, and for a page flow. */
export const BOOT_TIMEOUT = 120_000;
export const STEP_TIMEOUT = 30_000;

/** The browser tests need Chromium; without it they are skipped (CI installs it). */
export const describeWithBrowser = existsSync(CHROMIUM) ? describe : describe.skip;

export interface BrowserApp {
  api: TestApi;
  /** http://127.0.0.1:<port> */
  baseUrl: string;
  context: BrowserContext;
  page: Page;
  /** Signs in through the login form (after signing out whoever was signed in). */
  login(username: string, password: string): Promise<void>;
  /** Forgets every cookie: the next page is seen by a stranger. */
  signOut(): Promise<void>;
  /**
   * The confirm dialogs the pages asked (irreversible acts: 提交答复, 提交回执, 公开…), each answered
   * 确定 — as a user who means it would — unless `dismissNextDialog()` asked for 取消.
   */
  dialogs: string[];
  /** The next dialog is answered 取消. */
  dismissNextDialog(): void;
  /** Console errors of the pages (CSP violations, script errors), with the page they happened on. */
  consoleErrors: Array<{ url: string; text: string }>;
  /** Saves a screenshot of the current page (the whole page unless `fold`). */
  screenshot(path: string, options?: { fold?: boolean }): Promise<void>;
  close(): Promise<void>;
}

/**
 * Duban in this process (API and workers, on a fresh database, with a clock the test moves), on a
 * real port of 127.0.0.1, and one headless Chromium with a fresh profile, 1366×768 and Chinese.
 */
export async function startBrowserApp(label: string, now: string, options: StartOptions = {}): Promise<BrowserApp> {
  const api = await startApi(label, now, options);
  await api.app.listen(0, '127.0.0.1');
  const { port } = api.app.getHttpServer().address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const profile = mkdtempSync(join(tmpdir(), 'duban-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync',
    ],
    baseURL: baseUrl,
    viewport: { width: 1366, height: 768 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  context.setDefaultTimeout(15_000);
  const page = context.pages()[0] ?? (await context.newPage());
  const consoleErrors: BrowserApp['consoleErrors'] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push({ url: page.url(), text: message.text() });
  });
  page.on('pageerror', (error) => consoleErrors.push({ url: page.url(), text: String(error) }));
  const dialogs: string[] = [];
  let dismissNext = false;
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    const answer = dismissNext ? dialog.dismiss() : dialog.accept();
    dismissNext = false;
    answer.catch(() => undefined);
  });
  const app: BrowserApp = {
    api,
    baseUrl,
    context,
    page,
    consoleErrors,
    dialogs,
    dismissNextDialog() {
      dismissNext = true;
    },
    async signOut() {
      await context.clearCookies();
    },
    async login(username, password) {
      await context.clearCookies();
      await page.goto('/login');
      await page.getByLabel('用户名').fill(username);
      await page.getByLabel('密码').fill(password);
      await Promise.all([page.waitForURL((url) => url.pathname !== '/login'), page.getByRole('button', { name: '登录' }).click()]);
    },
    async screenshot(path, options = {}) {
      await page.screenshot({ path, fullPage: !options.fold });
    },
    async close() {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
      await api.close();
    },
  };
  return app;
}

/**
 * A second Chromium with JavaScript off, signed in through the login form: the pages as a browser
 * without scripts uses them. `run` gets its page; the browser is closed afterwards.
 */
export async function withoutJavaScript(
  app: BrowserApp, username: string, password: string, run: (page: Page) => Promise<void>, viewport?: { width: number; height: number },
): Promise<void> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
  try {
    const context = await browser.newContext({ baseURL: app.baseUrl, javaScriptEnabled: false, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', ...(viewport ? { viewport } : {}) });
    context.setDefaultTimeout(15_000);
    const plain = await context.newPage();
    await plain.goto('/login');
    await plain.getByLabel('用户名').fill(username);
    await plain.getByLabel('密码').fill(password);
    await Promise.all([plain.waitForURL((url) => url.pathname !== '/login'), plain.getByRole('button', { name: '登录' }).click()]);
    await run(plain);
  } finally {
    await browser.close();
  }
}

/** Waits (up to 5 s) until the text of the elements `locator` finds contains `text`. */
export async function expectText(locator: Locator, text: string): Promise<void> {
  await locator.first().waitFor();
  await eventually(async () => {
    const all = (await locator.allInnerTexts()).join('\n');
    if (!all.includes(text)) throw new Error(`expected "${text}" in: ${all.slice(0, 500)}`);
  }, 5_000);
}

/**
 * Duban over the demo data, on the demo's "now", in the browser. The demo has its own `admin`, so
 * the test deployment's first admin gets another name; no workers: the seeder replays history into
 * a quiet database (a sweep at the demo's now would race it). `ids` maps the numbers the tests use
 * (No. 196 of 十届二次, 301/302/305 of 十届四次) to their proposals.
 */
export async function startDemoBrowserApp(label: string): Promise<{ app: BrowserApp; ds: DataSource; ids: Record<number, string> }> {
  const app = await startBrowserApp(label, DEMO_NOW, { env: { DUBAN_ADMIN_USERNAME: 'bootstrap-admin' }, queues: [], handlers: [] });
  const ds = app.api.app.get(DataSource);
  await new DemoSeeder(ds, app.api.app.get(RulesProvider)).seed();
  const rows: Array<{ id: string; number: number }> = await ds.query(
    `SELECT p.id, p.number FROM proposals p JOIN sessions s ON s.id = p.session_id WHERE p.number IN (196, 301, 302, 305) AND s.name IN ('市政协十届二次会议', '市政协十届四次会议')`,
  );
  return { app, ds, ids: Object.fromEntries(rows.map((r) => [r.number, r.id])) };
}
