import type { AccessRole } from './access-rules.js';
import { canAssignment, type AssignmentRole, type AssignmentState } from './assignment-state.js';
import { RuleViolationError, type DomainError } from './errors.js';
import { canProposal, isPublishable, type ProposalStatus } from './proposal-state.js';
import { canSignOff, DEFAULT_UNIT_ROLE, SIGN_OFF_POSTS, UNIT_ROLES, type DeskStage, type UnitRole } from './sign-off.js';
import { COMMUNICATING_STATES, KEY_DESIGNATABLE_STATUSES, SUPERVISABLE_STATUSES } from './states.js';

/**
 * Who may do what (谁可以做什么): the one rule of which actions a person may take on a proposal now.
 * The proposal page's forms and 下一步 (apps/api/src/ui), the batch previews, `GET
 * /api/v1/proposals/:id/actions` and the use cases all read it, so the UI never offers what the API
 * refuses, nor hides what it allows. Three questions, in this order:
 *   1. the role — `ACTION_ROLES` (a unit never files, a proposer never assigns);
 *   2. the relation — the lead proposer only (撤回、重新提交、评价), a unit on its own assignments only;
 *   3. the state — the state machines (proposal-state, assignment-state) and the named state sets
 *      (states.ts), with the few facts beside them (an adjustment window still open, a reply marked
 *      public, a rating already given this round, an extension already pending).
 */

/** Actions on the proposal itself. */
export const PROPOSAL_ACTOR_ACTIONS = [
  'review', 'withdraw', 'resubmit', 'assign', 'rate', 'publish', 'note', 'issue_notice', 'designate_key', 'decide_request',
] as const;
export type ProposalActorAction = (typeof PROPOSAL_ACTOR_ACTIONS)[number];

/**
 * Actions of a unit on one of its assignments; the last four are the unit's internal flow
 * (sign-off.ts: 分派经办人, 拟稿, 审签同意, 退回修改), offered only where the sign-off applies.
 */
export const ASSIGNMENT_ACTOR_ACTIONS = [
  'accept', 'reply', 'opinion', 'communicate', 'adjust', 'extend', 'assign_officer', 'draft_reply', 'approve_reply', 'return_reply',
] as const;
export type AssignmentActorAction = (typeof ASSIGNMENT_ACTOR_ACTIONS)[number];

/**
 * Every action a person takes: 提交 (submit, before there is a proposal), 审查, 撤回, 重新提交, 交办, 评价
 * (回执), 公开, 督办意见 (note), 督办通知 (issue_notice), 重点提案 (designate_key), 决定调整/延期申请
 * (decide_request); a unit's 签收, 答复, 协办意见, 沟通协商, 申请调整, 申请延期, and its internal flow's
 * 分派经办人, 拟稿, 审签同意, 退回修改.
 */
export type ActorAction = 'submit' | ProposalActorAction | AssignmentActorAction;

/** The roles that may take each action at all. A new action without its roles does not compile. */
export const ACTION_ROLES: Readonly<Record<ActorAction, readonly AccessRole[]>> = {
  submit: ['admin', 'committee', 'proposer'],
  review: ['admin', 'committee'],
  withdraw: ['admin', 'committee', 'proposer'],
  resubmit: ['admin', 'committee', 'proposer'],
  assign: ['admin', 'committee', 'supervisor'],
  rate: ['admin', 'committee', 'proposer'],
  publish: ['admin', 'committee'],
  note: ['admin', 'supervisor'],
  issue_notice: ['admin', 'supervisor'],
  designate_key: ['admin', 'supervisor'],
  decide_request: ['admin', 'supervisor'],
  accept: ['unit'],
  reply: ['unit'],
  opinion: ['unit'],
  communicate: ['unit'],
  adjust: ['unit'],
  extend: ['unit'],
  assign_officer: ['unit'],
  draft_reply: ['unit'],
  approve_reply: ['unit'],
  return_reply: ['unit'],
};

/** Actions a proposer takes on their own proposal only as its lead proposer (领衔提案者); staff for anyone. */
export const LEAD_PROPOSER_ACTIONS: readonly ActorAction[] = ['withdraw', 'resubmit', 'rate'];

/** Who acts: the role, and the unit or proposer a unit or proposer user stands for. */
export interface ActionActor {
  role: AccessRole;
  unitId?: string | null;
  proposerId?: string | null;
  /** The user, for the steps only the assignment's own officer takes (拟稿). */
  userId?: string | null;
  /** A unit user's post (本单位岗位); none given: the liaison (DEFAULT_UNIT_ROLE). */
  unitRole?: UnitRole | null;
}

/** Where the unit's internal flow of an assignment stands (sign-off.ts). */
export interface SignOffFacts {
  /** The unit's reply needs its leader's sign-off (signOffApplies). */
  applies: boolean;
  /** Where in the unit it waits (null before acceptance, and once replied). */
  stage: DeskStage | null;
  /** 经办人 */
  officerUserId: string | null;
}

