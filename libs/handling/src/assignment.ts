import { In, Not } from 'typeorm';
import { adjustmentWindowOpen, computeExtendedDeadline, stageAfterAcceptance, extensionRefusal, isIsoDate, planAdjustment, RuleViolationError, ANSWER_DEADLINE_KINDS, type AdjustmentPlan, type AdjustmentRefusal, type AssignmentRole } from '#domain';
import { AdjustmentRequestRow, AssignmentRow, DeadlineRow, ExtensionRequestRow, ProposalRow, UnitRow } from '#persistence';
import { systemActor, type Actor, type AppContext, type Tx, loadAssignment, loadProposal, moveAssignment, moveProposal, requireAction, ConflictError, InvalidInputError, NotFoundError, type InputErrorCode, type SessionRules } from '#kernel';
import { applyComputation, closeDeadlines, openDeadlines } from '#deadlines';
import { requireUnitStep } from './unit-flow.js';

export interface AssignProposalInput {
  leadUnitId?: string | null;
  coUnitIds?: string[];
  separateUnitIds?: string[];
  key?: boolean;
  leaderName?: string | null;
}

/** Opens what a new assignment owes: its answer (reply or co-handler opinion) and its window to ask for adjustment. */
export async function openAssignmentDeadlines(tx: Tx, rules: SessionRules, assignment: AssignmentRow): Promise<DeadlineRow[]> {
  return openAssignmentsDeadlines(tx, rules, [assignment]);
}

/**
 * The same for several assignments of one proposal, in one insert (the proposal row, when given, is
 * not read again). Every caller passes assignments it has just created, so none has a deadline yet.
 */
export async function openAssignmentsDeadlines(
  tx: Tx,
  rules: SessionRules,
  assignments: readonly AssignmentRow[],
  proposal?: ProposalRow,
): Promise<DeadlineRow[]> {
  const specs = assignments.flatMap((a) => {
    const base = { proposalId: a.proposalId, assignmentId: a.id, start: a.assignedAt };
    return [{ ...base, kind: a.role === 'co' ? ('co_opinion' as const) : ('reply' as const) }, { ...base, kind: 'adjustment' as const }];
  });
  return openDeadlines(tx, rules, specs, proposal, { ofNewAssignments: true });
}

async function requireDepartments(tx: Tx, field: string, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  const found = await tx.em.findBy(UnitRow, { id: In(ids) });
  for (const id of ids) {
    const unit = found.find((u) => u.id === id);
    if (!unit) throw new InvalidInputError(field, `no such unit ${id}`);
    if (unit.kind !== 'department' || !unit.active) throw new InvalidInputError(field, `${unit.name} cannot handle proposals`);
  }
}

const ROLE_WORDS: Record<AssignmentRole, string> = { lead: 'lead unit', co: 'co-handler', separate: 'separate unit' };

/**
 * 400 naming the unit field: an adjustment cannot give the work to this unit (domain planAdjustment).
 * Carries the refusal, the unit and its present role so that the UI can say it in Chinese.
 */
export class AdjustmentRefusedError extends InvalidInputError {
  constructor(field: string, readonly refusal: AdjustmentRefusal, readonly unitName: string | null, readonly targetRole?: AssignmentRole) {
    const messages: Record<AdjustmentRefusal, string> = {
      own_unit: 'is the unit that asked for the adjustment',
      already_assigned: `${unitName ?? 'this unit'} already handles the proposal as ${ROLE_WORDS[targetRole ?? 'lead']}; only a lead unit can hand the lead to its co-handler`,
      target_adjusting: `${unitName ?? 'this unit'} has itself asked for an adjustment of its co-handling; decide that request first`,
      keep_as_co_not_lead: 'only a lead unit can ask to stay on as co-handler',
      keep_as_co_without_unit: 'staying on as co-handler needs the unit that is to lead (suggestedUnitId)',
    };
    const codes = {
      own_unit: 'ADJUSTMENT_OWN_UNIT',
      already_assigned: 'ADJUSTMENT_UNIT_ALREADY_ASSIGNED',
      target_adjusting: 'ADJUSTMENT_TARGET_ADJUSTING',
      keep_as_co_not_lead: 'KEEP_AS_CO_NOT_LEAD',
      keep_as_co_without_unit: 'KEEP_AS_CO_WITHOUT_UNIT',
    } as const satisfies Record<AdjustmentRefusal, InputErrorCode>;
    super(field, messages[refusal], codes[refusal], { unit: unitName, role: targetRole ?? 'lead' });
  }
}

