import { RuleViolationError } from './errors.js';

/**
 * The unit's internal flow (单位内部流转) and its sign-off (审签): who in a handling unit does what
 * with a proposal before its reply leaves the unit. Pure: the use cases (libs/handling/src/sign-off.ts)
 * and `availableActions` (actions.ts) read these rules, the UI and the API go through them.
 *
 *   交办 ──▶ 联络员 (liaison) 签收, 分派经办人 ──▶ 经办人 (officer) 拟稿 ──▶ 分管领导 (leader) 审签
 *                                               ▲                              │
 *                                               └────────── 退回修改 ◀──────────┤
 *                                                                              └─ 签发: the reply is sent as before,
 *                                                                                 the leader recorded as 签发人
 */

/** A unit user's post in the unit (岗位): 联络员 · 经办人 · 分管领导. */
export const UNIT_ROLES = ['liaison', 'officer', 'leader'] as const;
export type UnitRole = (typeof UNIT_ROLES)[number];

/**
 * The post of a unit user who was given none: 联络员. The users of units from before unit roles were
 * liaisons (the migration sets it), and a liaison may do everything a unit user could do then.
 */
export const DEFAULT_UNIT_ROLE: UnitRole = 'liaison';

/** Where in the unit an accepted assignment waits (在本单位等待): for the liaison, the officer or the leader. */
export const DESK_STAGES = ['liaison', 'officer', 'leader'] as const;
export type DeskStage = (typeof DESK_STAGES)[number];

/** The steps of the internal flow, beside the unit's actions of before (签收, 答复…). */
export const SIGN_OFF_ACTIONS = ['assign_officer', 'draft_reply', 'approve_reply', 'return_reply'] as const;
export type SignOffAction = (typeof SIGN_OFF_ACTIONS)[number];

interface SignOffEdge {
  /** The stage after the step; `sent`: the reply left the unit (签发). */
  to: DeskStage | 'sent';
  /** The posts that take it. */
  by: readonly UnitRole[];
}

/**
 * stage → step → next stage and who takes it. Anything absent is refused. The liaison may give the
 * work to another officer while it is with the officer, not while the leader has the draft.
 */
export const SIGN_OFF_TRANSITIONS: Readonly<Record<DeskStage, Readonly<Partial<Record<SignOffAction, SignOffEdge>>>>> = {
  liaison: { assign_officer: { to: 'officer', by: ['liaison'] } },
  officer: {
    assign_officer: { to: 'officer', by: ['liaison'] },
    draft_reply: { to: 'leader', by: ['officer'] },
  },
  leader: {
    approve_reply: { to: 'sent', by: ['leader'] },
    return_reply: { to: 'officer', by: ['leader'] },
  },
};

/** May a user of this post take this step at this stage? */
export function canSignOff(stage: DeskStage | null, post: UnitRole, action: SignOffAction): boolean {
  if (stage === null) return false;
  return SIGN_OFF_TRANSITIONS[stage][action]?.by.includes(post) ?? false;
}

/** The stage after a step, or a 409 naming the stage (SIGN_OFF_STAGE). */
export function signOffTransition(stage: DeskStage | null, action: SignOffAction): DeskStage | 'sent' {
  const edge = stage === null ? undefined : SIGN_OFF_TRANSITIONS[stage][action];
  if (!edge) throw new RuleViolationError('sign_off_stage', `Cannot ${action}: the proposal waits ${stage ? `for the ${stage}` : 'for nobody in the unit'}`);
  return edge.to;
}

/**
 * Does the unit's reply need its leader's sign-off? When the unit has a leader (分管领导) among its
 * active users — without one nobody could ever sign, and the unit works as before unit roles — and
 * the admin's rules layer does not skip it for this unit (`signOff.skipUnitIds`).
 */
export function signOffApplies(unit: { hasLeader: boolean; skipped: boolean }): boolean {
  return unit.hasLeader && !unit.skipped;
}

/** Where an assignment waits once accepted: with its officer when it has one, else with the liaison. */
export function stageAfterAcceptance(officerUserId: string | null): DeskStage {
  return officerUserId ? 'officer' : 'liaison';
}

/**
 * Which posts take the unit's actions of before where the sign-off applies: 签收 the liaison (who
 * also distributes the work), 答复 nobody directly (the leader's 签发 sends it). Everything else
 * (沟通, 协办意见, 申请调整, 申请延期) stays with any user of the unit, as before.
 */
export const SIGN_OFF_POSTS: Readonly<{ accept: readonly UnitRole[]; reply: readonly UnitRole[] }> = {
  accept: ['liaison'],
  reply: [],
};
