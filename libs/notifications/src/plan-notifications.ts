import { createHash } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { In, Not, type EntityManager } from 'typeorm';
import { storedEvent, type EventType, type StoredEvent } from '#contracts';
import { ANSWER_DEADLINE_KINDS, UNSENT_NOTIFICATION_STATUSES, addCalendarDays, toShanghaiDate, type Recipient } from '#domain';
import {
  renderAdjustmentRequested, renderAssignmentNotice, renderDeliveryFailure, renderEscalation, renderExtensionGranted,
  renderCoSigningAnswered, renderCoSigningInvitation, renderFeedbackResult, renderImportSummary, renderNewProposal, renderOverdueAlert, renderReminder, renderReplyNotice, renderUnitFlowNotice, renderWeeklyDigest,
  type UnitFlowStep,
  type DigestItem, type DigestUnit, type MailContext, type MailDeadline, type MailDeadlineKind, type OverdueAudience,
  type RatingName, type RenderedMail,
} from '#mail';
import { AssignmentRow, CoSigningInvitationRow, DeadlineRow, EventRow, FeedbackRow, ProposalImportRow, ProposerRow, ReplyRow, SessionRow, UserRow } from '#persistence';
import type { AppContext, AlertThemes, SessionRules } from '#kernel';
import { importOfSubmission, proposalsOfImport } from '#intake';
import { isKeyCopyEvent, officeCopyOf, planSupervisionMail, type SupervisionNotificationType, type SupervisionPlanningOf } from './supervision-mail.js';
import { planChannelMessages, recipientRef, type ChannelPlan } from './channels/plan-channels.js';
import { FeedbackLinks } from './feedback-links.js';
import { CoSigningLinks } from './co-signing-links.js';
import { loadProposalsForMail, loadUnits, mailContext, mailUnit, type ProposalForMail } from './mail-data.js';
import {
  addressProposers, cleanCc, mergePerAddress, stageAddressees, unitsOfKind, usableEmail, type AddressedMail, type Addressee, type ContactProposer,
  type ContactUnit,
} from '#directory';
import { nextOfficeOpening } from './working-hours.js';

/** What a notification row is about (its `type`). */
export type NotificationType =
  | 'new_proposal'
  | 'assignment_notice'
  | 'adjustment_requested'
  | 'extension_granted'
  | 'reply_notice'
  | 'feedback_result'
  | 'reminder'
  | 'overdue_alert'
  | 'escalation'
  | 'delivery_failure'
  | 'weekly_digest'
  | 'import_summary'
  | 'co_signing_invitation'
  | 'co_signing_answer'
  /** The unit's internal flow (单位内部流转与审签), within the unit. */
  | 'unit_flow'
  | SupervisionNotificationType;

/** `<first 32 hex digits of sha256(dedupe key)@duban>`: the same notification always has the same Message-ID. */
export function messageIdFor(dedupeKey: string): string {
  return `<${createHash('sha256').update(dedupeKey).digest('hex').slice(0, 32)}@duban>`;
}

/** The columns a planned notification is written with, in the order of a draft's row. */
const NOTIFICATION_COLUMNS = [
  'dedupe_key', 'event_id', 'proposal_id', 'type', 'recipient_email', 'recipient_name', 'cc', 'subject', 'body_text', 'body_html', 'message_id', 'status', 'not_before',
  'channel', 'recipient_address', 'recipient_ref', 'link',
] as const;

/**
 * Changes whenever any unit row does (content hash and count), or a unit user's mobile (a unit
 * without its own 短信手机 is texted at its user's, mail-data.ts): the planner's cache of the
 * directory's units.
 */
const UNITS_STAMP = `(SELECT coalesce(sum(hashtext(u::text)), 0) || ':' || count(*) FROM units u) || ':' ||
  (SELECT coalesce(sum(hashtext(x.unit_id::text || x.mobile || x.active::text)), 0) FROM users x WHERE x.unit_id IS NOT NULL AND x.mobile IS NOT NULL)`;

/** One email to write, before it becomes a row. */
interface Draft {
  /** Who, within the event: the row's dedupe key is `${eventId}:${key}`. */
  key: string;
  type: NotificationType;
  to: { email: string | null; name: string };
  cc: Array<string | null>;
  mail: RenderedMail;
  /** Carries the proposer's own feedback link: copied to no one. */
  personal?: boolean;
  /** Where the message centre opens it, when not the proposal's page (an invitee cannot see that one yet). */
  link?: string;
  /** Addressed to the supervision office (or its leader), or already copied to it: no key-proposal (or alert-theme) cc. */
  noKeyCc?: boolean;
  notBefore?: Date | null;
}

/**
 * What every planner gets, for one event type: `type` discriminates, so a `switch (p.type)` hands
 * each planner its event's own payload (`Planning<'proposal.assigned'>`).
 */
type Planning<T extends EventType = EventType> = T extends EventType ? PlanningOf<T> : never;

/** The supervision mails' view of an event, plus what the batch read once for all its events. */
interface PlanningOf<T extends EventType> extends SupervisionPlanningOf<T> {
  reads: BatchReads;
}

/** What a batch read once for all its events (PlanNotifications.batchReads); a planner falls back to its own query for what is not here. */
interface BatchReads {
  /** The fired stages' deadlines, by id. */
  deadlines: Map<string, DeadlineRow>;
  /** Every assignment (removed ones too) of the fired stages' proposals, by proposal. */
  assignmentsOf: Map<string, AssignmentRow[]>;
  /** The reply, co-opinion and adjustment deadlines of the assignments just made, by assignment. */
  deadlinesOf: Map<string, DeadlineRow[]>;
}

/** `($o, $o+1, …), (…)`: the placeholders of `count` rows of `width` values, numbered from `offset`. */
function valuesOf(count: number, width: number, offset: number): string {
  return Array.from({ length: count }, (_, r) => `(${NOTIFICATION_COLUMNS.map((c, i) => `$${r * width + i + offset}${c === 'cc' ? '::jsonb' : ''}`).join(', ')})`).join(', ');
}

type DeadlineStageEvent = 'deadline.reminder_due' | 'deadline.overdue' | 'deadline.escalated';

const DEADLINE_EVENTS: Record<DeadlineStageEvent, 'reminder' | 'overdue' | 'escalation'> = {
  'deadline.reminder_due': 'reminder',
  'deadline.overdue': 'overdue',
  'deadline.escalated': 'escalation',
};

