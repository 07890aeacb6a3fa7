import type { EntityManager } from 'typeorm';
import { checkedBy, loadConfigFile } from '#common';
import { mergeRules, validateRules, WorkCalendar, type TimeRules } from '#domain';
import { SessionRow } from '#persistence';

export interface SessionRules {
  rules: TimeRules;
  calendar: WorkCalendar;
}

/**
 * config/rules.json's schema: the domain's own rules checker (`validateRules`, which also checks
 * session overrides and the admin's rules layer), run as a Joi rule so the file is refused like
 * every other configuration file, naming the file and the field.
 */
export const timeRulesSchema = checkedBy<TimeRules>(validateRules);

/** Reads and validates config/rules.json (or another rules file). */
export function loadTimeRules(path: string): TimeRules {
  return loadConfigFile(path, timeRulesSchema);
}

/** The time rules in force: config/rules.json, overridden per session (届次) where it says so. */
export class RulesProvider {
  private readonly base: TimeRules;

  constructor(base: TimeRules) {
    this.base = validateRules(base);
  }

  static fromFile(path: string): RulesProvider {
    return new RulesProvider(loadTimeRules(path));
  }

  get defaults(): TimeRules {
    return this.base;
  }

  forOverride(override: Record<string, unknown> | null | undefined): SessionRules {
    const rules = override && Object.keys(override).length > 0 ? mergeRules(this.base, override as never) : this.base;
    return { rules, calendar: new WorkCalendar(rules.holidayOverrides) };
  }

  async forSession(em: EntityManager, sessionId: string): Promise<SessionRules> {
    const session = await em.findOneByOrFail(SessionRow, { id: sessionId });
    return this.forOverride(session.rulesOverride);
  }
}
