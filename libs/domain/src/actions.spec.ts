import type { AccessRole } from './access-rules.js';
import {
  ACTION_ROLES, ASSIGNMENT_ACTOR_ACTIONS, PROPOSAL_ACTOR_ACTIONS, assignmentActionRefusal, availableActions, proposalActionRefusal, whoRefusal,
  type AssignmentFacts, type ProposalFacts,
} from './actions.js';
import type { AssignmentRole, AssignmentState } from './assignment-state.js';
import { BATCH_ROLES } from './batch-actions.js';
import { PROPOSAL_STATUSES, type ProposalStatus } from './proposal-state.js';

const NOW = new Date('2024-03-10T10:00:00+08:00');
const LATER = new Date('2024-03-12T23:59:59+08:00');
const EARLIER = new Date('2024-03-08T23:59:59+08:00');

/** How the actor stands to the proposal: the lead proposer or a co-signer; a unit on its own assignment or another's. */
type Relation = 'staff' | 'lead' | 'co-signer' | 'own' | 'other-unit';

const actorOf = (role: AccessRole, relation: Relation) => ({
  role,
  proposerId: relation === 'lead' ? 'p-lead' : relation === 'co-signer' ? 'p-co' : null,
  unitId: role === 'unit' ? (relation === 'own' ? 'u-mine' : 'u-else') : null,
});

function facts(status: ProposalStatus, extra: Partial<ProposalFacts> = {}, assignment?: Partial<AssignmentFacts>): ProposalFacts {
  return {
    status,
    leadProposerId: 'p-lead',
    published: false,
    hasPublicReply: true,
    ratedThisRound: false,
    assignments: assignment
      ? [{ id: 'a1', unitId: 'u-mine', role: 'lead', state: 'assigned', adjustmentWindowEndsAt: LATER, hasRunningAnswer: true, extensionPending: false, ...assignment }]
      : [],
    ...extra,
  };
}

const names = (role: AccessRole, relation: Relation, p: ProposalFacts) => availableActions(actorOf(role, relation), p, { now: NOW }).map((a) => a.action);

