import { readFileSync } from 'node:fs';
import { ConfigFileError, validateConfigFile } from '#common';
import { intakeConfigSchema, loadIntakeConfig, loadTimeRules, timeRulesSchema } from '#kernel';
import { loadSupervisionConfig, parseSupervisionConfig } from './config.js';

const json = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, any>;

function refusal(run: () => unknown): ConfigFileError {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigFileError);
    return e as ConfigFileError;
  }
  throw new Error('expected the file to be refused');
}

describe('the configuration files (config/*.json), validated with Joi', () => {
  it('accepts the shipped files, defaults applied', () => {
    const intake = loadIntakeConfig();
    expect(intake.alertThemes).toContain('营商环境');
    expect(intake.similarity.duplicateThreshold).toBe(0.4);
    const rules = loadTimeRules('config/rules.json');
    expect(rules.timezone).toBe('Asia/Shanghai');
    expect(loadSupervisionConfig(rules).pdf.timeoutMs).toBe(30000);

    const { similarity: _s, routing: _r, ...bare } = json('config/intake.json');
    const defaults = validateConfigFile('intake.json', bare, intakeConfigSchema);
    expect(defaults.similarity).toEqual({ duplicateThreshold: 0.4, minScore: 0.12, maxResults: 10, titleWeight: 2, stopWords: [] });
    expect(defaults.routing).toEqual({ rules: [], categoryUnits: {} });
  });

  it('names the file and every bad field of config/intake.json', () => {
    const raw = json('config/intake.json');
    const error = refusal(() =>
      validateConfigFile('config/intake.json', { ...raw, similarity: { ...raw.similarity, duplicateThreshold: 1.5 }, routing: { ...raw.routing, rules: [{ keywords: ['x'], units: [] }] }, extra: 1 }, intakeConfigSchema),
    );
    expect(error.file).toBe('config/intake.json');
    expect(error.fields.sort()).toEqual(['extra', 'routing.rules[0].units', 'similarity.duplicateThreshold']);
    expect(error.message).toMatch(/^Invalid configuration file config\/intake\.json \(3 problems\)/);
    expect(refusal(() => validateConfigFile('i.json', { ...raw, alertThemes: ['无此主题'] }, intakeConfigSchema)).message).toMatch(/alertThemes names 无此主题/);
  });

  it('takes the merge classifier\'s settings, a refitted model only with a weight for every feature', () => {
    const raw = json('config/intake.json');
    const merge = { threshold: 0.5, shortTextMaxLength: 0 };
    expect(validateConfigFile('i.json', { ...raw, similarity: { ...raw.similarity, merge } }, intakeConfigSchema).similarity.merge).toEqual(merge);
    const error = refusal(() =>
      validateConfigFile('i.json', { ...raw, similarity: { ...raw.similarity, merge: { threshold: 1.2, model: { bias: 1, weights: { cosine: 1 } } } } }, intakeConfigSchema),
    );
    expect(error.fields).toContain('similarity.merge.threshold');
    expect(error.fields).toContain('similarity.merge.model.weights.mutualTop');
  });

  it('takes subject concepts and their weight in normalisation, and names a bad term or weight', () => {
    const raw = json('config/intake.json');
    const normalisation = { variants: {}, concepts: { 欠薪: ['欠钱不还'], 鹰城特产: ['平顶山烩面'] }, conceptWeight: 2 };
    expect(validateConfigFile('i.json', { ...raw, normalisation }, intakeConfigSchema).normalisation).toEqual(normalisation);
    const error = refusal(() => validateConfigFile('i.json', { ...raw, normalisation: { concepts: { 欠薪: ['欠'] }, conceptWeight: 1.5 } }, intakeConfigSchema));
    expect(error.fields).toContain('normalisation.concepts.欠薪[0]');
    expect(error.fields).toContain('normalisation.conceptWeight');
  });

  it('names the field of config/rules.json in the domain rule checker\'s words', () => {
    const raw = json('config/rules.json');
    const error = refusal(() => validateConfigFile('config/rules.json', { ...raw, deadlines: { ...raw.deadlines, reply: { ...raw.deadlines.reply, length: { amount: 0, unit: 'months' } } } }, timeRulesSchema));
    expect(error.message).toContain('config/rules.json');
    expect(error.message).toContain('rules.deadlines.reply.length.amount');
  });

  it('names the field of config/supervision.json, and a missing or malformed file', () => {
    const rules = loadTimeRules('config/rules.json');
    const raw = json('config/supervision.json');
    const error = refusal(() => parseSupervisionConfig({ ...raw, ranking: { ...raw.ranking, red: { ...raw.ranking.red, onTimeRateBelow: 2 } }, letter: { ccKinds: ['mayor'] } }, rules));
    expect(error.fields.sort()).toEqual(['letter.ccKinds[0]', 'letter.titlePrefix', 'ranking.red.onTimeRateBelow']);
    expect(refusal(() => loadSupervisionConfig(rules, 'config/none.json')).message).toMatch(/config\/none\.json/);
  });
});