/**
 * Planning (the first half of the notification worker): for one event, decides who is told, renders
 * each email with the Chinese templates of #mail and stores one `notifications` row per (recipient,
 * purpose). The row's dedupe key is derived from the event and the recipient, so planning again
 * (a redelivered job, a crash after the insert) creates nothing new and returns the same ids.
 *
 * Reminders, overdue alerts and escalations are delivered in office hours of working days only:
 * outside them the row is `held` until the next opening (released by MaintainNotifications), and is
 * rendered as of that moment (its "还有N天" and date are those of the morning it is read).
 */
export class PlanNotifications {
  private readonly logger = new Logger('PlanNotifications');
  private unitCache?: { stamp: string; units: ContactUnit[] };

  constructor(
    private readonly ctx: AppContext,
    private readonly settings: {
      publicUrl: string; links: FeedbackLinks; alertThemes: AlertThemes; channels?: Pick<ChannelPlan, 'rules' | 'enabled'>;
      /** Signs the invitation mails' links (联名); without it no invitation is mailed. */
      coSigningLinks?: CoSigningLinks;
    },
  ) {}

  /**
   * Plans the event's notifications; returns the ids of its notifications still to send (queued or
   * retrying). The same as a batch of one (`executeMany`).
   */
  async execute(eventId: string): Promise<string[]> {
    return (await this.executeMany([eventId])).get(eventId) ?? [];
  }

  /**
   * Plans a batch of events (a sweep's reminders, a burst of assignments) with one read of each
   * thing they share — the events, the directory's units, their proposals with sessions and
   * signers, the deadlines and assignments the reminders and 交办通知 need — and one multi-row
   * insert of every notification; answers, per event, the ids of its notifications still to send.
   * Each round trip costs more than the rendering (docs/performance.md): a batch of a hundred
   * reminders costs about as many statements as one did.
   */
  async executeMany(eventIds: readonly string[]): Promise<Map<string, string[]>> {
    const ids = [...new Set(eventIds)];
    const out = new Map<string, string[]>(ids.map((id) => [id, []]));
    if (ids.length === 0) return out;
    const em = this.ctx.ds.manager;
    const { entities, raw } = await em
      .createQueryBuilder(EventRow, 'e')
      .addSelect('EXISTS (SELECT 1 FROM notifications n WHERE n.event_id = e.id)', 'planned')
      .addSelect(UNITS_STAMP, 'units_stamp')
      .where('e.id IN (:...ids)', { ids })
      .getRawAndEntities<{ e_id: string; planned: boolean; units_stamp: string }>();
    const rawOf = new Map(raw.map((r) => [r.e_id, r]));
    // The boundary: each row becomes a typed event (null for a type the catalogue does not know: nothing to plan).
    const events = entities.flatMap((row): StoredEvent[] => {
      const event = storedEvent(row);
      return event ? [event] : [];
    });
    // Planned before (rows are written all at once): nothing to render again, only the ids to send.
    const planned = events.filter((e) => rawOf.get(e.id)?.planned).map((e) => e.id);
    const todo = events.filter((e) => !rawOf.get(e.id)?.planned);
    const rows: unknown[][] = [];
    const toPlan: string[] = [...planned];
    if (todo.length > 0) {
      const now = this.ctx.clock.now();
      const units = await this.units(em, raw[0]!.units_stamp);
      const proposals = await loadProposalsForMail(em, todo.map((e) => e.proposalId).filter((id): id is string => !!id));
      // Routed only to copy a key or alert-theme proposal's events to the supervision office: nothing to do for the others.
      const planning = todo.filter((e) => !isKeyCopyEvent(e.type) || (e.proposalId && officeCopyOf(proposals.get(e.proposalId)?.row ?? { key: false, themes: [] }, this.settings.alertThemes)));
      const reads = await this.batchReads(em, planning);
      const rulesOf = new Map<string | null, SessionRules>();
      for (const event of planning) {
        const proposal = event.proposalId ? (proposals.get(event.proposalId) ?? null) : null;
        const sessionId = proposal?.session.id ?? null;
        if (!rulesOf.has(sessionId)) rulesOf.set(sessionId, this.ctx.rules.forOverride(proposal?.session.rulesOverride ?? null));
        // One cast: TypeScript cannot see that an event's type and payload, taken from the same event, agree.
        const p = {
          type: event.type, event, payload: event.payload, em, now, units, proposal, rules: rulesOf.get(sessionId)!, reads,
          mctx: mailContext(this.settings.publicUrl, now, units, proposal), alertThemes: this.settings.alertThemes,
        } as Planning;
        rows.push(...this.rows(p, await this.draft(p)));
        toPlan.push(event.id);
      }
    }
    for (const [eventId, notificationIds] of await this.toSend(toPlan, rows)) out.set(eventId, notificationIds);
    return out;
  }

  /**
   * What the batch's reminders (and overdue alerts, escalations) and 交办通知 read, in one query
   * each for the whole batch: the fired deadlines, every assignment of their proposals, and the
   * deadlines of the assignments just made. Other events read what they need themselves.
   */
  private async batchReads(em: EntityManager, events: readonly StoredEvent[]): Promise<BatchReads> {
    const reads: BatchReads = { deadlines: new Map(), assignmentsOf: new Map(), deadlinesOf: new Map() };
    const stageDeadlines = new Set<string>();
    const stageProposals = new Set<string>();
    const assigned = new Set<string>();
    for (const e of events) {
      if (e.type === 'deadline.reminder_due' || e.type === 'deadline.overdue' || e.type === 'deadline.escalated') {
        if (e.payload.deadlineId) stageDeadlines.add(e.payload.deadlineId);
        if (e.proposalId) stageProposals.add(e.proposalId);
      }
      if (e.type === 'proposal.assigned') for (const a of e.payload.assignments ?? []) assigned.add(a.id);
    }
    if (stageDeadlines.size > 0) {
      for (const d of await em.findBy(DeadlineRow, { id: In([...stageDeadlines]) })) reads.deadlines.set(d.id, d);
    }
    if (stageProposals.size > 0) {
      for (const id of stageProposals) reads.assignmentsOf.set(id, []);
      for (const a of await em.findBy(AssignmentRow, { proposalId: In([...stageProposals]) })) reads.assignmentsOf.get(a.proposalId)?.push(a);
    }
    if (assigned.size > 0) {
      for (const id of assigned) reads.deadlinesOf.set(id, []);
      const deadlines = await em.findBy(DeadlineRow, { assignmentId: In([...assigned]), kind: In(['reply', 'co_opinion', 'adjustment']) });
      for (const d of deadlines) reads.deadlinesOf.get(d.assignmentId!)?.push(d);
    }
    return reads;
  }

