import { storedEvent, type StoredEvent } from '#contracts';
import type { DataSource } from 'typeorm';
import type { JobName } from './catalogue.js';
import { isRoutedTo, type EventsRoutedTo } from './routing.js';

/**
 * The event an event-driven job was started for, typed as one of the events the routing table sends
 * to that job (e.g. `proposal.submitted | proposal.resubmitted` for classify-proposal); null when it
 * is gone or is not one of them.
 */
export async function eventOfJob<J extends JobName>(ds: DataSource, job: J, eventId: string): Promise<Extract<StoredEvent, { type: EventsRoutedTo<J> }> | null> {
  const rows: Array<{ id: string; type: string; proposalId: string | null; subjectType: string; subjectId: string | null; actorId: string | null; actor: string; occurredAt: Date; payload: unknown }> =
    await ds.query(
      `SELECT id, type, proposal_id AS "proposalId", subject_type AS "subjectType", subject_id AS "subjectId", actor_id AS "actorId", actor, occurred_at AS "occurredAt", payload
         FROM events WHERE id = $1`,
      [eventId],
    );
  const event = rows[0] ? storedEvent(rows[0]) : null;
  return event && isRoutedTo(event, job) ? event : null;
}
