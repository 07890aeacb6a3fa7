import { Readable } from 'node:stream';
import { Logger } from '@nestjs/common';
import type NodeClam from 'clamscan';
import { ServiceUnavailableError } from '#kernel';

/** Scans an upload before it is stored. */
export interface VirusScanner {
  /** The names of the viruses found (empty: clean). Throws ServiceUnavailableError when the scanner cannot answer. */
  scan(data: Buffer): Promise<string[]>;
}

/** No scanning (DUBAN_CLAMD_URL unset). */
export const noVirusScanner: VirusScanner = { scan: async () => [] };

/**
 * clamd (the ClamAV daemon) through the `clamscan` package, over TCP (INSTREAM): `DUBAN_CLAMD_URL`,
 * e.g. `tcp://127.0.0.1:3310`. When clamd is configured but does not answer, uploads are refused
 * (503) rather than stored unscanned.
 */
export class ClamdVirusScanner implements VirusScanner {
  private readonly logger = new Logger('ClamdVirusScanner');
  private instance: Promise<Awaited<ReturnType<NodeClam['init']>>> | null = null;
  readonly host: string;
  readonly port: number;

  constructor(url: string, private readonly timeoutMs = 30_000) {
    const u = new URL(url);
    this.host = u.hostname;
    this.port = Number(u.port || 3310);
  }

  private client(): Promise<Awaited<ReturnType<NodeClam['init']>>> {
    this.instance ??= (async () => {
      const { default: Clam } = await import('clamscan');
      return new Clam().init({
        removeInfected: false,
        debugMode: false,
        clamscan: { active: false },
        clamdscan: { host: this.host, port: this.port, timeout: this.timeoutMs, localFallback: false, active: true },
        preference: 'clamdscan',
      });
    })();
    this.instance.catch(() => (this.instance = null));
    return this.instance;
  }

  async scan(data: Buffer): Promise<string[]> {
    let result: { isInfected: boolean | null; viruses: string[] };
    try {
      result = await (await this.client()).scanStream(Readable.from([data]));
    } catch (e) {
      this.logger.error({ err: (e as Error).message }, 'clamd did not answer');
      throw new ServiceUnavailableError(`The virus scanner (clamd at ${this.host}:${this.port}) is not answering: nothing was stored; try again later (病毒扫描服务暂不可用，文件未保存)`, 'scan_unavailable', 'SCAN_UNAVAILABLE');
    }
    if (result.isInfected === null) {
      throw new ServiceUnavailableError('The virus scanner gave no verdict: nothing was stored (病毒扫描未能完成，文件未保存)', 'scan_unavailable', 'SCAN_UNAVAILABLE');
    }
    return result.isInfected ? (result.viruses.length > 0 ? result.viruses : ['unknown']) : [];
  }
}

export function createVirusScanner(clamdUrl: string | undefined): VirusScanner {
  return clamdUrl ? new ClamdVirusScanner(clamdUrl) : noVirusScanner;
}
