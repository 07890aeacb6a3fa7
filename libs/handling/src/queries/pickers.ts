import type { DataSource } from 'typeorm';
import type { ResultCategory } from '#domain';
import type { RulesProvider } from '#kernel';
import { activeDepartments, resultCategories } from './proposal-page.js';

/** A session as the pickers and the supervision pages list it. */
export interface SessionOption {
  id: string;
  name: string;
  body: string;
  openedOn: string;
}

/** The choices forms and filters offer (sessions, units, people), outside any one proposal. */
export class Pickers {
  constructor(
    private readonly ds: DataSource,
    private readonly rules: RulesProvider,
  ) {}

  /** Every session, newest first (the supervision pages pick the one in handling from these). */
  sessions(): Promise<SessionOption[]> {
    return this.ds.query(`SELECT id, name, body, to_char(opened_on, 'YYYY-MM-DD') AS "openedOn" FROM sessions ORDER BY year DESC, opened_on DESC, name`);
  }

  /** The result categories (办理结果) of a session's rules; without a session, of the rules every session starts from. */
  resultCategories(sessionId: string | undefined): Promise<ResultCategory[]> {
    return resultCategories(this.ds, this.rules, sessionId);
  }

  /** The active departments, by code (交办 in a batch). */
  activeDepartments(): Promise<Array<{ id: string; code: string; name: string }>> {
    return activeDepartments(this.ds);
  }

  /** Units and proposers for the user form's pickers (a user bound to a unit or a proposer). */
  async userBindings(): Promise<{ units: Array<{ id: string; name: string; kind: string }>; proposers: Array<{ id: string; name: string }> }> {
    const [units, proposers] = await Promise.all([
      this.ds.query(`SELECT id, name, kind FROM units ORDER BY kind, code`),
      this.ds.query(`SELECT id, name FROM proposers ORDER BY name LIMIT 2000`),
    ]);
    return { units, proposers };
  }
}
