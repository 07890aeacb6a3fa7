import { stageText } from './labels.js';

describe('stageText: where a deadline stands on its ladder, never the stage code', () => {
  it.each([
    [null, null, '未到提醒期'],
    ['reminder_30d', 'reminder', '已发到期前30天提醒'],
    ['reminder_14d', 'reminder', '已发到期前14天提醒'],
    ['reminder_3wd', 'reminder', '已发到期前3个工作日提醒'],
    ['overdue', 'overdue', '已逾期通报'],
    ['escalation_2', 'escalation', '已升级督办'],
    ['tixing', 'reminder', '已发到期提醒'],
    ['custom', null, '已发提醒'],
  ])('%s (%s) → %s', (stage, type, text) => {
    expect(stageText(stage, type)).toBe(text);
  });
});
