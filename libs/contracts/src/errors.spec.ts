import { ACTION_LABELS, ERROR_CODES, ERROR_MESSAGES, errorMessageZh } from './errors.js';

describe('the error catalogue', () => {
  it('gives every code a Chinese message, in upper snake case', () => {
    expect(ERROR_CODES.length).toBeGreaterThan(60);
    for (const code of ERROR_CODES) {
      expect(code).toMatch(/^[A-Z][A-Z0-9_]+$/);
      const text = errorMessageZh(code, { field: 'title', entity: 'proposal', state: 'submitted', action: 'assign', detail: 'x' });
      expect(text).toMatch(/\p{Script=Han}/u);
    }
    expect(Object.keys(ERROR_MESSAGES)).toEqual(ERROR_CODES);
  });

  it('puts the params into words: states, actions, fields and roles by their labels', () => {
    expect(errorMessageZh('TRANSITION_NOT_ALLOWED', { entity: 'proposal', state: 'submitted', action: 'assign' })).toBe('提案当前为「待审查」，不能交办。');
    expect(errorMessageZh('TRANSITION_NOT_ALLOWED', { entity: 'assignment', state: 'assigned', action: 'reply' })).toBe('承办任务当前为「待签收」，不能答复。');
    expect(errorMessageZh('FIELD_REQUIRED', { field: 'title' })).toBe('「标题」为必填项');
    expect(errorMessageZh('FIELD_INVALID', { field: 'newDueOn', detail: 'must be a calendar date YYYY-MM-DD' })).toBe('「延期至」：must be a calendar date YYYY-MM-DD');
    expect(errorMessageZh('ADJUSTMENT_UNIT_ALREADY_ASSIGNED', { field: 'suggestedUnitId', unit: '市住建局', role: 'co' })).toContain('市住建局已是本件的协办单位');
    expect(errorMessageZh('COMMITTEE_FIELDS_ONLY', { field: 'number,key' })).toBe('只有提案委可以填写「提案号」、「重点提案」。');
    expect(ACTION_LABELS.assign).toBe('交办');
  });
});
