import { computeDeadline, recomputeDeadline } from './deadline-calculator.js';
import { validateRules } from './rules.js';
import { clause, joinClauses, sentence } from './sentences.js';
import { WorkCalendar } from './work-calendar.js';
import { readFileSync } from 'node:fs';

/** What doubled punctuation looks like: two closing marks in a row, or one right before a closing bracket. */
const DOUBLED = /[。；，、][。；，、]|[。；，]）/;

describe('joining sentences (句子拼接)', () => {
  it('drops a typed closing mark where the join puts one', () => {
    expect(clause(' 不属于本单位职责。 ')).toBe('不属于本单位职责');
    expect(joinClauses(['不属于本单位职责。', '建议由市教育局承办'])).toBe('不属于本单位职责；建议由市教育局承办');
    expect(joinClauses(['经研究；', '', null, '同意。'])).toBe('经研究；同意');
    expect(sentence('督办时限规则已更新为第3版', '变更原因：春节调休。')).toBe('督办时限规则已更新为第3版，变更原因：春节调休。');
    expect(sentence('是否同意延期？')).toBe('是否同意延期？');
    expect(sentence('', null)).toBe('');
  });

  it('keeps what is not a closing mark: brackets, quotes, inner punctuation', () => {
    expect(clause('评价为“满意”')).toBe('评价为“满意”');
    expect(clause('截止 24:00（北京时间）')).toBe('截止 24:00（北京时间）');
    expect(joinClauses(['甲，乙。', '丙'])).toBe('甲，乙；丙');
  });
});

describe('deadline explanations with reasons typed by an admin', () => {
  const rules = validateRules(JSON.parse(readFileSync(new URL('../../../config/rules.json', import.meta.url), 'utf8')));
  const at = (date: string) => new Date(`${date}T10:00:00+08:00`);

  it('never double a reason that ends with its own 。', () => {
    const local = new WorkCalendar([{ date: '2024-06-26', kind: 'holiday', reason: '防汛应急放假。' }]);
    const d = computeDeadline({ kind: 'reply', start: at('2024-03-26'), rules, calendar: local });
    expect(d.explanation).toContain('2024-06-26 为休息日（防汛应急放假），顺延至下一工作日 2024-06-27');
    expect(d.explanation).not.toMatch(DOUBLED);
    const plain = computeDeadline({ kind: 'reply', start: at('2025-07-09'), rules, calendar: new WorkCalendar() });
    const moved = recomputeDeadline(plain, rules, new WorkCalendar([{ date: '2025-10-09', kind: 'holiday', reason: '市政府决定国庆假期延长一天。' }]));
    expect(moved.reason).toBe('因节假日调整（2025-10-09 调整为休息日：市政府决定国庆假期延长一天），截止日由 2025-10-09 改为 2025-10-10');
    expect(moved.deadline.explanation).not.toMatch(DOUBLED);
  });
});
