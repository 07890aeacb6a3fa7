import { createHash } from 'node:crypto';

/** One SMS holds 70 UCS-2 characters; a part of a concatenated one 66 (its 7-byte UDH takes 4). */
export const SMS_SINGLE_CHARS = 70;
export const SMS_PART_CHARS = 66;
/** At most this many parts: a longer text is cut (its title shortened), the link kept. */
export const SMS_MAX_PARTS = 4;
/** 短信签名: operators refuse a text without one. */
export const SMS_SIGNATURE = '【督办系统】';

/** One part of an SMS as it goes into a submit_sm: the UCS-2 (big-endian) text and, for a long SMS, its UDH. */
export interface SmsPart {
  udh: Buffer | null;
  message: Buffer;
}

/** UTF-16 code units, without splitting a surrogate pair (an emoji or a rare 汉字 beyond the BMP). */
function chunks(text: string, size: number): string[] {
  const out: string[] = [];
  let current = '';
  for (const ch of text) {
    if (current.length + ch.length > size) {
      out.push(current);
      current = '';
    }
    current += ch;
  }
  if (current) out.push(current);
  return out;
}

function ucs2(text: string): Buffer {
  const le = Buffer.from(text, 'utf16le');
  return le.swap16();
}

/**
 * Splits a text into SMS parts (UCS-2, data_coding 8): one part up to 70 characters, else parts of
 * 66 each with the 16-bit concatenation UDH `06 08 04 <ref hi> <ref lo> <total> <n>` (3GPP TS 23.040
 * §9.2.3.24.8). `ref` tells the handset which parts belong together: derived from the message's id,
 * so a retry sends the same parts. Not the 8-bit reference (`05 00 03 <ref>`): long SMS in flight to
 * one number shared a reference 1 in 256 times and were joined wrongly (seen in the chaos run and
 * the SMS burst); 16 bits make it 1 in 65,536.
 */
export function smsParts(text: string, ref: number): SmsPart[] {
  if (text.length <= SMS_SINGLE_CHARS) return [{ udh: null, message: ucs2(text) }];
  const parts = chunks(text, SMS_PART_CHARS);
  if (parts.length > 255) throw new Error('an SMS of more than 255 parts');
  return parts.map((part, i) => ({ udh: Buffer.from([0x06, 0x08, 0x04, (ref >> 8) & 0xff, ref & 0xff, parts.length, i + 1]), message: ucs2(part) }));
}

/** How many parts a text takes. */
export function smsPartCount(text: string): number {
  return text.length <= SMS_SINGLE_CHARS ? 1 : chunks(text, SMS_PART_CHARS).length;
}

/** The concatenation reference of a message: two bytes from its id. */
export function smsReference(id: string): number {
  return createHash('sha256').update(id).digest().readUInt16BE(0);
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** The code of a short link: 8 base-62 characters of sha256(target), so the same target always has the same code. */
export function shortCode(target: string): string {
  const digest = createHash('sha256').update(target).digest();
  let code = '';
  for (let i = 0; i < 8; i++) code += BASE62[digest[i]! % 62];
  return code;
}

/**
 * An SMS's text: the signature, the subject and the short link, cut to at most SMS_MAX_PARTS
 * parts by shortening the subject (the link is what the recipient acts on).
 */
export function smsText(subject: string, shortUrl: string | null): string {
  const tail = shortUrl ? ` 详见 ${shortUrl}` : '';
  const limit = SMS_MAX_PARTS * SMS_PART_CHARS - SMS_SIGNATURE.length - tail.length;
  const title = [...subject].length > limit ? `${[...subject].slice(0, limit - 1).join('')}…` : subject;
  return `${SMS_SIGNATURE}${title}${tail}`;
}

/** A delivery receipt's text (SMPP v3.4 appendix B): `id:… sub:… dlvrd:… submit date:… done date:… stat:DELIVRD err:…`. */
export function parseReceipt(text: string): { id: string; stat: string } | null {
  const id = /\bid:(\S+)/i.exec(text)?.[1];
  const stat = /\bstat:(\S+)/i.exec(text)?.[1];
  return id && stat ? { id, stat: stat.toUpperCase() } : null;
}