  private async draft(p: Planning): Promise<Draft[]> {
    // 督办 (supervision-mail.ts): notices and their ladder, rules changes, moved deadlines, key-proposal copies.
    const supervision = await planSupervisionMail(p);
    if (supervision) return supervision;
    const withProposal = <P extends Planning>(p: P, fn: (p: P, proposal: ProposalForMail) => Promise<Draft[]> | Draft[]) => {
      if (!p.proposal) {
        this.logger.warn({ eventId: p.event.id, type: p.type }, 'event without its proposal: nobody notified');
        return [];
      }
      return fn(p, p.proposal);
    };
    switch (p.type) {
      case 'proposal.submitted':
      case 'proposal.resubmitted':
        return withProposal(p, (p, pr) => this.newProposal(p, pr));
      case 'proposal.assigned':
        return withProposal(p, (p, pr) => this.assigned(p, pr));
      case 'assignment.reassigned':
        return withProposal(p, (p, pr) => this.reassigned(p, pr));
      case 'assignment.adjustment_requested':
        return withProposal(p, (p, pr) => this.adjustmentRequested(p, pr));
      case 'assignment.extension_granted':
        return withProposal(p, (p, pr) => this.extensionGranted(p, pr));
      case 'proposal.replied':
        return withProposal(p, (p, pr) => this.replied(p, pr));
      case 'assignment.officer_assigned':
      case 'reply.drafted':
      case 'reply.returned':
      case 'reply.approved':
        return withProposal(p, (p, pr) => this.unitFlow(p, pr));
      case 'feedback.received':
        return withProposal(p, (p, pr) => this.feedbackReceived(p, pr));
      case 'proposal.rehandling':
        return withProposal(p, (p, pr) => this.rehandling(p, pr));
      case 'deadline.reminder_due':
      case 'deadline.overdue':
      case 'deadline.escalated':
        return withProposal(p, (p, pr) => this.deadlineStage(p, pr, DEADLINE_EVENTS[p.type]));
      case 'notification.dead':
        return this.deliveryFailure(p);
      case 'supervision.weekly_digest':
        return this.weeklyDigest(p);
      case 'import.completed':
        return this.importCompleted(p);
      case 'cosigning.invited':
        return withProposal(p, (p, pr) => this.coSignerInvited(p, pr));
      case 'cosigning.confirmed':
      case 'cosigning.declined':
        return withProposal(p, (p, pr) => this.coSigningAnswered(p, pr));
      default:
        return [];
    }
  }

  /** The notification rows of the drafts: cc'd, keyed and ready to insert. */
  private rows(p: Planning, drafts: Draft[]): unknown[][] {
    const { event } = p;
    const supervision = this.emails(p, 'supervision');
    const copyOffice = !!p.proposal && officeCopyOf(p.proposal.row, p.alertThemes) !== null;
    const mails: Array<AddressedMail & { d: Draft }> = [];
    for (const d of drafts) {
      const to = usableEmail(d.to.email);
      if (!to) {
        this.logger.warn({ eventId: event.id, event: event.type, type: d.type, recipient: d.to.name, key: d.key }, 'recipient has no email address: not notified');
        continue;
      }
      // A key (重点提案) or alert-theme (营商环境…) proposal copies the supervision office on everything, except a proposer's personal link.
      const cc = d.personal ? [] : cleanCc(to, [...d.cc, ...(copyOffice && !d.noKeyCc ? supervision : [])]);
      mails.push({ d, to, cc, type: d.type, subject: d.mail.subject, text: d.mail.text });
    }
    const link = event.proposalId ? `/proposals/${event.proposalId}` : null;
    // One event reaches one address once: no second identical mail, no cc copy beside its own mail.
    const emails = mergePerAddress(mails).map(({ d, to, cc }) => {
      const dedupeKey = `${event.id}:${d.key}`;
      return [
        dedupeKey, event.id, event.proposalId, d.type, to, d.to.name, JSON.stringify(cc), d.mail.subject, d.mail.text, d.mail.html,
        messageIdFor(dedupeKey), d.notBefore ? 'held' : 'queued', d.notBefore ?? null, 'email', null, recipientRef(d.to), d.link ?? link,
      ];
    });
    return [...emails, ...this.channelRows(p, drafts, link)];
  }

  /** The drafts' messages over the other channels (channels/plan-channels.ts), SMS held until office hours. */
  private channelRows(p: Planning, drafts: Draft[], link: string | null): unknown[][] {
    const channels = this.settings.channels;
    if (!channels || channels.enabled.size === 0) return [];
    const smsHold = channels.enabled.has('sms') ? nextOfficeOpening(p.now, p.rules.rules.workingHours, p.rules.calendar) : null;
    const plan = { eventId: p.event.id, proposalId: p.event.proposalId, publicUrl: this.settings.publicUrl, smsHold, ...channels };
    const inputs = drafts.map((d) => ({ key: d.key, type: d.type, to: d.to, subject: d.mail.subject, text: d.mail.text, notBefore: d.notBefore }));
    return planChannelMessages(plan, inputs).map((m) => [
      m.dedupeKey, p.event.id, p.event.proposalId, m.type, null, m.name, '[]', m.subject, m.text, '', messageIdFor(m.dedupeKey),
      m.notBefore ? 'held' : 'queued', m.notBefore, m.channel, m.address, m.ref, link,
    ]);
  }

