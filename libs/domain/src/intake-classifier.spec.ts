import { classifyProposal, normaliseText, type IntakeRules } from './intake-classifier.js';
import { readFileSync } from 'node:fs';
import { TextFeatures } from './similarity/text-features.js';

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

  it('matches keywords as tokens: 环境 does not file a 营商环境 proposal under 生态环境, nor 健康 one on 健康发展 under 医疗卫生', () => {
    const matcher = new TextFeatures();
    const title = '关于优化营商环境促进民营经济健康发展的提案';
    const content = '建议降低民营企业制度性交易成本，优化营商环境。';
    // The substring method files it under 生态环境 or 医疗卫生 only by accident of counts; with tokens
    // neither 环境 nor 健康 counts at all.
    const c = classifyProposal(title, content, rules, matcher);
    expect(c.category).toBe('经济建设');
    expect(c.matched['经济建设']).not.toContain('环境');
    expect(c.themes).toContain('营商环境');
    const bySubstring = classifyProposal('关于营造无障碍环境的建议', '建议建设无障碍环境，方便出行。', rules);
    expect(bySubstring.category).toBe('生态环境');
    expect(classifyProposal('关于营造无障碍环境的建议', '建议建设无障碍环境，方便出行。', rules, matcher).category).not.toBe('生态环境');
  });
});