/** One of the proposal's assignments, with the facts its unit's actions depend on. */
export interface AssignmentFacts {
  id: string;
  unitId: string;
  role: AssignmentRole;
  state: AssignmentState;
  /** The end of its running window to ask for an adjustment (null: none running). */
  adjustmentWindowEndsAt: Date | null;
  /** It has a running answer deadline (答复、协办意见、重新办理) that an extension could move. */
  hasRunningAnswer: boolean;
  /** An extension request of it waits for the office's decision. */
  extensionPending: boolean;
  /** The unit's internal flow; absent: no sign-off (as a unit without a leader). */
  signOff?: SignOffFacts;
}

/** A proposal, with the facts its actions depend on. */
export interface ProposalFacts {
  status: ProposalStatus;
  leadProposerId: string | null;
  published: boolean;
  /** A reply of it was marked public (公开答复). */
  hasPublicReply: boolean;
  /** The reply of the current round has been rated. */
  ratedThisRound: boolean;
  assignments: readonly AssignmentFacts[];
}

/**
 * Why an action is refused: `role` (the role never may), `relation` (not the lead proposer; not the
 * unit's assignment), `state` (not in this state), or a named `rule` with the domain's error.
 */
export type ActionRefusal =
  | { reason: 'role' }
  | { reason: 'relation' }
  | { reason: 'state' }
  | { reason: 'rule'; error: DomainError };

export type AvailableAction = { action: ProposalActorAction } | { action: AssignmentActorAction; assignmentId: string };

/** Question 1: may this role take this action at all? */
export function roleMay(role: AccessRole, action: ActorAction): boolean {
  return ACTION_ROLES[action].includes(role);
}

/**
 * Questions 1 and 2, for the use cases (which load the state themselves and let the state machines
 * refuse it): `role`, `relation` or null. `leadProposerId` is the proposal's, for the lead-proposer actions.
 */
export function whoRefusal(actor: ActionActor, action: ActorAction, leadProposerId?: string | null): ActionRefusal | null {
  if (!roleMay(actor.role, action)) return { reason: 'role' };
  if (actor.role === 'proposer' && LEAD_PROPOSER_ACTIONS.includes(action) && (leadProposerId ?? null) !== (actor.proposerId ?? null)) {
    return { reason: 'relation' };
  }
  return null;
}

/** An adjustment may be asked for until the end of its window (申请调整须在交办后规定工作日内提出). */
export function adjustmentWindowOpen(endsAt: Date | null, now: Date): boolean {
  return endsAt !== null && now.getTime() <= endsAt.getTime();
}

/** 公开: a replied or closed proposal, not yet published, with a reply marked public. */
export function publishRefusal(p: { status: ProposalStatus; published: boolean; hasPublicReply: boolean }): DomainError | null {
  if (!isPublishable(p.status)) return new RuleViolationError('publication_state', `Cannot publish: proposal is in state "${p.status}"`);
  if (p.published) return new RuleViolationError('already_published', 'proposal is already published');
  if (!p.hasPublicReply) return new RuleViolationError('publication_without_public_reply', 'Cannot publish: no reply to this proposal was marked public');
  return null;
}

/** 申请延期: an accepted assignment with a running answer and no request pending. */
export function extensionRefusal(a: Pick<AssignmentFacts, 'state' | 'hasRunningAnswer' | 'extensionPending'>): DomainError | null {
  if (!a.hasRunningAnswer || a.state === 'removed') return new RuleViolationError('extension_without_deadline', 'This assignment has no running deadline to extend');
  if (a.state !== 'accepted') return new RuleViolationError('extension_state', `Cannot request an extension: assignment is in state "${a.state}"`);
  if (a.extensionPending) return new RuleViolationError('extension_pending', 'an extension request for this assignment is already pending');
  return null;
}

const stateOnly = (ok: boolean): ActionRefusal | null => (ok ? null : { reason: 'state' });
const rule = (error: DomainError | null): ActionRefusal | null => (error ? { reason: 'rule', error } : null);

/** Question 3 for an action on the proposal. */
function proposalStateRefusal(p: ProposalFacts, action: ProposalActorAction): ActionRefusal | null {
  switch (action) {
    case 'review':
      return stateOnly(canProposal(p.status, 'file'));
    case 'withdraw':
      return stateOnly(canProposal(p.status, 'withdraw'));
    case 'resubmit':
      return stateOnly(canProposal(p.status, 'resubmit'));
    case 'assign':
      return stateOnly(canProposal(p.status, 'assign'));
    case 'rate':
      if (!canProposal(p.status, 'rate_satisfied')) return { reason: 'state' };
      return rule(p.ratedThisRound ? new RuleViolationError('already_rated', 'this reply has already been rated') : null);
    case 'publish':
      return rule(publishRefusal(p));
    case 'issue_notice':
      return stateOnly(SUPERVISABLE_STATUSES.includes(p.status));
    case 'designate_key':
      return stateOnly(KEY_DESIGNATABLE_STATUSES.includes(p.status));
    case 'note':
    case 'decide_request':
      return null;
  }
}

