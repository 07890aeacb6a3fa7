import { readFileSync } from 'node:fs';
import type { EntityManager } from 'typeorm';
import { mergeRules, validateRules, WorkCalendar, type TimeRules } from '#domain';
import { SessionRow } from '#persistence';

export interface SessionRules {
  rules: TimeRules;
  calendar: WorkCalendar;
}

/** The time rules in force: config/rules.json, overridden per session (届次) where it says so. */
export class RulesProvider {
  private readonly base: TimeRules;

  constructor(base: TimeRules) {
    this.base = validateRules(base);
  }

  static fromFile(path: string): RulesProvider {
    return new RulesProvider(JSON.parse(readFileSync(path, 'utf8')) as TimeRules);
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
