import { readFileSync } from 'node:fs';
import { InvalidRulesError } from './errors.js';
import { ATTACHMENT_CEILING_BYTES, DEFAULT_ATTACHMENT_RULES, attachmentProblem, cleanFilename, formatFileSize, formatOfMediaType } from './attachments.js';
import { mergeRules, validateRules } from './rules.js';
import { attachPermission } from './attachment-access.js';

const raw = (): Record<string, any> => JSON.parse(readFileSync(new URL('../../../config/rules.json', import.meta.url), 'utf8'));
const rules = DEFAULT_ATTACHMENT_RULES;
const file = (over: Partial<Parameters<typeof attachmentProblem>[1]> = {}) => ({ size: 1000, format: 'pdf' as const, purpose: 'file' as const, existing: 0, ...over });

describe('attachment rules (config/rules.json → attachments)', () => {
  it('default to 20 MB, 10 files, every known format, no required letter', () => {
    expect(validateRules(raw()).attachments).toEqual({ maxBytes: 20 * 1024 * 1024, maxFiles: 10, formats: ['pdf', 'jpg', 'png', 'docx', 'xlsx', 'ofd'], replyLetterRequired: false });
    const { attachments: _, ...older } = raw();
    expect(validateRules(older).attachments).toEqual(DEFAULT_ATTACHMENT_RULES);
  });

  it('a session may require the letter and keep the rest', () => {
    const merged = mergeRules(validateRules(raw()), { attachments: { replyLetterRequired: true } });
    expect(merged.attachments).toMatchObject({ replyLetterRequired: true, maxFiles: 10 });
  });

  it.each([
    [{ maxBytes: ATTACHMENT_CEILING_BYTES + 1 }, 'rules.attachments.maxBytes'],
    [{ maxFiles: 0 }, 'rules.attachments.maxFiles'],
    [{ formats: ['exe'] }, 'rules.attachments.formats[0]'],
    [{ formats: [] }, 'rules.attachments.formats'],
    [{ replyLetterRequired: 'yes' }, 'rules.attachments.replyLetterRequired'],
    [{ maxSize: 1 }, 'rules.attachments.maxSize'],
  ])('refuses %j, naming %s', (attachments, path) => {
    expect(() => validateRules({ ...raw(), attachments })).toThrow(InvalidRulesError);
    expect(() => validateRules({ ...raw(), attachments })).toThrow(path);
  });
});

describe('attachmentProblem: a file against the rules', () => {
  it('accepts a known format within the limits', () => {
    expect(attachmentProblem(rules, file())).toBeNull();
    expect(attachmentProblem(rules, file({ purpose: 'letter' }))).toBeNull();
  });

  it.each([
    [file({ size: 0 }), 'empty'],
    [file({ size: rules.maxBytes + 1 }), 'too_large'],
    [file({ format: null }), 'format'],
    [file({ format: 'png', purpose: 'letter' }), 'letter_not_pdf'],
    [file({ existing: rules.maxFiles }), 'too_many'],
  ])('%j: %s', (f, code) => {
    expect(attachmentProblem(rules, f)?.code).toBe(code);
  });

  it('refuses a format the rules leave out', () => {
    expect(attachmentProblem({ ...rules, formats: ['pdf'] }, file({ format: 'docx' }))?.code).toBe('format');
  });
});

describe('names and sizes', () => {
  it('knows formats by the sniffed media type only', () => {
    expect(formatOfMediaType('application/pdf')).toBe('pdf');
    expect(formatOfMediaType('application/x-msdownload')).toBeNull();
    expect(formatOfMediaType(undefined)).toBeNull();
  });

  it('keeps the uploaded name without folders, control characters or quotes', () => {
    expect(cleanFilename('C:\\扫描\\答复函.pdf', 'pdf')).toBe('答复函.pdf');
    expect(cleanFilename('../../etc/passwd', 'pdf')).toBe('passwd');
    expect(cleanFilename('a"b\u0000c\n.pdf', 'pdf')).toBe('abc.pdf');
    expect(cleanFilename('', 'png')).toBe('附件.png');
  });

  it('writes sizes as people read them', () => {
    expect([formatFileSize(812), formatFileSize(30962), formatFileSize(20 * 1024 * 1024)]).toEqual(['812 B', '30.2 KB', '20 MB']);
  });
});

describe('attachPermission: who adds a file to what (the upload and the page ask the same rule)', () => {
  const U1 = 'unit-1';
  it.each([
    // who,                              to,                                                          answer
    [{ role: 'committee' },              { type: 'proposal', proposalStatus: 'handling' },            'allowed'],
    [{ role: 'admin' },                  { type: 'proposal', proposalStatus: 'closed' },              'allowed'],
    [{ role: 'proposer' },               { type: 'proposal', proposalStatus: 'submitted' },           'allowed'],
    [{ role: 'proposer' },               { type: 'proposal', proposalStatus: 'returned' },            'allowed'],
    [{ role: 'proposer' },               { type: 'proposal', proposalStatus: 'filed' },               'state'],
    [{ role: 'supervisor' },             { type: 'proposal', proposalStatus: 'submitted' },           'forbidden'],
    [{ role: 'unit', unitId: U1 },       { type: 'proposal', proposalStatus: 'handling' },            'forbidden'],
    [{ role: 'unit', unitId: U1 },       { type: 'reply', unitId: U1 },                               'allowed'],
    [{ role: 'unit', unitId: 'unit-2' }, { type: 'reply', unitId: U1 },                               'forbidden'],
    [{ role: 'committee' },              { type: 'reply', unitId: U1 },                               'forbidden'],
    [{ role: 'unit', unitId: U1 },       { type: 'communication', unitId: U1 },                       'allowed'],
    [{ role: 'supervisor' },             { type: 'supervision_notice', unitId: U1 },                  'allowed'],
    [{ role: 'unit', unitId: U1 },       { type: 'supervision_notice', unitId: U1 },                  'allowed'],
    [{ role: 'unit', unitId: null },     { type: 'supervision_notice', unitId: null },                'forbidden'],
    [{ role: 'committee' },              { type: 'supervision_notice', unitId: U1 },                  'forbidden'],
  ] as const)('%j adding to %j: %s', (actor, target, answer) => {
    expect(attachPermission(actor, target)).toBe(answer);
  });
});
