import { MAX_LISTED_ALERT_PROPOSALS, renderImportSummary, type ImportSummaryInput } from './index.js';
import { ASSIGNED_CTX, visibleText } from './no196.fixture.js';

const input: ImportSummaryInput = {
  importId: 'imp-1',
  filename: '市政协十届二次会议提案.xlsx',
  sessionName: '市政协十届二次会议',
  committee: '市政协提案委员会',
  counts: { total: 2000, imported: 1975, skipped: 5, invalid: 20 },
  alert: [],
  cc: [],
};

describe('renderImportSummary (批量导入完成)', () => {
  it('gives the file, the counts and the link to the import report', () => {
    const mail = renderImportSummary(ASSIGNED_CTX, input);
    expect(mail.subject).toBe('【批量导入完成】市政协十届二次会议导入提案1975件，20行未通过校验（市政协十届二次会议提案.xlsx）');
    for (const body of [mail.text, visibleText(mail.html)]) {
      expect(body).toContain('市政协提案委员会：');
      expect(body).toContain('文件《市政协十届二次会议提案.xlsx》已导入市政协十届二次会议：共2000行，成功导入1975件，5件已存在而跳过，20行未通过校验未导入。');
      expect(body).toContain('不再逐件发送新提案通知');
    }
    expect(mail.text).toContain('查看导入报告：\nhttp://localhost:3000/imports/imp-1');
    expect(mail.html).toContain('href="http://localhost:3000/imports/imp-1"');
    expect(mail.text).not.toContain('预警主题');
    expect(mail.text).not.toContain('抄送');
  });

  it('lists the alert-theme proposals for the supervision office copied on it, at most 100', () => {
    const alert = Array.from({ length: MAX_LISTED_ALERT_PROPOSALS + 3 }, (_, i) => ({ id: `p${i}`, number: 1000 + i, title: `关于优化营商环境的提案（之${i}）`, alertThemes: ['营商环境'] }));
    const mail = renderImportSummary(ASSIGNED_CTX, { ...input, alert, cc: ['市政府督查室'] });
    expect(mail.text).toContain('■ 预警主题提案（103件）');
    expect(mail.text).toContain('1. 《关于优化营商环境的提案（之0）》\n   http://localhost:3000/proposals/p0\n   编号：第1000号\n   预警主题：营商环境');
    expect(mail.text).not.toContain('（之100）');
    expect(mail.text).toContain('另有3件未列出，见导入报告。');
    expect(mail.text).toContain('抄送：市政府督查室');
  });
});
