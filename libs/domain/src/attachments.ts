/**
 * Attachments (附件): the files that go with a proposal (supporting material), a reply (the signed
 * and stamped 答复函 scanned to PDF, and any other file), a communication (见面沟通的纪要、照片) and a
 * supervision notice (督办通知). Pure rules: which formats are accepted (by their content, sniffed,
 * never by the file name's extension), how large and how many, and whether a reply must carry its
 * letter. The limits are data, the `attachments` section of config/rules.json (a session may
 * override them like any other rule).
 */

/** What an attachment belongs to. */
export const ATTACHMENT_OWNERS = ['proposal', 'reply', 'communication', 'supervision_notice'] as const;
export type AttachmentOwner = (typeof ATTACHMENT_OWNERS)[number];

/** `letter`: a reply's signed letter (答复函, a PDF, at most one per reply); `file`: anything else. */
export const ATTACHMENT_PURPOSES = ['file', 'letter'] as const;
export type AttachmentPurpose = (typeof ATTACHMENT_PURPOSES)[number];

/**
 * The formats Duban may accept, by the code the rules name, with the media types a sniffer reports
 * for them. OFD (版式文档, GB/T 33190) is a ZIP package whose first entry is `OFD.xml`.
 */
export const ATTACHMENT_FORMATS = {
  pdf: { mediaType: 'application/pdf', extension: 'pdf', label: 'PDF' },
  jpg: { mediaType: 'image/jpeg', extension: 'jpg', label: 'JPEG 图片' },
  png: { mediaType: 'image/png', extension: 'png', label: 'PNG 图片' },
  docx: { mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extension: 'docx', label: 'Word 文档（docx）' },
  xlsx: { mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx', label: 'Excel 表格（xlsx）' },
  ofd: { mediaType: 'application/ofd', extension: 'ofd', label: 'OFD 版式文档' },
} as const;
export type AttachmentFormat = keyof typeof ATTACHMENT_FORMATS;
export const ATTACHMENT_FORMAT_CODES = Object.keys(ATTACHMENT_FORMATS) as AttachmentFormat[];

/** The `attachments` section of the rules. */
export interface AttachmentRules {
  /** The largest file, in bytes. */
  maxBytes: number;
  /** The most files one thing (a proposal, a reply, a communication, a notice) may carry. */
  maxFiles: number;
  /** The accepted formats (codes of ATTACHMENT_FORMATS). */
  formats: AttachmentFormat[];
  /** A reply must carry its signed letter as a PDF (答复函扫描件) to be sent. Off by default. */
  replyLetterRequired: boolean;
}

/** The hard ceiling of any upload, whatever the rules say (what the HTTP layer buffers at most). */
export const ATTACHMENT_CEILING_BYTES = 50 * 1024 * 1024;

export const DEFAULT_ATTACHMENT_RULES: AttachmentRules = {
  maxBytes: 20 * 1024 * 1024,
  maxFiles: 10,
  formats: [...ATTACHMENT_FORMAT_CODES],
  replyLetterRequired: false,
};

/** The format a sniffed media type is, or null when Duban does not know it. */
export function formatOfMediaType(mediaType: string | null | undefined): AttachmentFormat | null {
  if (!mediaType) return null;
  return ATTACHMENT_FORMAT_CODES.find((code) => ATTACHMENT_FORMATS[code].mediaType === mediaType) ?? null;
}

/** Why a file cannot be attached (in English and Chinese, as the API's messages), or null when it can. */
export type AttachmentProblem =
  | { code: 'empty'; message: string }
  | { code: 'too_large'; message: string }
  | { code: 'format'; message: string }
  | { code: 'too_many'; message: string }
  | { code: 'letter_not_pdf'; message: string };

const mb = (bytes: number): string => formatFileSize(bytes);

/** A size as people read it: 812 B, 30.2 KB, 1.5 MB. */
export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round((bytes / 1024) * 10) / 10} KB`;
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
}

/** The formats the rules accept, named for a person (PDF、JPEG 图片…). */
export function acceptedFormatsText(rules: AttachmentRules): string {
  return rules.formats.map((f) => ATTACHMENT_FORMATS[f].label).join('、');
}

/**
 * Checks one file against the rules: its size, its sniffed format (null: not recognised), the
 * number of files its owner already has, and — for a reply's letter — that it is a PDF.
 */
export function attachmentProblem(
  rules: AttachmentRules,
  file: { size: number; format: AttachmentFormat | null; purpose: AttachmentPurpose; existing: number },
): AttachmentProblem | null {
  if (file.size <= 0) return { code: 'empty', message: 'is empty (文件为空，请重新选择)' };
  if (file.size > rules.maxBytes) return { code: 'too_large', message: `is larger than ${mb(rules.maxBytes)} (文件超过 ${mb(rules.maxBytes)} 的上限)` };
  if (file.format === null || !rules.formats.includes(file.format)) {
    return { code: 'format', message: `is not of an accepted format, judged by its content, not its name (文件格式不在允许之列，按文件内容识别；允许：${acceptedFormatsText(rules)})` };
  }
  if (file.purpose === 'letter' && file.format !== 'pdf') return { code: 'letter_not_pdf', message: 'must be a PDF (答复函须为 PDF 扫描件)' };
  if (file.existing >= rules.maxFiles) return { code: 'too_many', message: `would exceed ${rules.maxFiles} files (附件已达 ${rules.maxFiles} 个的上限)` };
  return null;
}

/**
 * A file name safe to show and to send back in `Content-Disposition`: the name as uploaded without
 * any folder, control characters or quotes, at most 200 characters; `附件.<ext>` when nothing is left.
 */
export function cleanFilename(name: string | null | undefined, extension: string): string {
  const base = String(name ?? '').split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const cleaned = base.replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '').trim().slice(0, 200);
  return cleaned === '' || cleaned === '.' || cleaned === '..' ? `附件.${extension}` : cleaned;
}