/**
 * What an adjustment of `assignment` to `unitId` does (domain planAdjustment), given the unit's live
 * assignment on the proposal; refused with a 400 on `field`.
 */
async function planAdjustmentTo(
  tx: Tx,
  assignment: AssignmentRow,
  unitId: string | null,
  keepAsCo: boolean,
  field: string,
): Promise<{ plan: AdjustmentPlan; target: AssignmentRow | null }> {
  const target = unitId ? await tx.em.findOneBy(AssignmentRow, { proposalId: assignment.proposalId, unitId, state: Not('removed') }) : null;
  const decision = planAdjustment({
    requester: { unitId: assignment.unitId, role: assignment.role },
    keepAsCo,
    targetUnitId: unitId,
    target: target ? { role: target.role, state: target.state } : null,
  });
  if (!decision.ok) {
    const unit = unitId ? await tx.em.findOneBy(UnitRow, { id: unitId }) : null;
    const onField = decision.refusal.startsWith('keep_as_co') ? 'keepAsCo' : field;
    throw new AdjustmentRefusedError(onField, decision.refusal, unit?.name ?? null, decision.targetRole);
  }
  return { plan: decision.plan, target };
}

/** 交办: the committee or the supervision office gives a filed proposal to its handling units. */
export class AssignProposal {
  constructor(private readonly ctx: AppContext) {}

  async execute(actor: Actor, proposalId: string, input: AssignProposalInput): Promise<AssignmentRow[]> {
    requireAction(actor, 'assign');
    const lead = input.leadUnitId ? [input.leadUnitId] : [];
    const co = [...new Set(input.coUnitIds ?? [])];
    const separate = [...new Set(input.separateUnitIds ?? [])];
    if (lead.length === 0 && separate.length === 0) {
      throw new InvalidInputError('leadUnitId', 'a lead unit or at least one separate unit (separateUnitIds) is required');
    }
    if (co.length > 0 && lead.length === 0) throw new InvalidInputError('coUnitIds', 'co-handlers need a lead unit');
    const all = [...lead, ...co, ...separate];
    if (new Set(all).size !== all.length) throw new InvalidInputError('coUnitIds', 'a unit may have only one role');
    if (input.key && !input.leaderName?.trim()) throw new InvalidInputError('leaderName', 'is required for a key proposal (重点提案)', 'FIELD_REQUIRED');

    return this.ctx.transaction(actor, async (tx) => {
      const proposal = await loadProposal(tx.em, actor, proposalId, true);
      await requireDepartments(tx, 'leadUnitId', lead);
      await requireDepartments(tx, 'coUnitIds', co);
      await requireDepartments(tx, 'separateUnitIds', separate);
      await moveProposal(tx.em, proposal, 'assign', { key: !!input.key, leaderName: input.key ? input.leaderName!.trim() : null });
      const rules = await this.ctx.rules.forSession(tx.em, proposal.sessionId);
      const roles: Array<[string, AssignmentRole]> = [
        ...lead.map((id) => [id, 'lead'] as [string, AssignmentRole]),
        ...separate.map((id) => [id, 'separate'] as [string, AssignmentRole]),
        ...co.map((id) => [id, 'co'] as [string, AssignmentRole]),
      ];
      // Every assignment in one insert, every deadline they owe in another.
      const created = roles.map(([unitId, role]) => tx.em.create(AssignmentRow, { proposalId, unitId, role, state: 'assigned', assignedAt: tx.now, version: 1 }));
      await tx.em.insert(AssignmentRow, created);
      await openAssignmentsDeadlines(tx, rules, created, proposal);
      await tx.record({
        type: 'proposal.assigned',
        proposalId,
        subjectType: 'proposal',
        subjectId: proposalId,
        payload: {
          assignments: created.map((a) => ({ id: a.id, unitId: a.unitId, role: a.role })),
          key: proposal.key,
          leaderName: proposal.leaderName,
        },
      });
      return created;
    });
  }
}