describe('who may do what on a proposal (domain availableActions): role × state × relation → actions', () => {
  // role, proposal state, relation → every action on the proposal itself.
  const ROWS: Array<[AccessRole, ProposalStatus, Relation, string[]]> = [
    ['admin', 'submitted', 'staff', ['review', 'withdraw', 'note', 'decide_request']],
    ['committee', 'submitted', 'staff', ['review', 'withdraw']],
    ['supervisor', 'submitted', 'staff', ['note', 'decide_request']],
    ['proposer', 'submitted', 'lead', ['withdraw']],
    ['proposer', 'submitted', 'co-signer', []],
    ['unit', 'submitted', 'own', []],
    ['committee', 'returned', 'staff', ['withdraw', 'resubmit']],
    ['proposer', 'returned', 'lead', ['withdraw', 'resubmit']],
    ['proposer', 'returned', 'co-signer', []],
    ['admin', 'filed', 'staff', ['assign', 'note', 'designate_key', 'decide_request']],
    ['committee', 'filed', 'staff', ['assign']],
    ['supervisor', 'filed', 'staff', ['assign', 'note', 'designate_key', 'decide_request']],
    ['proposer', 'filed', 'lead', []],
    ['committee', 'assigned', 'staff', []],
    ['supervisor', 'assigned', 'staff', ['note', 'issue_notice', 'designate_key', 'decide_request']],
    ['supervisor', 'handling', 'staff', ['note', 'issue_notice', 'designate_key', 'decide_request']],
    ['supervisor', 'rehandling', 'staff', ['note', 'issue_notice', 'designate_key', 'decide_request']],
    ['committee', 'replied', 'staff', ['rate', 'publish']],
    ['admin', 'replied', 'staff', ['rate', 'publish', 'note', 'issue_notice', 'designate_key', 'decide_request']],
    ['supervisor', 'replied', 'staff', ['note', 'issue_notice', 'designate_key', 'decide_request']],
    ['proposer', 'replied', 'lead', ['rate']],
    ['proposer', 'replied', 'co-signer', []],
    ['committee', 'closed', 'staff', ['publish']],
    ['supervisor', 'closed', 'staff', ['note', 'decide_request']],
    ['proposer', 'closed', 'lead', []],
    ['committee', 'withdrawn', 'staff', []],
    ['committee', 'not_filed', 'staff', []],
    ['committee', 'merged', 'staff', []],
    ['committee', 'converted', 'staff', []],
  ];

  it.each(ROWS)('%s on a %s proposal (%s) may: %j', (role, status, relation, expected) => {
    expect(names(role, relation, facts(status))).toEqual(expected);
  });

  // The facts beside the state: a rating given, a publication done, no public reply.
  it.each([
    ['rated this round: no second rating', facts('replied', { ratedThisRound: true }), ['publish']],
    ['already published: no second publication', facts('closed', { published: true }), []],
    ['no reply marked public: nothing to publish', facts('replied', { hasPublicReply: false }), ['rate']],
  ])('the committee, %s', (_, p, expected) => {
    expect(names('committee', 'staff', p)).toEqual(expected);
  });

  // A unit's actions on its own assignment: the assignment's role and state, its window, its answer deadline.
  const UNIT_ROWS: Array<[AssignmentRole, AssignmentState, Partial<AssignmentFacts>, string[]]> = [
    ['lead', 'assigned', {}, ['accept', 'adjust']],
    ['lead', 'assigned', { adjustmentWindowEndsAt: EARLIER }, ['accept']],
    ['lead', 'assigned', { adjustmentWindowEndsAt: null }, ['accept']],
    ['lead', 'accepted', {}, ['reply', 'communicate', 'adjust', 'extend']],
    ['lead', 'accepted', { adjustmentWindowEndsAt: null }, ['reply', 'communicate', 'extend']],
    ['lead', 'accepted', { extensionPending: true }, ['reply', 'communicate', 'adjust']],
    ['lead', 'accepted', { hasRunningAnswer: false }, ['reply', 'communicate', 'adjust']],
    ['separate', 'accepted', { adjustmentWindowEndsAt: null }, ['reply', 'communicate', 'extend']],
    ['co', 'assigned', {}, ['accept', 'adjust']],
    ['co', 'accepted', { adjustmentWindowEndsAt: null }, ['opinion', 'communicate', 'extend']],
    ['co', 'opinion_submitted', { hasRunningAnswer: false }, ['communicate']],
    ['lead', 'replied', { hasRunningAnswer: false }, ['communicate']],
    ['lead', 'adjustment_requested', {}, ['communicate']],
    ['lead', 'removed', {}, []],
  ];

  it.each(UNIT_ROWS)('a unit on its own %s assignment %s (%j) may: %j', (role, state, extra, expected) => {
    expect(names('unit', 'own', facts('handling', {}, { role, state, ...extra }))).toEqual(expected);
  });

  it('a unit may do nothing on another unit’s assignment, and staff nothing of a unit’s', () => {
    const p = facts('handling', {}, { state: 'accepted' });
    expect(names('unit', 'other-unit', p)).toEqual([]);
    expect(assignmentActionRefusal(actorOf('unit', 'other-unit'), p.assignments[0], 'reply', NOW)).toEqual({ reason: 'relation' });
    expect(names('committee', 'staff', p)).toEqual([]);
    expect(assignmentActionRefusal(actorOf('committee', 'staff'), p.assignments[0], 'reply', NOW)).toEqual({ reason: 'role' });
  });

  it('says why an action is refused: the role, the relation, the state or a named rule', () => {
    expect(proposalActionRefusal(actorOf('unit', 'own'), facts('submitted'), 'review')).toEqual({ reason: 'role' });
    expect(proposalActionRefusal(actorOf('proposer', 'co-signer'), facts('submitted'), 'withdraw')).toEqual({ reason: 'relation' });
    expect(proposalActionRefusal(actorOf('committee', 'staff'), facts('filed'), 'review')).toEqual({ reason: 'state' });
    const refusal = proposalActionRefusal(actorOf('committee', 'staff'), facts('replied', { hasPublicReply: false }), 'publish');
    expect(refusal).toMatchObject({ reason: 'rule', error: { rule: 'publication_without_public_reply' } });
    const late = assignmentActionRefusal(actorOf('unit', 'own'), facts('handling', {}, { adjustmentWindowEndsAt: EARLIER }).assignments[0], 'adjust', NOW);
    expect(late).toMatchObject({ reason: 'rule', error: { rule: 'adjustment_window' } });
  });

  it('the use cases’ check (whoRefusal) is the same table: every role and action, with and without the lead proposer', () => {
    for (const role of ['admin', 'committee', 'supervisor', 'unit', 'proposer'] as const) {
      for (const action of [...PROPOSAL_ACTOR_ACTIONS, ...ASSIGNMENT_ACTOR_ACTIONS, 'submit'] as const) {
        expect(whoRefusal({ role, proposerId: 'p-lead' }, action, 'p-lead') === null).toBe(ACTION_ROLES[action].includes(role));
      }
    }
    expect(whoRefusal({ role: 'proposer', proposerId: 'p-co' }, 'rate', 'p-lead')).toEqual({ reason: 'relation' });
    expect(whoRefusal({ role: 'committee' }, 'rate', 'p-lead')).toBeNull();
  });

  it('a batch is offered to the roles of its single-item action', () => {
    expect(BATCH_ROLES).toEqual({ assign: ACTION_ROLES.assign, accept: ACTION_ROLES.accept, urge: ACTION_ROLES.issue_notice, publish: ACTION_ROLES.publish });
  });

  it('every proposal state is covered by a row for the committee', () => {
    const covered = new Set(ROWS.filter(([role]) => role === 'committee').map(([, s]) => s));
    expect(PROPOSAL_STATUSES.filter((s) => !covered.has(s) && s !== 'handling' && s !== 'rehandling')).toEqual([]);
  });
});
