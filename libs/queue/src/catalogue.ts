/**
 * The one typed job catalogue: every queue, every job, and what each job carries. Jobs carry ids,
 * never data: a handler re-reads Postgres, which is the truth.
 */
export enum QueueName {
  /** Moves undispatched events into their queues, and repairs jobs lost with Redis. */
  Outbox = 'outbox',
  Intake = 'intake',
  Assignment = 'assignment',
  Deadline = 'deadline',
  Notification = 'notification',
}

export enum JobName {
  RelayOutbox = 'relay-outbox',
  ClassifyProposal = 'classify-proposal',
  FindSimilarProposals = 'find-similar-proposals',
  ImportProposals = 'import-proposals',
  ReassignAfterAdjustment = 'reassign-after-adjustment',
  ReopenForRehandling = 'reopen-for-rehandling',
  SweepDeadlines = 'sweep-deadlines',
  NotifyForEvent = 'notify-for-event',
  /** Several events' notify-for-event in one job: what the outbox enqueues for events dispatched together (a sweep's). */
  NotifyForEvents = 'notify-for-events',
  SendNotification = 'send-notification',
  MaintainNotifications = 'maintain-notifications',
}

/** A job started by an event through the routing table. */
export interface EventJobData {
  eventId: string;
}

/** What each job carries. */
export interface JobPayloads {
  [JobName.RelayOutbox]: Record<string, never>;
  [JobName.ClassifyProposal]: EventJobData;
  [JobName.FindSimilarProposals]: EventJobData;
  [JobName.ImportProposals]: EventJobData;
  [JobName.ReassignAfterAdjustment]: EventJobData;
  [JobName.ReopenForRehandling]: EventJobData;
  [JobName.SweepDeadlines]: Record<string, never>;
  [JobName.NotifyForEvent]: EventJobData;
  [JobName.NotifyForEvents]: { eventIds: string[] };
  /** `attemptsBefore`: a retry of the planning job's own send (1), whose attempt counts towards the channel's. */
  [JobName.SendNotification]: { notificationId: string; attemptsBefore?: number };
  [JobName.MaintainNotifications]: Record<string, never>;
}

/** The discriminated union of every job. */
export type AnyJob = { [N in JobName]: { name: N; data: JobPayloads[N] } }[JobName];

/** The queue each job runs on. */
export const JOB_QUEUE: Record<JobName, QueueName> = {
  [JobName.RelayOutbox]: QueueName.Outbox,
  [JobName.ClassifyProposal]: QueueName.Intake,
  [JobName.FindSimilarProposals]: QueueName.Intake,
  [JobName.ImportProposals]: QueueName.Intake,
  [JobName.ReassignAfterAdjustment]: QueueName.Assignment,
  [JobName.ReopenForRehandling]: QueueName.Assignment,
  [JobName.SweepDeadlines]: QueueName.Deadline,
  [JobName.NotifyForEvent]: QueueName.Notification,
  [JobName.NotifyForEvents]: QueueName.Notification,
  [JobName.SendNotification]: QueueName.Notification,
  [JobName.MaintainNotifications]: QueueName.Notification,
};

export const jobsOfQueue = (queue: QueueName): JobName[] =>
  (Object.keys(JOB_QUEUE) as JobName[]).filter((job) => JOB_QUEUE[job] === queue);

/**
 * Deterministic job ids: the same event never becomes two jobs of the same kind, however often the
 * relay or the repair pass enqueues it (BullMQ ignores an add whose id it already holds).
 */
export const eventJobId = (job: JobName, eventId: string): string => `${job}.${eventId}`;
export const sendJobId = (notificationId: string): string => `${JobName.SendNotification}.${notificationId}`;

/** The periodic jobs and which queue's consumers keep their schedulers alive. */
export const SCHEDULED_JOBS: Array<{ job: JobName; schedulerId: string; everyMs: 'relay' | 'sweep' | 'maintain' }> = [
  { job: JobName.RelayOutbox, schedulerId: 'relay-outbox', everyMs: 'relay' },
  { job: JobName.SweepDeadlines, schedulerId: 'sweep-deadlines', everyMs: 'sweep' },
  { job: JobName.MaintainNotifications, schedulerId: 'maintain-notifications', everyMs: 'maintain' },
];