/** 签收: a unit accepts its assignment; the first answering unit to accept puts the proposal into handling. */
export class AcceptAssignment {
  constructor(private readonly ctx: AppContext) {}

  async execute(actor: Actor, assignmentId: string): Promise<AssignmentRow> {
    requireAction(actor, 'accept');
    return this.ctx.transaction(actor, async (tx) => {
      const { assignment, proposal } = await loadAssignment(tx.em, actor, assignmentId);
      // Where the leader signs the replies, 签收 is the liaison's, and the work then waits for them to give it to an officer.
      const flow = await requireUnitStep(tx, actor, assignment, 'accept');
      await moveAssignment(tx.em, assignment, 'accept', { acceptedAt: tx.now, ...(flow ? { deskStage: stageAfterAcceptance(assignment.officerUserId), deskStageSince: tx.now } : {}) });
      if (assignment.role !== 'co' && proposal.status === 'assigned') await moveProposal(tx.em, proposal, 'accept');
      await tx.record({
        type: 'assignment.accepted',
        proposalId: proposal.id,
        subjectType: 'assignment',
        subjectId: assignment.id,
        payload: { unitId: assignment.unitId, role: assignment.role, proposalStatus: proposal.status },
      });
      return assignment;
    });
  }
}

export interface RequestAdjustmentInput {
  reason: string;
  suggestedUnitId?: string | null;
  /** A lead unit asks to stay on as co-handler of the suggested unit (本单位改为协办), instead of leaving. */
  keepAsCo?: boolean;
}

/** 申请调整: within its window a unit says the proposal is not its business and suggests who it belongs to. */
export class RequestAdjustment {
  constructor(private readonly ctx: AppContext) {}

  async execute(actor: Actor, assignmentId: string, input: RequestAdjustmentInput): Promise<AdjustmentRequestRow> {
    requireAction(actor, 'adjust');
    return this.ctx.transaction(actor, async (tx) => {
      const { assignment, proposal } = await loadAssignment(tx.em, actor, assignmentId);
      const window = await tx.em.findOneBy(DeadlineRow, { assignmentId, kind: 'adjustment' });
      if (!adjustmentWindowOpen(window?.dueAt ?? null, tx.now)) {
        throw new RuleViolationError(
          'adjustment_window',
          `The window to request an adjustment closed at the end of ${window?.dueOn ?? 'its last day'} (申请调整须在交办后规定工作日内提出)`,
        );
      }
      if (input.suggestedUnitId) await requireDepartments(tx, 'suggestedUnitId', [input.suggestedUnitId]);
      // A suggestion the office could not approve is refused now, while the unit can still change it.
      await planAdjustmentTo(tx, assignment, input.suggestedUnitId ?? null, !!input.keepAsCo, 'suggestedUnitId');
      const before = assignment.state;
      await moveAssignment(tx.em, assignment, 'request_adjustment', { stateBeforeAdjustment: before });
      const request = await tx.em.save(
        AdjustmentRequestRow,
        tx.em.create(AdjustmentRequestRow, {
          assignmentId,
          proposalId: proposal.id,
          reason: input.reason.trim(),
          suggestedUnitId: input.suggestedUnitId ?? null,
          keepAsCo: !!input.keepAsCo,
          status: 'pending',
          requestedBy: actor.id,
          requestedAt: tx.now,
        }),
      );
      await tx.record({
        type: 'assignment.adjustment_requested',
        proposalId: proposal.id,
        subjectType: 'adjustment_request',
        subjectId: request.id,
        payload: { assignmentId, unitId: assignment.unitId, reason: request.reason, suggestedUnitId: request.suggestedUnitId, keepAsCo: request.keepAsCo },
      });
      return request;
    });
  }
}

export interface DecisionInput {
  approve: boolean;
  newUnitId?: string | null;
  reason?: string | null;
}

/**
 * The supervision office decides an adjustment request: approval moves the requester's role to
 * another unit — to the lead's own co-handler too (主协办互换), the requester leaving or staying on as
 * co-handler as it asked. A unit that cannot take the role is refused (400 on newUnitId).
 */
