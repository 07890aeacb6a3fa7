import { readFileSync } from 'node:fs';
import type { TimeRules } from '#domain';
import { InvalidInputError, composeRules, LayeredRulesProvider, noticeRuleFor, validateLayer } from '#kernel';
import { loadSupervisionConfig, parseSupervisionConfig } from './config.js';

const base = JSON.parse(readFileSync('config/rules.json', 'utf8')) as TimeRules;
const config = loadSupervisionConfig(base);
const flood = { date: '2024-06-26', kind: 'holiday' as const, reason: '防汛' };

describe('the rules layer', () => {
  it('stacks: a ladder replaces the one below, holiday overrides add up', () => {
    const ladder = [{ stage: 'late', type: 'overdue' as const, offset: { amount: 0, unit: 'days' as const }, notify: ['unit' as const] }];
    const rules = composeRules(base, { ladders: { reply: ladder }, holidayOverrides: [flood] }, { holidayOverrides: [{ date: '2024-06-27', kind: 'holiday', reason: '本届' }] });
    expect(rules.deadlines.reply.ladder).toEqual(ladder);
    expect(rules.deadlines.reply.length).toEqual(base.deadlines.reply.length);
    expect(rules.holidayOverrides.map((o) => o.date)).toEqual(['2024-06-26', '2024-06-27']);
  });

  it('gives the notice its ladder from the layer when the admin set one', () => {
    const ladder = [{ stage: 'o', type: 'overdue' as const, offset: { amount: 0, unit: 'days' as const }, notify: ['supervision' as const] }];
    expect(noticeRuleFor(config.notice, { ladders: { supervision: ladder } }).ladder).toEqual(ladder);
    expect(noticeRuleFor(config.notice, null).ladder).toEqual(config.notice.ladder);
  });

  it('refuses a malformed layer naming the field', () => {
    const fieldOf = (raw: unknown) => {
      try {
        validateLayer(base, config.notice, raw);
        return null;
      } catch (e) {
        return (e as InvalidInputError).field;
      }
    };
    expect(fieldOf({ ladders: { replay: [] } })).toBe('ladders');
    expect(fieldOf({ ladders: { reply: [{ stage: 'x', type: 'reminder', offset: { amount: 1, unit: 'days' }, notify: [] }] } })).toBe('ladders.reply');
    expect(fieldOf({ ladders: { supervision: [{ stage: 'x', type: 'nag', offset: { amount: 1, unit: 'days' }, notify: [] }] } })).toBe('ladders.supervision');
    expect(fieldOf({ holidayOverrides: [{ date: '2024-6-1', kind: 'holiday', reason: 'x' }] })).toBe('holidayOverrides[0].date');
    expect(fieldOf({ holidayOverrides: [{ date: '2024-06-01', kind: 'holiday', reason: ' ' }] })).toBe('holidayOverrides[0].reason');
    expect(fieldOf({ holidayOverrides: [flood, flood] })).toBe('holidayOverrides[1].date');
    expect(fieldOf({ extra: 1 })).toBe('extra');
    expect(fieldOf({ holidayOverrides: [flood] })).toBeNull();
  });

  it('caches compositions by content', () => {
    const provider = new LayeredRulesProvider(base);
    const a = provider.compose({ version: 1, document: { holidayOverrides: [flood] } }, null);
    expect(provider.compose({ version: 1, document: { holidayOverrides: [{ ...flood }] } }, null)).toBe(a);
    expect(a.calendar.isWorkday('2024-06-26')).toBe(false);
    expect(provider.compose(null, null).calendar.isWorkday('2024-06-26')).toBe(true);
  });
});

describe('config/supervision.json', () => {
  it('is valid, with a notice deadline in working days and red stricter than yellow', () => {
    expect(config.notice.length).toEqual({ amount: 5, unit: 'workdays' });
    expect(config.ranking.red.onTimeRateBelow).toBeLessThanOrEqual(config.ranking.yellow.onTimeRateBelow);
    const raw = JSON.parse(readFileSync('config/supervision.json', 'utf8'));
    expect(() => parseSupervisionConfig({ ...raw, ranking: { red: raw.ranking.yellow, yellow: raw.ranking.red } }, base)).toThrow(/stricter/);
    expect(() => parseSupervisionConfig({ ...raw, notice: { ...raw.notice, length: { amount: 1, unit: 'months' } } }, base)).toThrow(/workdays/);
  });
});
