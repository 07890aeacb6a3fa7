import { readFileSync } from 'node:fs';
import { crc32, deflateSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';

/** No. 196's signed reply letter, a real PDF kept in the repository (the demo attaches it too). */
export const LETTER_PDF = readFileSync(new URL('../../config/demo/no196-reply-letter.pdf', import.meta.url));

/** A real 1×1 PNG (signature, IHDR, IDAT, IEND, each with its CRC). */
export function png(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.from([0, 255, 255, 255]))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A real XLSX workbook (exceljs). */
export async function xlsx(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('见面沟通').addRow(['日期', '纪要']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** An OFD package: a ZIP whose first entry is OFD.xml (GB/T 33190). */
export async function ofd(): Promise<Buffer> {
  const zip = new JSZip();
  zip.file('OFD.xml', '<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" Version="1.0" DocType="OFD"/>');
  zip.file('Doc_0/Document.xml', '<ofd:Document xmlns:ofd="http://www.ofdspec.org/2016"/>');
  return zip.generateAsync({ type: 'nodebuffer' });
}

/** A Windows executable's first bytes: what a `.pdf` name may hide. */
export const EXECUTABLE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62), Buffer.from('This program cannot be run in DOS mode.')]);

/** The EICAR anti-virus test file (not a virus: every scanner reports it as one). */
export const EICAR = Buffer.from('X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*', 'latin1');