export class DecideAdjustment {
  constructor(private readonly ctx: AppContext) {}

  async execute(actor: Actor, requestId: string, input: DecisionInput): Promise<AdjustmentRequestRow> {
    requireAction(actor, 'decide_request');
    return this.ctx.transaction(actor, async (tx) => {
      const found = await tx.em.findOneBy(AdjustmentRequestRow, { id: requestId });
      if (!found) throw new NotFoundError('adjustment request', requestId);
      const { assignment, proposal } = await loadAssignment(tx.em, actor, found.assignmentId);
      const request = await tx.em.findOneByOrFail(AdjustmentRequestRow, { id: requestId });
      if (request.status !== 'pending') throw new ConflictError(`adjustment request is already ${request.status}`, undefined, 'REQUEST_ALREADY_DECIDED');
      request.decidedBy = actor.id;
      request.decidedAt = tx.now;
      if (!input.approve) {
        await moveAssignment(tx.em, assignment, 'reject_adjustment', { stateBeforeAdjustment: null });
        request.status = 'rejected';
        await tx.em.save(AdjustmentRequestRow, request);
        await tx.record({
          type: 'assignment.adjustment_rejected',
          proposalId: proposal.id,
          subjectType: 'adjustment_request',
          subjectId: request.id,
          payload: { assignmentId: assignment.id, unitId: assignment.unitId, reason: input.reason ?? null },
        });
        return request;
      }
      const newUnitId = input.newUnitId ?? request.suggestedUnitId;
      if (!newUnitId) throw new InvalidInputError('newUnitId', 'is required to approve (the request suggested no unit)');
      await requireDepartments(tx, 'newUnitId', [newUnitId]);
      const { plan, target } = await planAdjustmentTo(tx, assignment, newUnitId, request.keepAsCo, 'newUnitId');
      request.status = 'approved';
      request.newUnitId = newUnitId;
      await tx.em.save(AdjustmentRequestRow, request);
      // The assignment worker carries the reassignment out (ReassignAfterAdjustment).
      await tx.record({
        type: 'assignment.adjustment_approved',
        proposalId: proposal.id,
        subjectType: 'adjustment_request',
        subjectId: request.id,
        payload: {
          assignmentId: assignment.id,
          fromUnitId: assignment.unitId,
          toUnitId: newUnitId,
          role: assignment.role,
          reason: input.reason ?? null,
          ...(plan.displacesTarget ? { displacedAssignmentId: target!.id } : {}),
          ...(plan.requesterBecomesCo ? { requesterBecomes: 'co' } : {}),
        },
      });
      return request;
    });
  }
}

/**
 * The assignment worker's half of an approved adjustment: removes the assignment and gives its role
 * to the approved unit, with fresh deadlines from now. When that unit was the lead's co-handler
 * (主协办互换) its co-handling ends, and when the former lead asked to stay on, it becomes co-handler
 * (one `assignment.reassigned` per new assignment). Doing it twice changes nothing.
 */
export class ReassignAfterAdjustment {
  constructor(private readonly ctx: AppContext) {}

