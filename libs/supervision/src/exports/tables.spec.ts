import { csvSafeCell } from './tables.js';

describe('csvSafeCell: no CSV cell a spreadsheet would run as a formula (OWASP CSV injection)', () => {
  it.each([
    ['=HYPERLINK("http://evil.example","点此")', `'=HYPERLINK("http://evil.example","点此")`],
    ['+cmd|" /C calc"!A0', `'+cmd|" /C calc"!A0`],
    ['-1+1', `'-1+1`],
    ['-5', `'-5`], // text that merely looks like a negative number: Duban's numbers are numbers, not text
    ['@SUM(A1:A9)', `'@SUM(A1:A9)`],
    ['\t=1+1', `'\t=1+1`],
    ['\r=1+1', `'\r=1+1`],
  ])('prefixes %j with an apostrophe', (cell, safe) => {
    expect(csvSafeCell(cell)).toBe(safe);
  });

  it.each([
    ['以营商环境为主线强力推进我市数字政府建设'],
    ['市行政审批和政务信息管理局'],
    ['2024-06-26'],
    ['a=b'],
    [' =1'], // a leading space: not a formula in Excel or WPS
    [''],
  ])('leaves %j as it is', (cell) => {
    expect(csvSafeCell(cell)).toBe(cell);
  });

  it('leaves the numbers and empty cells Duban computes as they are, negative ones too', () => {
    expect(csvSafeCell(196)).toBe(196);
    expect(csvSafeCell(-3)).toBe(-3);
    expect(csvSafeCell(0.5)).toBe(0.5);
    expect(csvSafeCell(null)).toBeNull();
  });
});
