import { FileTypeParser, type Detector } from 'file-type';
import { formatOfMediaType, type AttachmentFormat } from '#domain';

/**
 * OFD (版式文档, GB/T 33190-2016) is a ZIP package whose entry point `OFD.xml` is its first entry;
 * file-type knows ZIP but not OFD, so this detector, run first, looks at the first entry's name.
 */
const ofdDetector: Detector = {
  id: 'ofd',
  async detect(tokenizer) {
    const head = new Uint8Array(37);
    const read = await tokenizer.peekBuffer(head, { length: head.length, mayBeLess: true });
    if (read < head.length) return undefined;
    const zip = head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
    const nameLength = head[26]! | (head[27]! << 8);
    if (zip && nameLength === 7 && Buffer.from(head.subarray(30, 37)).toString('latin1') === 'OFD.xml') {
      return { ext: 'ofd', mime: 'application/ofd' } as unknown as Awaited<ReturnType<Detector['detect']>>;
    }
    return undefined;
  },
};

const parser = new FileTypeParser({ customDetectors: [ofdDetector] });

/** What a file is, judged by its content (magic numbers, the parts of an OOXML package): never by its name. */
export async function sniffAttachment(data: Buffer): Promise<{ format: AttachmentFormat | null; mediaType: string | null }> {
  const found = await parser.fromBuffer(data);
  return { format: formatOfMediaType(found?.mime), mediaType: found?.mime ?? null };
}