  /**
   * Writes the rows (all or none, in one statement unless the batch is very large; an existing
   * dedupe key — a planner that raced this one — is left as it is) and answers each event's
   * notifications to send: those just written and those written before, in the order they were planned.
   */
  private async toSend(eventIds: readonly string[], rows: unknown[][]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    if (eventIds.length === 0) return out;
    const width = NOTIFICATION_COLUMNS.length;
    // Postgres takes at most 65,535 parameters per statement: a huge batch is written in several (each row is keyed, so a retry is harmless).
    const chunk = Math.floor(60_000 / width);
    for (let at = chunk; at < rows.length; at += chunk) {
      const part = rows.slice(at - chunk, at);
      await this.ctx.ds.query(
        `INSERT INTO notifications (${NOTIFICATION_COLUMNS.join(', ')}) VALUES ${valuesOf(part.length, width, 1)} ON CONFLICT (dedupe_key) DO NOTHING`,
        part.flat(),
      );
    }
    const last = rows.slice(Math.floor(Math.max(rows.length - 1, 0) / chunk) * chunk);
    // The states still to send (domain UNSENT_NOTIFICATION_STATUSES), the last parameter.
    const unsent = `$${last.length * width + 2}::text[]`;
    const earlier = `SELECT id, event_id, created_at, dedupe_key FROM notifications WHERE event_id = ANY($1::uuid[]) AND status = ANY(${unsent})`;
    // A data-modifying CTE: the outer SELECT does not see the rows it writes, so they are added apart.
    const ids: Array<{ id: string; event_id: string }> = await this.ctx.ds.query(
      last.length === 0
        ? `${earlier} ORDER BY created_at, dedupe_key`
        : `WITH written AS (
             INSERT INTO notifications (${NOTIFICATION_COLUMNS.join(', ')}) VALUES ${valuesOf(last.length, width, 2)}
             ON CONFLICT (dedupe_key) DO NOTHING RETURNING id, event_id, status, created_at, dedupe_key)
           SELECT id, event_id FROM (SELECT id, event_id, created_at, dedupe_key FROM written WHERE status = ANY(${unsent}) UNION ALL ${earlier}) t
            ORDER BY created_at, dedupe_key`,
      [eventIds, ...last.flat(), UNSENT_NOTIFICATION_STATUSES],
    );
    for (const { id, event_id } of ids) out.set(event_id, [...(out.get(event_id) ?? []), id]);
    return out;
  }

  // ---- one planner per event type ------------------------------------------------------------

  /**
   * proposal.submitted / resubmitted → the committee (新提案). Not for a proposal created by a bulk
   * import: the import's summary tells the committee once (import.completed). Never copied to the
   * supervision office: it hears of an alert-theme proposal from proposal.classified, whichever of
   * the two is planned first.
   */
  private newProposal(p: Planning<'proposal.submitted' | 'proposal.resubmitted'>, pr: ProposalForMail): Draft[] {
    if (p.type === 'proposal.submitted' && importOfSubmission(p.payload)) return [];
    const mail = renderNewProposal(p.mctx, { proposal: pr.mail, themes: pr.row.themes ?? [] });
    return unitsOfKind(p.units, 'committee').map((u) => ({ key: `committee:${u.id}`, type: 'new_proposal', to: u, cc: [], mail, noKeyCc: true }));
  }

  /** proposal.assigned → each assigned unit (交办通知), copied to the supervision office. */
  private async assigned(p: Planning<'proposal.assigned'>, pr: ProposalForMail): Promise<Draft[]> {
    const listed = p.payload.assignments ?? [];
    const names = (role: string) => listed.filter((a) => a.role === role).map((a) => this.unit(p, a.unitId)?.name).filter((n): n is string => !!n);
    const drafts: Draft[] = [];
    for (const a of listed) {
      const draft = await this.assignmentNotice(p, pr, a, {
        coUnits: a.role === 'lead' ? names('co') : undefined,
        leadUnit: a.role === 'co' ? names('lead')[0] : undefined,
      });
      if (draft) drafts.push(draft);
    }
    return drafts;
  }

  /** assignment.reassigned → the new unit (交办通知 naming the former one), copied to the supervision office. */
  private async reassigned(p: Planning<'assignment.reassigned'>, pr: ProposalForMail): Promise<Draft[]> {
    const { toAssignmentId: id, toUnitId: unitId, role, fromUnitId, previousRole } = p.payload;
    if (!id || !unitId || !role) return [];
    const live = await p.em.findBy(AssignmentRow, { proposalId: pr.row.id, state: Not('removed') });
    const names = (r: string) => live.filter((a) => a.role === r && a.id !== id).map((a) => this.unit(p, a.unitId)?.name).filter((n): n is string => !!n);
    // 主协办互换: the former lead staying on as co-handler is told of its new role, not "moved from itself".
    const draft = await this.assignmentNotice(p, pr, { id, unitId, role }, {
      coUnits: role === 'lead' ? names('co') : undefined,
      leadUnit: role === 'co' ? names('lead')[0] : undefined,
      reassignedFrom: fromUnitId === unitId ? undefined : this.unit(p, fromUnitId)?.name,
      previousRole: previousRole || undefined,
    });
    return draft ? [draft] : [];
  }

  private async assignmentNotice(
    p: Planning,
    pr: ProposalForMail,
    a: { id: string; unitId: string; role: AssignmentRow['role'] },
    extra: { coUnits?: string[]; leadUnit?: string; reassignedFrom?: string; previousRole?: AssignmentRow['role'] },
  ): Promise<Draft | null> {
    const unit = this.unit(p, a.unitId);
    const deadlines = p.reads.deadlinesOf.get(a.id) ?? (await p.em.findBy(DeadlineRow, { assignmentId: a.id, kind: In(['reply', 'co_opinion', 'adjustment']) }));
    const own = deadlines.find((d) => d.kind === (a.role === 'co' ? 'co_opinion' : 'reply'));
    if (!unit || !own) {
      this.logger.warn({ eventId: p.event.id, assignmentId: a.id }, 'assignment without its unit or deadline: no 交办通知');
      return null;
    }
    const mail = renderAssignmentNotice(p.mctx, {
      proposal: pr.mail,
      unit: mailUnit(unit),
      role: a.role,
      deadline: mailDeadline(own),
      adjustmentDueOn: deadlines.find((d) => d.kind === 'adjustment')?.dueOn,
      ...extra,
    });
    return { key: `unit:${a.id}`, type: 'assignment_notice', to: unit, cc: this.emails(p, 'supervision'), mail };
  }

  /** assignment.adjustment_requested → the supervision office, which decides (调整申请). */
  private adjustmentRequested(p: Planning<'assignment.adjustment_requested'>, pr: ProposalForMail): Draft[] {
    const unit = this.unit(p, p.payload.unitId);
    if (!unit) return [];
    const mail = renderAdjustmentRequested(p.mctx, {
      proposal: pr.mail,
      unit: mailUnit(unit),
      reason: p.payload.reason || '',
      suggestedUnit: this.unit(p, p.payload.suggestedUnitId)?.name ?? null,
      keepAsCo: p.payload.keepAsCo === true,
    });
    return unitsOfKind(p.units, 'supervision').map((u) => ({ key: `supervision:${u.id}`, type: 'adjustment_requested', to: u, cc: [], mail, noKeyCc: true }));
  }

