import { isEventType, type EventPayload, type EventType, type StoredEvent } from '#contracts';
import { JobName } from './catalogue.js';

export interface Route<T extends EventType> {
  job: JobName;
  /** Only for events whose payload passes this test. */
  when?: (payload: EventPayload<T>) => boolean;
  /**
   * Only once this other job of the same event has completed (its consumer enqueues it then, see
   * OutboxDispatcher.followUp): a job that must read what the other one writes.
   */
  after?: JobName;
}

/** A route list for every event type of the catalogue (libs/contracts): one missing — even `[]` — does not compile. */
export type RoutingTable = { [T in EventType]: ReadonlyArray<Route<T>> };

/**
 * The routing table: which downstream jobs each event type starts. Reading it tells the whole
 * workflow. Deadlines are not here: they open, move and settle in the same transaction as the change
 * that causes them (see docs/architecture.md), and the deadline sweep turns them into events below.
 */
export const ROUTES = {
  // The 新提案 mail names the themes the classifier tags: it is planned once classification is done.
  'proposal.submitted': [{ job: JobName.ClassifyProposal }, { job: JobName.FindSimilarProposals }, { job: JobName.NotifyForEvent, after: JobName.ClassifyProposal }],
  'proposal.resubmitted': [{ job: JobName.ClassifyProposal }, { job: JobName.FindSimilarProposals }, { job: JobName.NotifyForEvent, after: JobName.ClassifyProposal }],
  // Smart intake (docs/intake.md): a proposal tagged with an alert theme (营商环境) is told to the supervision
  // office; a bulk import runs as a job and, once done, tells the committee once (not once per row).
  'proposal.classified': [{ job: JobName.NotifyForEvent, when: (p) => Array.isArray(p.alert) && p.alert.length > 0 }],
  // Found by the intake worker and shown on the proposal's page; they start nothing.
  'proposal.duplicates_found': [],
  'import.requested': [{ job: JobName.ImportProposals }],
  'import.completed': [{ job: JobName.NotifyForEvent }],
  'import.failed': [],
  // 联名 (co-signing): the invitee is mailed the invitation with its signed link; the lead proposer hears each answer.
  'cosigning.invited': [{ job: JobName.NotifyForEvent }],
  'cosigning.confirmed': [{ job: JobName.NotifyForEvent }],
  'cosigning.declined': [{ job: JobName.NotifyForEvent }],
  'proposal.assigned': [{ job: JobName.NotifyForEvent }],
  'assignment.adjustment_requested': [{ job: JobName.NotifyForEvent }],
  'assignment.adjustment_approved': [{ job: JobName.ReassignAfterAdjustment }, { job: JobName.NotifyForEvent }],
  'assignment.reassigned': [{ job: JobName.NotifyForEvent }],
  'assignment.extension_granted': [{ job: JobName.NotifyForEvent }],
  'proposal.replied': [{ job: JobName.NotifyForEvent }],
  // The unit's internal flow (单位内部流转): the officer hears of the work and of a returned draft, the leader of a draft to sign.
  'assignment.officer_assigned': [{ job: JobName.NotifyForEvent }],
  'reply.drafted': [{ job: JobName.NotifyForEvent }],
  'reply.returned': [{ job: JobName.NotifyForEvent }],
  'reply.approved': [{ job: JobName.NotifyForEvent }],
  'feedback.received': [
    { job: JobName.ReopenForRehandling, when: (p) => p.rating === 'unsatisfied' },
    { job: JobName.NotifyForEvent },
  ],
  'proposal.rehandling': [{ job: JobName.NotifyForEvent }],
  'deadline.reminder_due': [{ job: JobName.NotifyForEvent }],
  'deadline.overdue': [{ job: JobName.NotifyForEvent }],
  'deadline.escalated': [{ job: JobName.NotifyForEvent }],
  'notification.dead': [{ job: JobName.NotifyForEvent }],
  'supervision.weekly_digest': [{ job: JobName.NotifyForEvent }],
  // 督办 (docs/supervision.md): a notice to a unit, its answer or withdrawal; a rules change, and the deadlines it moved.
  'supervision.notice_issued': [{ job: JobName.NotifyForEvent }],
  'supervision.notice_responded': [{ job: JobName.NotifyForEvent }],
  'supervision.notice_withdrawn': [{ job: JobName.NotifyForEvent }],
  'rules.changed': [{ job: JobName.NotifyForEvent }],
  'session.rules_changed': [{ job: JobName.NotifyForEvent }],
  'deadline.recomputed': [{ job: JobName.NotifyForEvent, when: (p) => p.dueChanged === true }],
  // A key (重点提案) or alert-theme (营商环境) proposal copies the supervision office on every event; these tell no one
  // else (the planner skips other proposals).
  'assignment.accepted': [{ job: JobName.NotifyForEvent }],
  'communication.recorded': [{ job: JobName.NotifyForEvent }],
  'opinion.submitted': [{ job: JobName.NotifyForEvent }],
  'reply.submitted': [{ job: JobName.NotifyForEvent }],
  'assignment.extension_requested': [{ job: JobName.NotifyForEvent }],
  'assignment.extension_rejected': [{ job: JobName.NotifyForEvent }],
  'assignment.adjustment_rejected': [{ job: JobName.NotifyForEvent }],
  'proposal.closed': [{ job: JobName.NotifyForEvent }],
  'proposal.published': [{ job: JobName.NotifyForEvent }],
  // A window closing (调整期、回执期届满) is no news (supervision-mail.ts KEY_COPY_EVENTS).
  'deadline.expired': [],
  'proposal.key_designated': [{ job: JobName.NotifyForEvent }],
  // The audit trail only: the review decisions tell their story on the proposal's page (the proposer
  // sees them in the timeline); a note, a resent mail tell no one.
  'proposal.filed': [],
  'proposal.not_filed': [],
  'proposal.merged': [],
  'proposal.converted': [],
  'proposal.returned': [],
  'proposal.withdrawn': [],
  'supervision.note_added': [],
  // Attachments: the audit trail only (docs/ui.md, 附件).
  'attachment.uploaded': [],
  'attachment.downloaded': [],
  'notification.resent': [],
} as const satisfies RoutingTable;

/** The event types whose routes start job `J`: what its handler is given (`eventOfJob`). */
export type EventsRoutedTo<J extends JobName> = { [T in EventType]: J extends (typeof ROUTES)[T][number]['job'] ? T : never }[EventType];

/** Whether events of this type are routed to the job (whatever their payload). */
export function isRoutedTo<J extends JobName>(event: StoredEvent, job: J): event is Extract<StoredEvent, { type: EventsRoutedTo<J> }> {
  return (ROUTES as RoutingTable)[event.type].some((r) => r.job === job);
}

/** The jobs a typed event starts when dispatched (after: none), or once the job `after` of the event has completed. */
export function routesOf<T extends EventType>(type: T, payload: EventPayload<T>, after?: JobName): JobName[] {
  const routes: ReadonlyArray<Route<T>> = (ROUTES as RoutingTable)[type];
  return routes.filter((r) => r.after === after && (!r.when || r.when(payload))).map((r) => r.job);
}

/** The jobs of an event read back from Postgres: none for a type the catalogue does not know. */
export function routesFor(type: string, payload: unknown, after?: JobName): JobName[] {
  return isEventType(type) ? routesOf(type, (payload ?? {}) as EventPayload<typeof type>, after) : [];
}
