import { InvalidTransitionError } from './errors.js';
import {
  PROPOSAL_ACTIONS, PROPOSAL_STATUSES, PUBLISHABLE_STATUSES, allowedProposalActions, proposalActionForRating, proposalTransition,
  type ProposalAction, type ProposalStatus,
} from './proposal-state.js';

// The lifecycle as docs/design.md states it, written out independently of the implementation's table.
const ALLOWED: Array<[ProposalStatus, ProposalAction, ProposalStatus]> = [
  // review decisions (审查)
  ['submitted', 'file', 'filed'],
  ['submitted', 'not_file', 'not_filed'],
  ['submitted', 'merge', 'merged'],
  ['submitted', 'convert', 'converted'],
  ['submitted', 'return', 'returned'],
  // revision and withdrawal
  ['returned', 'resubmit', 'submitted'],
  ['submitted', 'withdraw', 'withdrawn'],
  ['returned', 'withdraw', 'withdrawn'],
  // handling
  ['filed', 'assign', 'assigned'],
  ['assigned', 'accept', 'handling'],
  ['handling', 'reply_complete', 'replied'],
  ['rehandling', 'reply_complete', 'replied'],
  // feedback (回执)
  ['replied', 'rate_satisfied', 'closed'],
  ['replied', 'feedback_expired', 'closed'],
  ['replied', 'close', 'closed'],
  ['replied', 'rate_unsatisfied', 'rehandling'],
];

const rows = PROPOSAL_STATUSES.flatMap((state) =>
  PROPOSAL_ACTIONS.map((action) => {
    const allowed = ALLOWED.find(([s, a]) => s === state && a === action);
    return { state, action, next: allowed ? allowed[2] : null };
  }),
);

describe('proposal state machine: every (state, action) pair', () => {
  it('covers all 12 × 14 pairs', () => {
    expect(rows).toHaveLength(12 * 14);
  });

  test.each(rows.filter((r) => r.next !== null))('$state --$action--> $next', ({ state, action, next }) => {
    expect(proposalTransition(state, action)).toBe(next);
  });

  test.each(rows.filter((r) => r.next === null))('$state refuses $action, naming the state', ({ state, action }) => {
    let error: unknown;
    try {
      proposalTransition(state, action);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidTransitionError);
    const e = error as InvalidTransitionError;
    expect(e.code).toBe('invalid_transition');
    expect(e).toMatchObject({ entity: 'proposal', current: state, action });
    expect(e.message).toBe(`Cannot ${action}: proposal is in state "${state}"`);
  });
});

describe('allowed actions', () => {
  it.each(PROPOSAL_STATUSES)('lists exactly the allowed actions of %s', (state) => {
    expect(allowedProposalActions(state).sort()).toEqual(ALLOWED.filter(([s]) => s === state).map(([, a]) => a).sort());
  });

  it('has no way out of the final states', () => {
    for (const state of ['not_filed', 'merged', 'converted', 'withdrawn', 'closed'] as const) {
      expect(allowedProposalActions(state)).toEqual([]);
    }
  });
});

it('publishes only replied or closed proposals', () => {
  expect([...PUBLISHABLE_STATUSES].sort()).toEqual(['closed', 'replied']);
});

it('sends only an unsatisfied rating back for re-handling (满意率 counts 满意 + 基本满意)', () => {
  expect(proposalActionForRating('satisfied')).toBe('rate_satisfied');
  expect(proposalActionForRating('basically_satisfied')).toBe('rate_satisfied');
  expect(proposalActionForRating('unsatisfied')).toBe('rate_unsatisfied');
});