  async execute(requestId: string): Promise<AssignmentRow | null> {
    return this.ctx.transaction(systemActor('assignment-worker'), async (tx) => {
      const found = await tx.em.findOneBy(AdjustmentRequestRow, { id: requestId });
      if (!found) return null;
      await tx.em.findOne(ProposalRow, { where: { id: found.proposalId }, lock: { mode: 'for_no_key_update' } });
      const request = await tx.em.findOneByOrFail(AdjustmentRequestRow, { id: requestId });
      if (request.status !== 'approved' || request.newAssignmentId || !request.newUnitId) return null;
      const assignment = await tx.em.findOneByOrFail(AssignmentRow, { id: request.assignmentId });
      const proposal = await tx.em.findOneByOrFail(ProposalRow, { id: request.proposalId });
      const rules = await this.ctx.rules.forSession(tx.em, proposal.sessionId);
      // Planned again under the lock: the target may have changed since the decision (it was checked then).
      const { plan, target } = await planAdjustmentTo(tx, assignment, request.newUnitId, request.keepAsCo, 'newUnitId');
      if (plan.displacesTarget && target) {
        await moveAssignment(tx.em, target, 'take_over_lead', { removedAt: tx.now });
        await closeDeadlines(tx, { assignmentId: target.id, kinds: ['co_opinion', 'adjustment'] }, 'cancelled');
      }
      const replacement = await reassign(tx, rules, assignment, request.newUnitId, assignment.role);
      request.newAssignmentId = replacement.id;
      await tx.em.save(AdjustmentRequestRow, request);
      await tx.record({
        type: 'assignment.reassigned',
        proposalId: proposal.id,
        subjectType: 'assignment',
        subjectId: replacement.id,
        payload: {
          requestId: request.id,
          fromAssignmentId: assignment.id,
          fromUnitId: assignment.unitId,
          toAssignmentId: replacement.id,
          toUnitId: replacement.unitId,
          role: replacement.role,
          ...(plan.displacesTarget && target ? { displacedAssignmentId: target.id, previousRole: target.role } : {}),
        },
      });
      if (plan.requesterBecomesCo) {
        const co = await tx.em.save(
          AssignmentRow,
          tx.em.create(AssignmentRow, {
            proposalId: proposal.id, unitId: assignment.unitId, role: 'co', state: 'assigned', replacesId: assignment.id, assignedAt: tx.now, version: 1,
          }),
        );
        await openAssignmentDeadlines(tx, rules, co);
        await tx.record({
          type: 'assignment.reassigned',
          proposalId: proposal.id,
          subjectType: 'assignment',
          subjectId: co.id,
          payload: {
            requestId: request.id,
            fromAssignmentId: assignment.id,
            fromUnitId: assignment.unitId,
            toAssignmentId: co.id,
            toUnitId: co.unitId,
            role: 'co',
            previousRole: assignment.role,
          },
        });
      }
      return replacement;
    });
  }
}

/** Removes an assignment and gives `role` to another unit, with fresh deadlines from now. */
async function reassign(tx: Tx, rules: SessionRules, assignment: AssignmentRow, newUnitId: string, role: AssignmentRole): Promise<AssignmentRow> {
  await moveAssignment(tx.em, assignment, 'approve_adjustment', { removedAt: tx.now });
  await closeDeadlines(tx, { assignmentId: assignment.id, kinds: ['reply', 'co_opinion', 'adjustment', 'rehandling'] }, 'cancelled');
  const replacement = await tx.em.save(
    AssignmentRow,
    tx.em.create(AssignmentRow, {
      proposalId: assignment.proposalId,
      unitId: newUnitId,
      role,
      state: 'assigned',
      replacesId: assignment.id,
      assignedAt: tx.now,
      version: 1,
    }),
  );
  await openAssignmentDeadlines(tx, rules, replacement);
  return replacement;
}

export interface RequestExtensionInput {
  reason: string;
  newDueOn: string;
}

/** 申请延期: an answering unit asks for more time, never past the statutory maximum after assignment. */
export class RequestExtension {
  constructor(private readonly ctx: AppContext) {}