  /** assignment.extension_granted → the lead proposer (for an answer they wait for) and the unit (延期告知). */
  private async extensionGranted(p: Planning<'assignment.extension_granted'>, pr: ProposalForMail): Promise<Draft[]> {
    const { assignmentId, previousDueOn, newDueOn, deadlineId } = p.payload;
    const unit = this.unit(p, p.payload.unitId);
    if (!assignmentId || !unit || !previousDueOn || !newDueOn) return [];
    const deadline = deadlineId ? await p.em.findOneBy(DeadlineRow, { id: deadlineId }) : null;
    const input = { proposal: pr.mail, unit: mailUnit(unit), previousDueOn, newDueOn };
    const drafts: Draft[] = [];
    // A co-handler's opinion goes to the lead unit, not to the proposer: only answers concern them.
    if (pr.leadProposer && deadline?.kind !== 'co_opinion') {
      drafts.push({
        key: `proposer:${pr.leadProposer.id}`,
        type: 'extension_granted',
        to: pr.leadProposer,
        cc: [],
        mail: renderExtensionGranted(p.mctx, { ...input, audience: 'proposer' }),
      });
    }
    drafts.push({ key: `unit:${assignmentId}`, type: 'extension_granted', to: unit, cc: [], mail: renderExtensionGranted(p.mctx, { ...input, audience: 'unit' }) });
    return drafts;
  }

  /**
   * proposal.replied → each proposer with an email, one mail per reply of the round (答复告知, the
   * letter in full); the lead proposer's carries the signed feedback link. The proposers of the
   * proposals merged into this one (并案) get the same letter naming their own proposal, without the
   * link (the rating is this proposal's proposers'). The committee and the supervision office get
   * their own copies (抄送), without the link, which is the proposer's alone.
   */
  private async replied(p: Planning<'proposal.replied'>, pr: ProposalForMail): Promise<Draft[]> {
    const round = typeof p.payload.round === 'number' ? p.payload.round : pr.row.round;
    const replies = await p.em.find(ReplyRow, { where: { proposalId: pr.row.id, round }, order: { submittedAt: 'ASC' } });
    if (replies.length === 0) return [];
    const assignments = new Map((await p.em.findBy(AssignmentRow, { id: In(replies.map((r) => r.assignmentId)) })).map((a) => [a.id, a]));
    const feedback = await p.em.findOneBy(DeadlineRow, { proposalId: pr.row.id, kind: 'feedback', round });
    const expiresAt = feedback ? FeedbackLinks.expiryFor(feedback.dueAt) : new Date(p.now.getTime() + 60 * 86_400_000);
    const copies = [...unitsOfKind(p.units, 'committee'), ...unitsOfKind(p.units, 'supervision')];
    const ccNames = copies.map((u) => u.name);
    const categories = p.rules.rules.resultCategories;
    const merged = await this.mergedProposers(p, pr);
    const drafts: Draft[] = [];
    for (const reply of replies) {
      const unit = this.unit(p, assignments.get(reply.assignmentId)?.unitId ?? null);
      if (!unit) continue;
      const base = {
        proposal: pr.mail,
        unit: mailUnit(unit),
        reply: {
          content: reply.content,
          resultCategory: reply.resultCategory,
          resultLabel: categories.find((c) => c.code === reply.resultCategory)?.label ?? reply.resultCategory,
          signedBy: reply.signedBy,
          contactName: reply.contactName,
          contactPhone: reply.contactPhone,
          submittedOn: toShanghaiDate(reply.submittedAt),
        },
        feedbackDueOn: feedback?.dueOn ?? null,
        cc: ccNames,
      };
      for (const proposer of pr.proposers) {
        const lead = proposer.id === pr.row.leadProposerId;
        const feedbackUrl = lead ? this.settings.links.link({ proposalId: pr.row.id, proposerId: proposer.id, round }, expiresAt) : null;
        drafts.push({
          key: `proposer:${proposer.id}:${reply.id}`,
          type: 'reply_notice',
          to: proposer,
          cc: [],
          mail: renderReplyNotice(p.mctx, { ...base, feedbackUrl }),
          personal: lead,
          noKeyCc: true,
        });
      }
      for (const { proposer, own } of merged) {
        drafts.push({
          key: `merged:${proposer.id}:${reply.id}`,
          type: 'reply_notice',
          to: proposer,
          cc: [],
          mail: renderReplyNotice(p.mctx, { ...base, feedbackUrl: null, merged: { proposals: own, addressee: addressProposers([proposer], pr.npc) } }),
          noKeyCc: true,
        });
      }
      const copy = renderReplyNotice(p.mctx, { ...base, feedbackUrl: null });
      for (const u of copies) drafts.push({ key: `cc:${u.id}:${reply.id}`, type: 'reply_notice', to: u, cc: [], mail: copy, noKeyCc: true });
    }
    return drafts;
  }

  /** feedback.received (满意 / 基本满意) → each unit that answered in that round (评价结果). 不满意 is told by proposal.rehandling. */
  private async feedbackReceived(p: Planning<'feedback.received'>, pr: ProposalForMail): Promise<Draft[]> {
    const rating: RatingName | null = p.payload.rating || null;
    if (!rating || rating === 'unsatisfied') return [];
    const feedback = await this.feedbackRow(p);
    const round = typeof p.payload.round === 'number' ? p.payload.round : (feedback?.round ?? pr.row.round);
    const replies = await p.em.findBy(ReplyRow, { proposalId: pr.row.id, round });
    const assignments = replies.length ? await p.em.findBy(AssignmentRow, { id: In(replies.map((r) => r.assignmentId)) }) : [];
    const drafts: Draft[] = [];
    for (const a of assignments) {
      const unit = this.unit(p, a.unitId);
      if (!unit) continue;
      const mail = renderFeedbackResult(p.mctx, { proposal: pr.mail, unit: mailUnit(unit), rating, comment: feedback?.comment ?? null });
      drafts.push({ key: `unit:${a.id}`, type: 'feedback_result', to: unit, cc: [], mail });
    }
    return drafts;
  }

