import type { DataSource, EntityManager } from 'typeorm';
import type { NewEvent } from '#contracts';
import type { Clock } from '#domain';
import { type Actor, actorId, actorLabel } from './actor.js';
import type { AlertThemes } from './alert-themes.js';
import type { RulesProvider } from './rules-provider.js';

/** Told the ids of events right after their transaction commits (the outbox's fast path). */
export interface EventPublisher {
  publish(eventIds: string[]): Promise<void>;
}

export const noopPublisher: EventPublisher = { publish: async () => undefined };

/** An event of the catalogue (libs/contracts): `Tx.record` takes only a known type with its own payload. */
export type { NewEvent } from '#contracts';

/** One unit of work: a Postgres transaction, the time it happens at, and the events it records. */
export class Tx {
  constructor(
    readonly em: EntityManager,
    readonly now: Date,
    readonly actor: Actor,
    private readonly recorded: string[],
    /** config/intake.json's alert themes: a deadline of an alert-theme proposal escalates one step earlier. */
    readonly alertThemes: AlertThemes,
  ) {}

  /** Writes an event in this transaction: the state change and its record commit together or not at all. */
  /** Returns the event's id, or null when its dedupe key says it happened already. */
  async record(event: NewEvent): Promise<string | null> {
    const [id] = await this.recordMany([event]);
    return id ?? null;
  }

  /**
   * Writes several events in one statement. An event whose dedupe key already exists is skipped,
   * not an error: it has happened already.
   */
  async recordMany(events: NewEvent[]): Promise<string[]> {
    if (events.length === 0) return [];
    const rows = events.map((event) => ({
      type: event.type,
      proposal_id: event.proposalId ?? null,
      subject_type: event.subjectType,
      subject_id: event.subjectId ?? null,
      actor_id: actorId(this.actor),
      actor: actorLabel(this.actor),
      payload: event.payload,
      dedupe_key: event.dedupeKey ?? null,
    }));
    // One statement, one parameter, whatever the number of events (a sweep records a thousand):
    // building a thousand-row VALUES list through the query builder cost more than the insert.
    const result: unknown = await this.em.query(
      `INSERT INTO events (type, proposal_id, subject_type, subject_id, actor_id, actor, payload, occurred_at, dedupe_key)
       SELECT e.type, e.proposal_id, e.subject_type, e.subject_id, e.actor_id, e.actor, e.payload, $2::timestamptz, e.dedupe_key
         FROM ROWS FROM (jsonb_to_recordset($1::jsonb)
                AS (type text, proposal_id uuid, subject_type text, subject_id uuid, actor_id uuid, actor text, payload jsonb, dedupe_key text))
              WITH ORDINALITY AS e(type, proposal_id, subject_type, subject_id, actor_id, actor, payload, dedupe_key, n)
        ORDER BY e.n
       ON CONFLICT DO NOTHING
       RETURNING id`,
      [JSON.stringify(rows), this.now],
    );
    const returned = (Array.isArray((result as unknown[])[0]) ? (result as unknown[])[0] : result) as Array<{ id: string }>;
    const ids = returned.map((r) => r.id);
    this.recorded.push(...ids);
    return ids;
  }
}

/** What every use case needs: the database, the clock, the rules (time rules, alert themes) and the outbox's publisher. */
export class AppContext {
  constructor(
    readonly ds: DataSource,
    readonly clock: Clock,
    readonly rules: RulesProvider,
    readonly alertThemes: AlertThemes,
    private publisher: EventPublisher = noopPublisher,
  ) {}

  usePublisher(publisher: EventPublisher): void {
    this.publisher = publisher;
  }

  async transaction<T>(actor: Actor, fn: (tx: Tx) => Promise<T>): Promise<T> {
    const recorded: string[] = [];
    const now = this.clock.now();
    const result = await this.ds.transaction(async (em) => fn(new Tx(em, now, actor, recorded, this.alertThemes)));
    if (recorded.length > 0) {
      // Best effort: if this fails, the relay finds the events undispatched and sends them on.
      await this.publisher.publish(recorded).catch(() => undefined);
    }
    return result;
  }
}
