import { ANSWER_DEADLINE_KINDS, availableActions, type ActionActor, type AssignmentRole, type AssignmentState, type AvailableAction, type DeskStage, type ProposalFacts, type ProposalStatus } from '#domain';
import type { Actor } from '#kernel';

/** What the domain's "who may do what" reads of a proposal's file (ProposalQueries.get gives it). */
export interface ProposalActionView {
  status: ProposalStatus;
  leadProposerId: string | null;
  published: boolean;
  round: number;
  replies: ReadonlyArray<{ public: boolean }>;
  feedback: ReadonlyArray<{ round: number }>;
  assignments: ReadonlyArray<{
    id: string; unitId: string; role: AssignmentRole; state: AssignmentState;
    /** The unit's internal flow (ProposalQueries.get gives it; absent: no sign-off). */
    signOff?: boolean; deskStage?: DeskStage | null; officerUserId?: string | null;
  }>;
  deadlines: ReadonlyArray<{ kind: string; assignmentId: string | null; status: string; dueAt: string | null }>;
}

/** The facts of the domain's `availableActions`, from the file and the assignments with an extension request pending. */
export function proposalActionFacts(p: ProposalActionView, pendingExtensions: ReadonlySet<string>): ProposalFacts {
  const running = (assignmentId: string, kinds: readonly string[]) =>
    p.deadlines.find((d) => d.assignmentId === assignmentId && d.status === 'open' && kinds.includes(d.kind));
  return {
    status: p.status,
    leadProposerId: p.leadProposerId,
    published: p.published,
    hasPublicReply: p.replies.some((r) => r.public),
    ratedThisRound: p.feedback.some((f) => f.round === p.round),
    assignments: p.assignments.map((a) => {
      const window = running(a.id, ['adjustment']);
      return {
        id: a.id,
        unitId: a.unitId,
        role: a.role,
        state: a.state,
        adjustmentWindowEndsAt: window?.dueAt ? new Date(window.dueAt) : null,
        hasRunningAnswer: !!running(a.id, ANSWER_DEADLINE_KINDS),
        extensionPending: pendingExtensions.has(a.id),
        signOff: { applies: !!a.signOff, stage: a.deskStage ?? null, officerUserId: a.officerUserId ?? null },
      };
    }),
  };
}

/** The actor as the domain's rule reads it; a signed link or a worker takes no page action. */
export function actionActor(actor: Actor): ActionActor | null {
  return actor.kind === 'user'
    ? { role: actor.role, unitId: actor.unitId ?? null, proposerId: actor.proposerId ?? null, userId: actor.id, unitRole: actor.unitRole ?? null }
    : null;
}

/** Every action this actor may take on the proposal now (domain availableActions). */
export function proposalActionsFor(actor: Actor, p: ProposalActionView, pendingExtensions: ReadonlySet<string>, now: Date): AvailableAction[] {
  const who = actionActor(actor);
  return who ? availableActions(who, proposalActionFacts(p, pendingExtensions), { now }) : [];
}