  /** proposal.rehandling → each reopened unit (评价结果 不满意, with its re-handling deadline), copied to the supervision office. */
  private async rehandling(p: Planning<'proposal.rehandling'>, pr: ProposalForMail): Promise<Draft[]> {
    const assignmentIds = p.payload.assignmentIds ?? [];
    if (assignmentIds.length === 0) return [];
    const feedback = await this.feedbackRow(p);
    const assignments = await p.em.findBy(AssignmentRow, { id: In(assignmentIds) });
    const deadlineIds = p.payload.deadlineIds ?? [];
    const deadlines = deadlineIds.length ? await p.em.findBy(DeadlineRow, { id: In(deadlineIds) }) : [];
    const drafts: Draft[] = [];
    for (const a of assignments) {
      const unit = this.unit(p, a.unitId);
      if (!unit) continue;
      const mail = renderFeedbackResult(p.mctx, {
        proposal: pr.mail,
        unit: mailUnit(unit),
        rating: 'unsatisfied',
        comment: feedback?.comment ?? null,
        rehandlingDueOn: deadlines.find((d) => d.assignmentId === a.id)?.dueOn ?? null,
      });
      drafts.push({ key: `unit:${a.id}`, type: 'feedback_result', to: unit, cc: this.emails(p, 'supervision'), mail });
    }
    return drafts;
  }

  /**
   * deadline.reminder_due / overdue / escalated → whoever the stage's `notify` list names, in
   * office hours only (held until the next opening otherwise). A deadline settled in the meantime
   * is not chased.
   */
  private async deadlineStage(p: Planning<DeadlineStageEvent>, pr: ProposalForMail, stage: 'reminder' | 'overdue' | 'escalation'): Promise<Draft[]> {
    const deadlineId = p.payload.deadlineId;
    const deadline = deadlineId ? (p.reads.deadlines.get(deadlineId) ?? (await p.em.findOneBy(DeadlineRow, { id: deadlineId }))) : null;
    if (!deadline) return [];
    if (deadline.status !== 'open') {
      this.logger.log({ eventId: p.event.id, deadlineId: deadline.id, status: deadline.status }, 'deadline no longer open: stage not notified');
      return [];
    }
    const hold = nextOfficeOpening(p.now, p.rules.rules.workingHours, p.rules.calendar);
    const mctx = hold ? mailContext(this.settings.publicUrl, hold, p.units, pr) : p.mctx;
    const all = p.reads.assignmentsOf.get(pr.row.id);
    const live = all ? all.filter((a) => a.state !== 'removed') : await p.em.findBy(AssignmentRow, { proposalId: pr.row.id, state: Not('removed') });
    const assignmentId = deadline.assignmentId;
    const own = assignmentId ? (all?.find((a) => a.id === assignmentId) ?? (await p.em.findOneBy(AssignmentRow, { id: assignmentId }))) : null;
    const leadAssignment = live.find((a) => a.role === 'lead') ?? null;
    const leadUnit = leadAssignment ? this.unit(p, leadAssignment.unitId) : null;
    const ownUnit = own ? this.unit(p, own.unitId) : null;
    // The unit a proposal-level deadline (feedback, publication) is about: the one that answered.
    const subject = ownUnit ?? leadUnit ?? this.unit(p, live.find((a) => a.role === 'separate')?.unitId ?? null);
    if (!subject) return [];
    const addressees = stageAddressees({
      notify: p.payload.notify ?? [],
      unit: ownUnit,
      assignmentId: own?.id ?? null,
      lead: leadAssignment && leadUnit ? { assignmentId: leadAssignment.id, unit: leadUnit } : null,
      leadProposer: pr.leadProposer,
      units: p.units,
    });
    const input = { proposal: pr.mail, unit: mailUnit(subject), deadline: mailDeadline(deadline) };
    const occurrence = typeof p.payload.occurrence === 'number' ? p.payload.occurrence : 1;
    const drafts: Draft[] = [];
    for (const to of addressees) {
      const rendered = renderStage(mctx, stage, to, input, occurrence, leadUnit?.name);
      if (!rendered) {
        this.logger.warn({ eventId: p.event.id, stage, recipient: to.recipient }, 'no template for this recipient of the stage: not notified');
        continue;
      }
      drafts.push({
        key: to.key,
        type: rendered.type,
        to,
        cc: [],
        mail: rendered.mail,
        noKeyCc: to.recipient === 'supervision' || to.recipient === 'supervision_leader',
        notBefore: hold,
      });
    }
    return drafts;
  }

  /** notification.dead → the supervision office (邮件投递失败). A failure notice that died itself is not reported again. */
  private async deliveryFailure(p: Planning<'notification.dead'>): Promise<Draft[]> {
    if (p.payload.type === 'delivery_failure') {
      this.logger.error({ eventId: p.event.id, notificationId: p.payload.notificationId }, 'a delivery-failure notice could not be delivered either');
      return [];
    }
    const mail = renderDeliveryFailure(p.mctx, {
      failed: {
        subject: p.payload.subject || '',
        recipient: p.payload.recipient || '',
        attempts: typeof p.payload.attempts === 'number' ? p.payload.attempts : 0,
        lastError: p.payload.lastError || '',
      },
      proposal: p.proposal?.mail ?? null,
    });
    return unitsOfKind(p.units, 'supervision').map((u) => ({ key: `supervision:${u.id}`, type: 'delivery_failure', to: u, cc: [], mail, noKeyCc: true }));
  }

  /** supervision.weekly_digest → the supervision office (督办周报): per unit, what is overdue and what falls due within 7 days. */
  private async weeklyDigest(p: Planning<'supervision.weekly_digest'>): Promise<Draft[]> {
    const asOf = p.payload.asOf ? new Date(p.payload.asOf) : p.event.occurredAt;
    const today = toShanghaiDate(asOf);
    const horizon = addCalendarDays(today, 7);
    const rows: Array<{ kind: MailDeadlineKind; due_on: string; due_at: Date; explanation: string; proposal_id: string; unit_id: string }> = await p.em.query(
      `SELECT d.kind, to_char(d.due_on, 'YYYY-MM-DD') AS due_on, d.due_at, d.explanation, d.proposal_id, a.unit_id
         FROM deadlines d JOIN assignments a ON a.id = d.assignment_id
        WHERE d.status = 'open' AND d.kind = ANY($2::text[]) AND d.due_on <= $1::date
        ORDER BY d.due_at`,
      [horizon, ANSWER_DEADLINE_KINDS],
    );
    const proposals = await loadProposalsForMail(p.em, rows.map((r) => r.proposal_id));
    const byUnit = new Map<string, DigestUnit>();
    for (const r of rows) {
      const proposal = proposals.get(r.proposal_id);
      const unit = this.unit(p, r.unit_id);
      if (!proposal || !unit) continue;
      const entry = byUnit.get(unit.id) ?? { unitName: unit.name, overdue: [], dueSoon: [] };
      const item: DigestItem = { proposal: proposal.mail, deadline: { kind: r.kind, dueOn: r.due_on, explanation: r.explanation } };
      if (new Date(r.due_at).getTime() < asOf.getTime()) entry.overdue.push(item);
      else entry.dueSoon.push(item);
      byUnit.set(unit.id, entry);
    }
    const week = p.payload.week || '';
    const m = /^(\d{4})-W(\d{2})$/.exec(week);
    const mail = renderWeeklyDigest(mailContext(this.settings.publicUrl, asOf, p.units), {
      weekLabel: m ? `${m[1]}年第${Number(m[2])}周` : week,
      units: [...byUnit.values()].sort((a, b) => a.unitName.localeCompare(b.unitName, 'zh')),
    });
    return unitsOfKind(p.units, 'supervision').map((u) => ({ key: `supervision:${u.id}`, type: 'weekly_digest', to: u, cc: [], mail, noKeyCc: true }));
  }

