import { SessionRow } from '#persistence';
import { type Actor, type AppContext, requireRole, NotFoundError } from '#kernel';
import { writeRecord } from '#directory';
import type { ChangeRules, SessionRulesChanged } from './change-rules.js';

export interface UpdateSessionInput {
  name?: string;
  body?: 'cppcc' | 'npc';
  term?: number;
  meeting?: number;
  year?: number;
  openedOn?: string;
  /** The session's whole rules override from now on ({} or null: none); a change is a rules change. */
  rulesOverride?: Record<string, unknown> | null;
  /** Why the override changes (audited, and written into the recomputed deadlines' explanations). */
  rulesReason?: string | null;
}

/**
 * PATCH /api/v1/sessions/:id (and the admin's session form): the session's fields and, when its
 * `rulesOverride` changes, the same rules change as the rules endpoint's (ChangeRules.changeSession:
 * a version, a `session.rules_changed` event, the session's running deadlines recomputed) — all in
 * one transaction, so that a refused name (409) leaves the rules as they were and the reverse.
 */
export class UpdateSession {
  constructor(
    private readonly ctx: AppContext,
    private readonly rules: ChangeRules,
  ) {}

  async execute(actor: Actor, id: string, input: UpdateSessionInput): Promise<SessionRow & { rulesChange: SessionRulesChanged | null }> {
    requireRole(actor, 'admin');
    const { rulesOverride, rulesReason, ...fields } = input;
    return this.ctx.transaction(actor, async (tx) => {
      const row = await tx.em.findOne(SessionRow, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!row) throw new NotFoundError('session', id);
      const rulesChange = rulesOverride === undefined ? null : await this.rules.changeSession(tx, row, { override: rulesOverride ?? {}, reason: rulesReason });
      const saved = await writeRecord('session', () => tx.em.save(SessionRow, { ...row, ...fields }));
      return Object.assign(saved, { rulesChange });
    });
  }
}