  async execute(actor: Actor, assignmentId: string, input: RequestExtensionInput): Promise<ExtensionRequestRow> {
    requireAction(actor, 'extend');
    // A malformed date is the request's fault (400), not a rule of the deadline (the domain's InvalidDateError, 409).
    if (!isIsoDate(input.newDueOn)) throw new InvalidInputError('newDueOn', 'must be a calendar date YYYY-MM-DD');
    return this.ctx.transaction(actor, async (tx) => {
      const { assignment, proposal } = await loadAssignment(tx.em, actor, assignmentId);
      const deadline = await tx.em.findOneBy(DeadlineRow, { assignmentId, kind: In([...ANSWER_DEADLINE_KINDS]), status: 'open' });
      // The domain's rule, as the proposal page offers the form (the pending request is a 409 conflict below).
      const refused = extensionRefusal({ state: assignment.state, hasRunningAnswer: !!deadline, extensionPending: false });
      if (refused || !deadline) throw refused ?? new RuleViolationError('extension_without_deadline', 'This assignment has no running deadline to extend');
      if (input.newDueOn <= deadline.dueOn) throw new InvalidInputError('newDueOn', `must be after the current due date ${deadline.dueOn}`);
      const rules = await this.ctx.rules.forSession(tx.em, proposal.sessionId);
      // Refuses a date past the maximum now rather than when the office decides.
      computeExtendedDeadline({ kind: deadline.kind as never, assignedAt: assignment.assignedAt, newDueOn: input.newDueOn, current: { dueOn: deadline.dueOn }, rules: rules.rules, calendar: rules.calendar });
      if (await tx.em.existsBy(ExtensionRequestRow, { assignmentId, status: 'pending' })) {
        throw new ConflictError('an extension request for this assignment is already pending', undefined, 'EXTENSION_ALREADY_PENDING');
      }
      const request = await tx.em.save(
        ExtensionRequestRow,
        tx.em.create(ExtensionRequestRow, {
          assignmentId,
          proposalId: proposal.id,
          deadlineId: deadline.id,
          reason: input.reason.trim(),
          newDueOn: input.newDueOn,
          currentDueOn: deadline.dueOn,
          status: 'pending',
          requestedBy: actor.id,
          requestedAt: tx.now,
        }),
      );
      await tx.record({
        type: 'assignment.extension_requested',
        proposalId: proposal.id,
        subjectType: 'extension_request',
        subjectId: request.id,
        payload: { assignmentId, unitId: assignment.unitId, deadlineId: deadline.id, currentDueOn: deadline.dueOn, newDueOn: input.newDueOn, reason: request.reason },
      });
      return request;
    });
  }
}

/** The supervision office decides an extension; approval moves the deadline and its whole ladder. */
export class DecideExtension {
  constructor(private readonly ctx: AppContext) {}

  async execute(actor: Actor, requestId: string, input: DecisionInput): Promise<ExtensionRequestRow> {
    requireAction(actor, 'decide_request');
    return this.ctx.transaction(actor, async (tx) => {
      const found = await tx.em.findOneBy(ExtensionRequestRow, { id: requestId });
      if (!found) throw new NotFoundError('extension request', requestId);
      const { assignment, proposal } = await loadAssignment(tx.em, actor, found.assignmentId);
      const request = await tx.em.findOneByOrFail(ExtensionRequestRow, { id: requestId });
      if (request.status !== 'pending') throw new ConflictError(`extension request is already ${request.status}`, undefined, 'REQUEST_ALREADY_DECIDED');
      request.decidedBy = actor.id;
      request.decidedAt = tx.now;
      request.status = input.approve ? 'approved' : 'rejected';
      const deadline = await tx.em.findOne(DeadlineRow, { where: { id: request.deadlineId }, lock: { mode: 'pessimistic_write' } });
      if (input.approve) {
        if (!deadline || deadline.status !== 'open') throw new RuleViolationError('extension_without_deadline', 'The deadline to extend is no longer running');
        const previousDueOn = deadline.dueOn;
        const rules = await this.ctx.rules.forSession(tx.em, proposal.sessionId);
        const computed = computeExtendedDeadline({ kind: deadline.kind as never, assignedAt: assignment.assignedAt, newDueOn: request.newDueOn, current: { dueOn: deadline.dueOn }, rules: rules.rules, calendar: rules.calendar });
        applyComputation(deadline, computed, rules, tx.now);
        deadline.version += 1;
        await tx.em.save(DeadlineRow, deadline);
        await tx.em.save(ExtensionRequestRow, request);
        await tx.record({
          type: 'assignment.extension_granted',
          proposalId: proposal.id,
          subjectType: 'extension_request',
          subjectId: request.id,
          payload: { assignmentId: assignment.id, unitId: assignment.unitId, deadlineId: deadline.id, previousDueOn, newDueOn: deadline.dueOn },
        });
      } else {
        await tx.em.save(ExtensionRequestRow, request);
        await tx.record({
          type: 'assignment.extension_rejected',
          proposalId: proposal.id,
          subjectType: 'extension_request',
          subjectId: request.id,
          payload: { assignmentId: assignment.id, unitId: assignment.unitId, reason: input.reason ?? null },
        });
      }
      return request;
    });
  }
}

export type { ProposalRow };