  /**
   * import.completed → the committee (批量导入完成): one mail for the whole import, with its counts
   * and the link to its row report, instead of a 新提案 mail per imported proposal. The imported
   * proposals of an alert theme are listed, and then the supervision office is copied: it hears of
   * them here rather than one by one. Their themes are read from their text, as classification may
   * still be running for the last rows.
   */
  private async importCompleted(p: Planning<'import.completed'>): Promise<Draft[]> {
    const importId = p.payload.importId || null;
    const job = importId ? await p.em.findOneBy(ProposalImportRow, { id: importId }) : null;
    if (!importId || !job) return [];
    const session = await p.em.findOneBy(SessionRow, { id: job.sessionId });
    const alert = (await proposalsOfImport(p.em, importId))
      .map((pr) => ({ id: pr.id, number: pr.number, title: pr.title, alertThemes: p.alertThemes.of(pr) }))
      .filter((pr) => pr.alertThemes.length > 0);
    const cc = alert.length > 0 ? unitsOfKind(p.units, 'supervision') : [];
    const counts = { imported: job.importedCount, skipped: job.skippedCount, invalid: job.invalidCount };
    return unitsOfKind(p.units, 'committee').map((u) => ({
      key: `committee:${u.id}`,
      type: 'import_summary',
      to: u,
      cc: cc.map((c) => c.email),
      mail: renderImportSummary(p.mctx, {
        importId,
        filename: job.filename,
        sessionName: session?.name ?? '',
        committee: u.name,
        counts: { total: job.totalRows ?? counts.imported + counts.skipped + counts.invalid, ...counts },
        alert,
        cc: cc.map((c) => c.name),
      }),
      noKeyCc: true,
    }));
  }

  /**
   * cosigning.invited → the invitee (联名邀请), with the proposal's text and their own signed link,
   * copied to no one. An invitation answered before it was planned is not mailed any more.
   */
  private async coSignerInvited(p: Planning<'cosigning.invited'>, pr: ProposalForMail): Promise<Draft[]> {
    const links = this.settings.coSigningLinks;
    const invitation = await p.em.findOneBy(CoSigningInvitationRow, { id: p.payload.invitationId });
    const invitee = invitation ? await p.em.findOneBy(ProposerRow, { id: invitation.proposerId }) : null;
    if (!links || !invitation || !invitee || invitation.state !== 'pending') return [];
    const expiresAt = CoSigningLinks.expiryFor(invitation.invitedAt, p.rules.rules.coSigning.linkDays);
    const to: ContactProposer = { id: invitee.id, name: invitee.name, kind: invitee.kind, email: invitee.email, mobile: invitee.mobile };
    const mail = renderCoSigningInvitation(p.mctx, {
      proposal: pr.mail,
      content: pr.row.content,
      leadProposer: addressProposers(pr.leadProposer ? [pr.leadProposer] : [], pr.npc),
      invitee: addressProposers([to], pr.npc),
      url: links.link({ invitationId: invitation.id, proposerId: invitee.id }, expiresAt),
      expiresOn: toShanghaiDate(new Date(expiresAt.getTime() - 1)),
      appUrl: `${this.settings.publicUrl.replace(/\/+$/, '')}/co-signing`,
    });
    return [{ key: `invitee:${invitee.id}`, type: 'co_signing_invitation', to, cc: [], mail, personal: true, noKeyCc: true, link: `/co-signing/${invitation.id}` }];
  }

  /** cosigning.confirmed / declined → the lead proposer (联名答复), with the link to 联名情况. */
  private async coSigningAnswered(p: Planning<'cosigning.confirmed' | 'cosigning.declined'>, pr: ProposalForMail): Promise<Draft[]> {
    const invitee = await p.em.findOneBy(ProposerRow, { id: p.payload.proposerId });
    if (!invitee || !pr.leadProposer) return [];
    const mail = renderCoSigningAnswered(p.mctx, {
      proposal: pr.mail,
      leadProposer: addressProposers([pr.leadProposer], pr.npc),
      invitee: addressProposers([invitee], pr.npc),
      answer: p.type === 'cosigning.confirmed' ? 'confirm' : 'decline',
      url: `${this.settings.publicUrl.replace(/\/+$/, '')}/proposals/${pr.row.id}/co-signers`,
    });
    return [{ key: `proposer:${pr.leadProposer.id}`, type: 'co_signing_answer', to: pr.leadProposer, cc: [], mail, noKeyCc: true, link: `/proposals/${pr.row.id}/co-signers` }];
  }

  // ---- helpers -------------------------------------------------------------------------------

  /**
   * The directory's units, read again only when their stamp (read with the event) has changed:
   * every plan needs all of them, and reading ~50 wide rows per email was a good share of the
   * planner's time. The stamp hashes every row's content, so any change — a new address, a unit
   * deactivated — is seen by the next plan, in every process.
   */
  private async units(em: EntityManager, stamp: string): Promise<ContactUnit[]> {
    if (this.unitCache?.stamp !== stamp) this.unitCache = { stamp, units: await loadUnits(em) };
    return this.unitCache.units;
  }

