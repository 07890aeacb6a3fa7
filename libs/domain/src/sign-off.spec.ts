import { assignmentActionRefusal, availableActions, type AssignmentFacts, type ProposalFacts } from './actions.js';
import type { AssignmentState } from './assignment-state.js';
import { canSignOff, signOffApplies, signOffTransition, stageAfterAcceptance, type DeskStage, type UnitRole } from './sign-off.js';

const NOW = new Date('2024-05-20T10:00:00+08:00');

const assignment = (state: AssignmentState, stage: DeskStage | null, applies = true, extra: Partial<AssignmentFacts> = {}): AssignmentFacts => ({
  id: 'a1', unitId: 'u-mine', role: 'lead', state, adjustmentWindowEndsAt: new Date('2024-05-25T23:59:59+08:00'), hasRunningAnswer: true, extensionPending: false,
  signOff: { applies, stage, officerUserId: 'officer-1' },
  ...extra,
});

const proposal = (a: AssignmentFacts): ProposalFacts => ({
  status: 'handling', leadProposerId: 'p1', published: false, hasPublicReply: false, ratedThisRound: false, assignments: [a],
});

const unitUser = (unitRole: UnitRole | null, userId = 'someone') => ({ role: 'unit' as const, unitId: 'u-mine', userId, unitRole });

const FLOW = ['accept', 'reply', 'assign_officer', 'draft_reply', 'approve_reply', 'return_reply'];
const flowActions = (unitRole: UnitRole | null, a: AssignmentFacts, userId?: string) =>
  availableActions(unitUser(unitRole, userId), proposal(a), { now: NOW }).map((x) => x.action).filter((x) => FLOW.includes(x));

describe('the unit internal flow (单位内部流转与审签): post × stage → steps', () => {
  // post, user, assignment state, where it waits, the sign-off applies → the steps of the flow offered.
  const ROWS: Array<[UnitRole | null, string, AssignmentState, DeskStage | null, boolean, string[]]> = [
    // Without the sign-off (no leader in the unit, or skipped by the rules): every post acts as before.
    [null, 'someone', 'assigned', null, false, ['accept']],
    ['officer', 'officer-1', 'assigned', null, false, ['accept']],
    ['liaison', 'someone', 'accepted', null, false, ['reply']],
    ['officer', 'officer-1', 'accepted', 'officer', false, ['reply']],
    ['leader', 'someone', 'accepted', null, false, ['reply']],
    // With it: the liaison signs for it and gives it to an officer…
    ['liaison', 'someone', 'assigned', null, true, ['accept']],
    ['officer', 'officer-1', 'assigned', null, true, []],
    ['leader', 'someone', 'assigned', null, true, []],
    [null, 'someone', 'accepted', 'liaison', true, ['assign_officer']],
    ['liaison', 'someone', 'accepted', null, true, ['assign_officer']],
    ['officer', 'officer-1', 'accepted', 'liaison', true, []],
    // …the officer (their own work only) drafts, the liaison may still give it to another officer…
    ['officer', 'officer-1', 'accepted', 'officer', true, ['draft_reply']],
    ['officer', 'officer-2', 'accepted', 'officer', true, []],
    ['liaison', 'someone', 'accepted', 'officer', true, ['assign_officer']],
    ['leader', 'someone', 'accepted', 'officer', true, []],
    // …the leader approves or returns; nobody replies directly.
    ['leader', 'someone', 'accepted', 'leader', true, ['approve_reply', 'return_reply']],
    ['officer', 'officer-1', 'accepted', 'leader', true, []],
    ['liaison', 'someone', 'accepted', 'leader', true, []],
    // Replied: nothing more in the unit.
    ['leader', 'someone', 'replied', null, true, []],
  ];
  it.each(ROWS)('%s (%s) on an assignment %s waiting for %s, sign-off %s → %j', (post, user, state, stage, applies, expected) => {
    expect(flowActions(post, assignment(state, stage, applies), user)).toEqual(expected);
  });

  it('refuses a direct reply where the sign-off applies, with the rule sign_off_required', () => {
    const refusal = assignmentActionRefusal(unitUser('liaison'), assignment('accepted', 'officer'), 'reply', NOW);
    expect(refusal).toMatchObject({ reason: 'rule', error: { code: 'rule_violation', errorCode: 'SIGN_OFF_REQUIRED' } });
  });

  it('refuses another post as a relation, a step at the wrong stage as a state', () => {
    expect(assignmentActionRefusal(unitUser('officer', 'officer-1'), assignment('accepted', 'leader'), 'approve_reply', NOW)).toEqual({ reason: 'relation' });
    expect(assignmentActionRefusal(unitUser('leader'), assignment('accepted', 'officer'), 'approve_reply', NOW)).toEqual({ reason: 'state' });
    expect(assignmentActionRefusal(unitUser('officer', 'officer-2'), assignment('accepted', 'officer'), 'draft_reply', NOW)).toEqual({ reason: 'relation' });
  });

  it('a unit without the flow facts (before unit roles) acts as before', () => {
    expect(flowActions(null, assignment('accepted', null, true, { signOff: undefined }))).toEqual(['reply']);
  });
});

describe('the sign-off state machine (sign-off.ts)', () => {
  const ROWS: Array<[DeskStage, string, UnitRole, DeskStage | 'sent' | null]> = [
    ['liaison', 'assign_officer', 'liaison', 'officer'],
    ['officer', 'assign_officer', 'liaison', 'officer'],
    ['officer', 'draft_reply', 'officer', 'leader'],
    ['leader', 'approve_reply', 'leader', 'sent'],
    ['leader', 'return_reply', 'leader', 'officer'],
    ['leader', 'assign_officer', 'liaison', null],
    ['liaison', 'draft_reply', 'officer', null],
    ['officer', 'approve_reply', 'leader', null],
  ];
  it.each(ROWS)('at %s, %s by the %s → %s', (stage, action, post, to) => {
    const a = action as Parameters<typeof canSignOff>[2];
    expect(canSignOff(stage, post, a)).toBe(to !== null);
    if (to) expect(signOffTransition(stage, a)).toBe(to);
    else expect(() => signOffTransition(stage, a)).toThrow(expect.objectContaining({ errorCode: 'SIGN_OFF_STAGE' }));
  });

  it('applies where the unit has a leader and the rules do not skip it', () => {
    expect(signOffApplies({ hasLeader: true, skipped: false })).toBe(true);
    expect(signOffApplies({ hasLeader: true, skipped: true })).toBe(false);
    expect(signOffApplies({ hasLeader: false, skipped: false })).toBe(false);
  });

  it('an accepted assignment waits for its officer when it has one, else for the liaison', () => {
    expect(stageAfterAcceptance('officer-1')).toBe('officer');
    expect(stageAfterAcceptance(null)).toBe('liaison');
  });
});
