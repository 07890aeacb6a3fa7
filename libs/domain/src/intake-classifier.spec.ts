import { classifyProposal, normaliseText, type IntakeRules } from './intake-classifier.js';
import { readFileSync } from 'node:fs';

const rules = JSON.parse(readFileSync('config/intake.json', 'utf8')) as IntakeRules;

describe('intake classification from config/intake.json', () => {
  it.each([
    ['以营商环境为主线强力推进我市数字政府建设', '信息孤岛现象普遍存在，建议建设统一的政务服务平台', '政务服务', ['营商环境', '数字政府']],
    ['关于加快老旧小区改造的提案', '我市老旧小区管网老化，停车难', '城乡建设', []],
    ['关于完善中小学课后服务的建议', '课后服务质量参差不齐', '教育', []],
    ['关于加强沙河流域生态保护的提案', '沙河水质', '生态环境', ['生态保护']],
    ['关于发展养老服务的提案', '养老机构床位不足', '社会保障', ['民生保障']],
    ['关于某事项', '没有任何关键词', null, []],
  ])('%s → %s %j', (title, content, category, themes) => {
    const c = classifyProposal(title, content, rules);
    expect(c.category).toBe(category);
    expect(c.themes).toEqual(themes);
  });

  it('names the keywords that decided it', () => {
    expect(classifyProposal('优化营商环境', '', rules).matched['营商环境']).toContain('营商环境');
  });

  it('normalises white space, including full-width spaces', () => {
    expect(normaliseText('  关于\u3000加强\n\n管理 ')).toBe('关于 加强 管理');
  });
});
