import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { NewEvent } from '#contracts';
import type { Clock } from '#domain';
import { preparedQueryIn } from '#persistence';
import { type Actor, actorId, actorLabel } from './actor.js';
import type { AlertThemes } from './alert-themes.js';
import type { RulesProvider } from './rules-provider.js';

/** A downstream job an event starts (the routing table's row for it, with its deterministic job id). */
export interface RoutedJob {
  jobName: string;
  jobId: string;
  queue: string;
}

/** Told the ids of events right after their transaction commits (the outbox's fast path). */
export interface EventPublisher {
  /** `routed`: the events' jobs were recorded in their own transaction (`routes`), so dispatching them is one statement. */
  publish(eventIds: string[], options?: { routed: boolean }): Promise<void>;
  /**
   * The jobs an event starts when dispatched. A publisher that answers this has them recorded
   * (`event_jobs`) in the transaction that records the event, and its dispatch only marks the
   * events dispatched: the routed jobs are there for the repair pass from the commit on.
   */
  routes?(event: { id: string; type: string; payload: unknown }): RoutedJob[];
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
    private readonly routes?: EventPublisher['routes'],
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
    // With a routing publisher the ids are chosen here, and the events' jobs (event_jobs) are written
    // in the same statement, for the events that are new: dispatching them is then one UPDATE.
    const routes = this.routes;
    const ids = routes ? rows.map(() => randomUUID()) : null;
    const jobs = routes
      ? rows.flatMap((r, i) => routes({ id: ids![i]!, type: r.type, payload: r.payload }).map((j) => ({ event_id: ids![i], job_name: j.jobName, job_id: j.jobId, queue: j.queue })))
      : [];
    const insert = `INSERT INTO events (${ids ? 'id, ' : ''}type, proposal_id, subject_type, subject_id, actor_id, actor, payload, occurred_at, dedupe_key)
       SELECT ${ids ? 'e.id, ' : ''}e.type, e.proposal_id, e.subject_type, e.subject_id, e.actor_id, e.actor, e.payload, $2::timestamptz, e.dedupe_key
         FROM ROWS FROM (jsonb_to_recordset($1::jsonb)
                AS (${ids ? 'id uuid, ' : ''}type text, proposal_id uuid, subject_type text, subject_id uuid, actor_id uuid, actor text, payload jsonb, dedupe_key text))
              WITH ORDINALITY AS e(${ids ? 'id, ' : ''}type, proposal_id, subject_type, subject_id, actor_id, actor, payload, dedupe_key, n)
        ORDER BY e.n
       ON CONFLICT DO NOTHING
       RETURNING id`;
    // Named by its variant: planned once per connection, not at every commit (the events' insert
    // is in every use case's transaction).
    const variant = ids ? (jobs.length > 0 ? 'duban_record_events_with_jobs' : 'duban_record_events_with_ids') : 'duban_record_events';
    const returned = await preparedQueryIn<{ id: string }>(
      this.em,
      variant,
      ids && jobs.length > 0
        ? `WITH ins AS (${insert}),
                jobs AS (INSERT INTO event_jobs (event_id, job_name, job_id, queue)
                         SELECT j.event_id, j.job_name, j.job_id, j.queue
                           FROM jsonb_to_recordset($3::jsonb) AS j(event_id uuid, job_name text, job_id text, queue text)
                           JOIN ins ON ins.id = j.event_id
                         ON CONFLICT DO NOTHING)
           SELECT id FROM ins`
        : insert,
      [
        JSON.stringify(ids ? rows.map((r, i) => ({ id: ids[i], ...r })) : rows),
        this.now,
        ...(ids && jobs.length > 0 ? [JSON.stringify(jobs)] : []),
      ],
    );
    // In the order of `events` (those skipped as duplicates left out).
    const inserted = new Set(returned.map((r) => r.id));
    const recorded = ids ? ids.filter((id) => inserted.has(id)) : returned.map((r) => r.id);
    this.recorded.push(...recorded);
    return recorded;
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
    const publisher = this.publisher;
    const routes = publisher.routes?.bind(publisher);
    const result = await this.ds.transaction(async (em) => fn(new Tx(em, now, actor, recorded, this.alertThemes, routes)));
    if (recorded.length > 0) {
      // Best effort: if this fails, the relay finds the events undispatched (or the repair pass their jobs not enqueued) and sends them on.
      await publisher.publish(recorded, { routed: !!routes }).catch(() => undefined);
    }
    return result;
  }
}
