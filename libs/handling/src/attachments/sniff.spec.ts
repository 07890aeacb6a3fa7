import JSZip from 'jszip';
import { sniffAttachment } from './sniff.js';

const zip = async (first: string) => {
  const z = new JSZip();
  z.file(first, '<?xml version="1.0"?><x/>');
  z.file('other.xml', '<y/>');
  return z.generateAsync({ type: 'nodebuffer' });
};

describe('sniffAttachment: by content, never by name', () => {
  it('knows a PDF by its header', async () => {
    expect(await sniffAttachment(Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n'))).toEqual({ format: 'pdf', mediaType: 'application/pdf' });
  });

  it('knows OFD: a ZIP whose first entry is OFD.xml; any other ZIP is not an accepted format', async () => {
    expect(await sniffAttachment(await zip('OFD.xml'))).toEqual({ format: 'ofd', mediaType: 'application/ofd' });
    expect((await sniffAttachment(await zip('data.xml'))).format).toBeNull();
  });

  it('does not know text or an executable', async () => {
    expect((await sniffAttachment(Buffer.from('答复函', 'utf8'))).format).toBeNull();
    expect((await sniffAttachment(Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200)]))).format).toBeNull();
  });
});