/** A unit user's post, as the rules read it: none given is the liaison. */
export function postOf(actor: Pick<ActionActor, 'unitRole'>): UnitRole {
  return actor.unitRole ?? DEFAULT_UNIT_ROLE;
}

/**
 * Question 2½, the unit's internal flow: where the sign-off applies, 签收 is the liaison's, a reply
 * goes out only through the leader's 审签 (sign_off_required), and each step of the flow is its
 * post's (the draft the assignment's own officer's). Without the sign-off, the steps of the flow do
 * not exist and every user of the unit acts as before.
 */
export function signOffRefusal(actor: ActionActor, a: Pick<AssignmentFacts, 'state' | 'role' | 'signOff'>, action: AssignmentActorAction): ActionRefusal | null {
  const flow = a.signOff;
  const post = postOf(actor);
  switch (action) {
    case 'accept':
      return flow?.applies && !SIGN_OFF_POSTS.accept.includes(post) ? { reason: 'relation' } : null;
    case 'reply':
      return flow?.applies ? rule(new RuleViolationError('sign_off_required', "This unit's reply needs its leader's sign-off (审签): the officer drafts it, the leader approves")) : null;
    case 'assign_officer':
    case 'draft_reply':
    case 'approve_reply':
    case 'return_reply':
    {
      if (!flow?.applies || a.state !== 'accepted' || !canAssignment(a.state, a.role, 'reply')) return { reason: 'state' };
      // Accepted before its unit had a leader (or the flow began): it waits for the liaison to give it out.
      const stage = flow.stage ?? 'liaison';
      if (!canSignOff(stage, post, action)) return UNIT_ROLES.some((other) => canSignOff(stage, other, action)) ? { reason: 'relation' } : { reason: 'state' };
      if (action === 'draft_reply' && flow.officerUserId !== (actor.userId ?? null)) return { reason: 'relation' };
      return null;
    }
    default:
      return null;
  }
}

/** Question 3 for a unit's action on one of its assignments. */
function assignmentStateRefusal(a: AssignmentFacts, action: AssignmentActorAction, now: Date): ActionRefusal | null {
  switch (action) {
    case 'accept':
      return stateOnly(canAssignment(a.state, a.role, 'accept'));
    case 'reply':
      return stateOnly(canAssignment(a.state, a.role, 'reply'));
    case 'assign_officer':
    case 'draft_reply':
    case 'approve_reply':
    case 'return_reply':
      return null; // signOffRefusal decided
    case 'opinion':
      return stateOnly(canAssignment(a.state, a.role, 'submit_opinion'));
    case 'communicate':
      return stateOnly(COMMUNICATING_STATES.includes(a.state));
    case 'adjust':
      if (!canAssignment(a.state, a.role, 'request_adjustment')) return { reason: 'state' };
      return adjustmentWindowOpen(a.adjustmentWindowEndsAt, now) ? null : rule(new RuleViolationError('adjustment_window', 'The window to request an adjustment has closed'));
    case 'extend':
      return rule(extensionRefusal(a));
  }
}

/** Why this actor may not take this action on the proposal now, or null when they may. */
export function proposalActionRefusal(actor: ActionActor, p: ProposalFacts, action: ProposalActorAction): ActionRefusal | null {
  return whoRefusal(actor, action, p.leadProposerId) ?? proposalStateRefusal(p, action);
}

/** Why this actor may not take this action on this assignment now (a unit only its own), or null when they may. */
export function assignmentActionRefusal(actor: ActionActor, a: AssignmentFacts, action: AssignmentActorAction, now: Date): ActionRefusal | null {
  const who = whoRefusal(actor, action);
  if (who) return who;
  if (a.unitId !== actor.unitId || a.state === 'removed') return { reason: 'relation' };
  const stateRefusal = assignmentStateRefusal(a, action, now);
  return stateRefusal ?? signOffRefusal(actor, a, action);
}

/**
 * Every action this actor may take on the proposal now: the proposal's, in PROPOSAL_ACTOR_ACTIONS
 * order, then each of the unit's live assignments' in ASSIGNMENT_ACTOR_ACTIONS order. Pure.
 */
export function availableActions(actor: ActionActor, p: ProposalFacts, context: { now: Date }): AvailableAction[] {
  const out: AvailableAction[] = PROPOSAL_ACTOR_ACTIONS.filter((action) => proposalActionRefusal(actor, p, action) === null).map((action) => ({ action }));
  for (const a of p.assignments) {
    for (const action of ASSIGNMENT_ACTOR_ACTIONS) {
      if (assignmentActionRefusal(actor, a, action, context.now) === null) out.push({ action, assignmentId: a.id });
    }
  }
  return out;
}
