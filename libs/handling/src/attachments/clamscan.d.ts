/** The part of `clamscan` (no types published) that virus-scan.ts uses. */
declare module 'clamscan' {
  import type { Readable } from 'node:stream';

  interface ScanResult {
    isInfected: boolean | null;
    viruses: string[];
  }
  interface NodeClamInstance {
    scanStream(stream: Readable): Promise<ScanResult>;
  }
  export default class NodeClam {
    init(options: object): Promise<NodeClamInstance>;
  }
}