  /**
   * The proposers of the proposals merged (并案) into this one, following chains (A merged into B
   * merged into this one), each once with the merged proposals they signed (lead or co-proposer);
   * this proposal's own proposers are left out (they receive its reply anyway).
   */
  private async mergedProposers(p: Planning, pr: ProposalForMail): Promise<Array<{ proposer: ContactProposer; own: ProposalForMail['mail'][] }>> {
    const rows: Array<{ id: string }> = await p.em.query(
      `WITH RECURSIVE m AS (
         SELECT id FROM proposals WHERE merged_into_id = $1 AND status = 'merged'
         UNION
         SELECT c.id FROM proposals c JOIN m ON c.merged_into_id = m.id WHERE c.status = 'merged')
       SELECT p.id FROM m JOIN proposals p ON p.id = m.id ORDER BY p.number NULLS LAST, p.submitted_at, p.id`,
      [pr.row.id],
    );
    if (rows.length === 0) return [];
    const loaded = await loadProposalsForMail(p.em, rows.map((r) => r.id));
    const own = new Set(pr.proposers.map((x) => x.id));
    const byPerson = new Map<string, { proposer: ContactProposer; own: ProposalForMail['mail'][] }>();
    for (const { id } of rows) {
      const merged = loaded.get(id);
      if (!merged) continue;
      for (const person of merged.proposers) {
        if (own.has(person.id)) continue;
        const entry = byPerson.get(person.id) ?? { proposer: person, own: [] };
        entry.own.push(merged.mail);
        byPerson.set(person.id, entry);
      }
    }
    return [...byPerson.values()];
  }

  /**
   * The unit's internal flow (单位内部流转与审签), within the unit: the officer hears that the work is
   * theirs (分派), that their draft came back (退回) or went out (签发); every active leader of the
   * unit that a draft waits for them (报审). A user without an email is reached at the unit's.
   */
  private async unitFlow(p: Planning<'assignment.officer_assigned' | 'reply.drafted' | 'reply.returned' | 'reply.approved'>, pr: ProposalForMail): Promise<Draft[]> {
    const { assignmentId, unitId } = p.payload;
    const unit = this.unit(p, unitId);
    if (!unit) return [];
    const officerId = p.payload.officerUserId;
    const leaderId = 'leaderUserId' in p.payload ? p.payload.leaderUserId : null;
    const step: UnitFlowStep = { 'assignment.officer_assigned': 'officer_assigned', 'reply.drafted': 'drafted', 'reply.returned': 'returned', 'reply.approved': 'approved' }[p.type] as UnitFlowStep;
    const leaders = step === 'drafted' ? await p.em.findBy(UserRow, { unitId, unitRole: 'leader', active: true }) : [];
    const people = await p.em.findBy(UserRow, { id: In([officerId, ...(leaderId ? [leaderId] : [])]) });
    const nameOf = (u: UserRow | undefined) => (u ? u.displayName?.trim() || u.username : null);
    const officer = people.find((u) => u.id === officerId);
    const leader = people.find((u) => u.id === leaderId);
    const reply = await p.em.findOneBy(DeadlineRow, { assignmentId, status: 'open', kind: In([...ANSWER_DEADLINE_KINDS]) });
    const recipients = step === 'drafted' ? leaders : officer ? [officer] : [];
    return recipients.map((u) => ({
      key: `user:${u.id}`,
      type: 'unit_flow' as const,
      // Addressed as the unit (with the user's own address and name): the unit's message centre lists it too.
      to: { ...unit, email: u.email ?? unit.email, name: nameOf(u) ?? unit.name },
      cc: [],
      noKeyCc: true,
      mail: renderUnitFlowNotice(p.mctx, {
        proposal: pr.mail,
        unit: mailUnit(unit),
        step,
        recipientName: nameOf(u) ?? unit.name,
        officerName: nameOf(officer),
        leaderName: nameOf(leader) ?? (leaders.length === 1 ? nameOf(leaders[0]) : null),
        comment: 'comment' in p.payload ? (p.payload.comment ?? null) : null,
        dueOn: reply?.dueOn ?? null,
      }),
    }));
  }

  private unit(p: Planning, id: string | null | undefined): ContactUnit | null {
    return id ? (p.units.find((u) => u.id === id) ?? null) : null;
  }

  private emails(p: Planning, kind: ContactUnit['kind']): string[] {
    return unitsOfKind(p.units, kind).map((u) => u.email).filter((e): e is string => !!e);
  }

  private async feedbackRow(p: Planning<'feedback.received' | 'proposal.rehandling'>): Promise<FeedbackRow | null> {
    const id = p.payload.feedbackId || null;
    return id ? p.em.findOneBy(FeedbackRow, { id }) : null;
  }
}

function mailDeadline(d: Pick<DeadlineRow, 'kind' | 'dueOn' | 'explanation'>): MailDeadline {
  return { kind: d.kind as MailDeadlineKind, dueOn: d.dueOn, explanation: d.explanation };
}

const OVERDUE_AUDIENCE: Partial<Record<Recipient, OverdueAudience>> = {
  unit: 'unit',
  unit_head: 'unit',
  lead_unit: 'lead_unit',
  supervision: 'supervision',
  supervision_leader: 'supervision',
  committee: 'committee',
};

/** The template for one recipient of a fired stage, or null when none fits (a proposer is never sent an overdue alert). */
function renderStage(
  mctx: MailContext,
  stage: 'reminder' | 'overdue' | 'escalation',
  to: Addressee,
  input: { proposal: ProposalForMail['mail']; unit: ReturnType<typeof mailUnit>; deadline: MailDeadline },
  occurrence: number,
  leadUnit: string | undefined,
): { type: NotificationType; mail: RenderedMail } | null {
  if (stage === 'reminder') return { type: 'reminder', mail: renderReminder(mctx, input) };
  if (stage === 'escalation' && (to.recipient === 'supervision_leader' || to.recipient === 'supervision')) {
    return { type: 'escalation', mail: renderEscalation(mctx, { ...input, audience: 'supervision_leader', escalationNumber: occurrence }) };
  }
  if (stage === 'escalation' && (to.recipient === 'unit_head' || to.recipient === 'unit')) {
    return { type: 'escalation', mail: renderEscalation(mctx, { ...input, audience: 'unit_head', escalationNumber: occurrence }) };
  }
  const audience = OVERDUE_AUDIENCE[to.recipient];
  if (!audience) return null;
  return { type: stage === 'escalation' ? 'escalation' : 'overdue_alert', mail: renderOverdueAlert(mctx, { ...input, audience, leadUnit }) };
}
