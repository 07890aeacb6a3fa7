import Joi from 'joi';
import { DUBAN_ENV_DEFAULTS, loadConfigFile, validateConfigFile } from '#common';
import type { DeadlineRule, TimeRules } from '#domain';
import { validateNoticeRule } from '#kernel';

/** A unit's colour in the ranking (红黄牌): red and yellow have thresholds, green is everything else. */
export type { RankColor } from '#domain';

/** The conditions of one colour; any one of them met gives the colour. */
export interface RankThresholds {
  /** 按时办复率 below this (0..1). */
  onTimeRateBelow: number;
  /** At least this many assignments overdue now. */
  overdueNowAtLeast: number;
  /** 满意率 below this (0..1). */
  satisfactionRateBelow: number;
}

/** config/supervision.json: the supervision office's settings, data rather than code. */
export interface SupervisionConfig {
  /** The theme of the business-environment view (营商环境), as the intake classifier tags it. */
  businessTheme: string;
  ranking: { red: RankThresholds; yellow: RankThresholds };
  /** The deadline of a supervision notice (督办通知): its length and its own reminder ladder. */
  notice: DeadlineRule & { maxWorkdays: number };
  /** The printable reply letter: title '关于…第×号提案的答复', the 抄送 line's unit kinds. */
  letter: { titlePrefix: string; ccKinds: Array<'committee' | 'supervision'> };
  pdf: { timeoutMs: number };
  /** The formal documents (交办函, 督办通知书, the report): what the directory and the rules do not say. */
  documents: DocumentsConfig;
}

/** Per body (cppcc: 提案, npc: 建议). */
export interface PerBody {
  cppcc: string;
  npc: string;
}

export interface DocumentsConfig {
  /** The 交办函's 文号 prefix: 提交〔2024〕196号 (the proposal's number in the year of its assignment). */
  assignmentNumberPrefix: PerBody;
  /** The rules the reply deadline rests on, as a 交办函 cites them (依据…). */
  basis: PerBody;
}

/** Used when config/supervision.json has no `documents` (or lacks one of its texts). */
export const DEFAULT_DOCUMENTS: DocumentsConfig = {
  assignmentNumberPrefix: { cppcc: '提交', npc: '建交' },
  basis: {
    cppcc: '《中国人民政治协商会议全国委员会提案工作条例》和本市提案办理工作有关规定',
    npc: '《中华人民共和国全国人民代表大会和地方各级人民代表大会代表法》和本市代表建议办理工作有关规定',
  },
};

/** Provider token of the loaded SupervisionConfig (SupervisionModule: read once, from DUBAN_SUPERVISION_CONFIG). */
export const SUPERVISION_CONFIG = Symbol('SUPERVISION_CONFIG');

const text = () => Joi.string().trim().prefs({ convert: true });
const rate = () => Joi.number().min(0).max(1).required();
const count = () => Joi.number().integer().min(1);
const thresholds = () => Joi.object<RankThresholds>({ onTimeRateBelow: rate(), overdueNowAtLeast: count().required(), satisfactionRateBelow: rate() }).required();
const perBody = (fallback: PerBody) => Joi.object<PerBody>({ cppcc: text().default(fallback.cppcc), npc: text().default(fallback.npc) }).default(fallback);

/**
 * config/supervision.json, as Joi checks it. The notice's deadline rule is checked by the domain's
 * rule checker (validateNoticeRule), against the time rules it will run under (`base`).
 */
export function supervisionConfigSchema(base: TimeRules): Joi.ObjectSchema<SupervisionConfig> {
  return Joi.object<SupervisionConfig>({
    businessTheme: text().required(),
    ranking: Joi.object({ red: thresholds(), yellow: thresholds() })
      .required()
      .custom(({ red, yellow }: SupervisionConfig['ranking'], helpers) =>
        red.onTimeRateBelow > yellow.onTimeRateBelow || red.satisfactionRateBelow > yellow.satisfactionRateBelow || red.overdueNowAtLeast < yellow.overdueNowAtLeast
          ? helpers.message({ custom: 'red must be stricter than yellow (lower rates, more overdue)' })
          : { red, yellow },
      ),
    notice: Joi.object({ maxWorkdays: count().required() })
      .unknown(true)
      .required()
      .custom((raw: Record<string, unknown>, helpers) => {
        let notice: DeadlineRule;
        try {
          notice = validateNoticeRule(base, raw, 'notice');
        } catch (e) {
          return helpers.message({ custom: (e as Error).message.replaceAll('{', '(').replaceAll('}', ')') });
        }
        const maxWorkdays = raw.maxWorkdays as number;
        if (notice.length.unit !== 'workdays') return helpers.message({ custom: 'length.unit must be "workdays"' });
        if (maxWorkdays < notice.length.amount) return helpers.message({ custom: 'maxWorkdays must be at least length.amount' });
        return { ...notice, maxWorkdays };
      }),
    letter: Joi.object({
      titlePrefix: Joi.string().allow('').required().messages({ 'any.required': '{{#label}} is required (a string, e.g. "关于")' }),
      ccKinds: Joi.array().items(Joi.string().valid('committee', 'supervision')).required(),
    }).required(),
    pdf: Joi.object({ timeoutMs: count().default(30_000) }).default(),
    documents: Joi.object({
      assignmentNumberPrefix: perBody(DEFAULT_DOCUMENTS.assignmentNumberPrefix),
      basis: perBody(DEFAULT_DOCUMENTS.basis),
    }).default(),
  });
}

/** Validates an already parsed config/supervision.json; a ConfigFileError names every bad field. */
export function parseSupervisionConfig(raw: unknown, base: TimeRules, file = 'config/supervision.json'): SupervisionConfig {
  return validateConfigFile(file, raw, supervisionConfigSchema(base));
}

/** Reads and validates config/supervision.json (or `path`: DUBAN_SUPERVISION_CONFIG). */
export function loadSupervisionConfig(base: TimeRules, path: string = DUBAN_ENV_DEFAULTS.DUBAN_SUPERVISION_CONFIG): SupervisionConfig {
  return loadConfigFile(path, supervisionConfigSchema(base));
}
