import { csvSafeCell } from './tables.js';

describe('csvSafeCell: a CSV cell never runs as a formula', () => {
  it.each([
    ['=HYPERLINK("http://x")', `'=HYPERLINK("http://x")`],
    ['+cmd|"/C calc"!A0', `'+cmd|"/C calc"!A0`],
    ['-2+3', `'-2+3`],
    ['@SUM(A1)', `'@SUM(A1)`],
    ['\t=1+1', `'\t=1+1`],
    ['\r=1+1', `'\r=1+1`],
    ['以营商环境为主线', '以营商环境为主线'],
    ['a=b', 'a=b'],
    ['', ''],
  ])('%j → %j', (input, output) => {
    expect(csvSafeCell(input)).toBe(output);
  });

  it('leaves numbers Duban computed as numbers, negative ones too', () => {
    expect(csvSafeCell(-3)).toBe(-3);
    expect(csvSafeCell(196)).toBe(196);
    expect(csvSafeCell(null)).toBeNull();
  });
});
