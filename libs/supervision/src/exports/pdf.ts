import { access, constants } from 'node:fs/promises';
import { Logger } from '@nestjs/common';
import { DUBAN_ENV_DEFAULTS } from '#common';
import { ApplicationError } from '#kernel';

/** 503: printing to PDF needs Chromium (and playwright-core), which this deployment lacks or could not start. */
export class PdfUnavailableError extends ApplicationError {
  constructor(message: string) {
    super(message, 'pdf_unavailable', 'PDF_UNAVAILABLE');
  }
}

/** The few calls of playwright-core used here (it is loaded only when a PDF is asked for). */
interface Browser {
  newPage(): Promise<{ setContent(html: string, o: { waitUntil: 'load'; timeout: number }): Promise<void>; pdf(o: object): Promise<Uint8Array>; close(): Promise<void> }>;
  close(): Promise<void>;
  isConnected(): boolean;
}

/**
 * HTML to PDF through Chromium's print (playwright-core; the Chromium at `executablePath`, which
 * SupervisionModule injects from `DUBAN_CHROMIUM_PATH`, default /usr/bin/chromium). One browser is started on the first request and reused; pages are one per
 * document. The fonts are the system's: install fonts-noto-cjk (or the official FangSong and Song
 * faces) where Chromium runs.
 */
export class PdfRenderer {
  private readonly logger = new Logger('PdfRenderer');
  private browser: Promise<Browser> | null = null;

  constructor(
    readonly executablePath: string = DUBAN_ENV_DEFAULTS.DUBAN_CHROMIUM_PATH,
    private readonly timeoutMs = 30_000,
  ) {}

  private async launch(): Promise<Browser> {
    try {
      await access(this.executablePath, constants.X_OK);
    } catch {
      throw new PdfUnavailableError(`PDF printing is not available: no Chromium at ${this.executablePath} (set DUBAN_CHROMIUM_PATH)`);
    }
    let chromium: { launch(o: object): Promise<Browser> };
    try {
      ({ chromium } = (await import('playwright-core')) as unknown as { chromium: typeof chromium });
    } catch {
      throw new PdfUnavailableError('PDF printing is not available: the playwright-core package is not installed');
    }
    try {
      return await chromium.launch({ executablePath: this.executablePath, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'], timeout: this.timeoutMs });
    } catch (e) {
      this.logger.error({ err: (e as Error).message }, 'Chromium did not start');
      throw new PdfUnavailableError(`PDF printing is not available: Chromium at ${this.executablePath} did not start`);
    }
  }

  private async instance(): Promise<Browser> {
    if (this.browser) {
      const b = await this.browser.catch(() => null);
      if (b?.isConnected()) return b;
    }
    this.browser = this.launch();
    this.browser.catch(() => (this.browser = null));
    return this.browser;
  }

  /** A4 PDF of a self-contained HTML page, printed with its own @page rules and backgrounds. */
  async render(html: string): Promise<Buffer> {
    const browser = await this.instance();
    const page = await browser.newPage();
    try {
      await page.setContent(html, { waitUntil: 'load', timeout: this.timeoutMs });
      return Buffer.from(await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true }));
    } finally {
      await page.close().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    const b = this.browser ? await this.browser.catch(() => null) : null;
    this.browser = null;
    await b?.close().catch(() => undefined);
  }
}
