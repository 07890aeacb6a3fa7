import {
  ANSWERING_ROLES, ASSIGNMENT_ACTIONS, ASSIGNMENT_ROLES, ASSIGNMENT_STATES, allowedAssignmentActions, assignmentTransition,
  everyAnsweringUnitReplied, type AssignmentAction, type AssignmentRole, type AssignmentState,
} from './assignment-state.js';
import { InvalidTransitionError } from './errors.js';

const ANY: AssignmentRole[] = ['lead', 'co', 'separate'];

// [state, action, next, roles that may take it] — from docs/design.md, independent of the implementation.
const ALLOWED: Array<[AssignmentState, AssignmentAction, AssignmentState, AssignmentRole[]]> = [
  ['assigned', 'accept', 'accepted', ANY],
  ['accepted', 'reply', 'replied', ['lead', 'separate']], // a co unit does not reply to the proposer…
  ['accepted', 'submit_opinion', 'opinion_submitted', ['co']], // …it gives its opinion to the lead unit
  ['assigned', 'request_adjustment', 'adjustment_requested', ANY],
  ['accepted', 'request_adjustment', 'adjustment_requested', ANY],
  ['adjustment_requested', 'approve_adjustment', 'removed', ANY],
  ['adjustment_requested', 'reject_adjustment', 'assigned', ANY],
  ['replied', 'reopen', 'accepted', ['lead', 'separate']], // re-handling after an unsatisfied rating
  // 主协办互换: a co-handler whose unit takes over the lead leaves its co-handling assignment
  ['assigned', 'take_over_lead', 'removed', ['co']],
  ['accepted', 'take_over_lead', 'removed', ['co']],
  ['opinion_submitted', 'take_over_lead', 'removed', ['co']],
];

const rows = ASSIGNMENT_STATES.flatMap((state) =>
  ASSIGNMENT_ROLES.flatMap((role) =>
    ASSIGNMENT_ACTIONS.map((action) => {
      const allowed = ALLOWED.find(([s, a, , roles]) => s === state && a === action && roles.includes(role));
      return { state, role, action, next: allowed ? allowed[2] : null };
    }),
  ),
);

describe('assignment state machine: every (state, role, action)', () => {
  it('covers all 6 × 3 × 8 combinations', () => {
    expect(rows).toHaveLength(6 * 3 * 8);
  });

  test.each(rows.filter((r) => r.next !== null))('$role: $state --$action--> $next', ({ state, role, action, next }) => {
    expect(assignmentTransition(state, role, action)).toBe(next);
  });

  test.each(rows.filter((r) => r.next === null))('$role: $state refuses $action, naming the state', ({ state, role, action }) => {
    let error: unknown;
    try {
      assignmentTransition(state, role, action);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidTransitionError);
    expect(error).toMatchObject({ code: 'invalid_transition', entity: 'assignment', current: state, action });
    expect((error as Error).message).toContain(`Cannot ${action}: assignment is in state "${state}"`);
  });
});

it('reads like the brief: a unit that has not accepted cannot reply', () => {
  expect(() => assignmentTransition('assigned', 'lead', 'reply')).toThrow('Cannot reply: assignment is in state "assigned"');
});

it('tells a co unit that replying is not for its role', () => {
  expect(() => assignmentTransition('accepted', 'co', 'reply')).toThrow(
    'Cannot reply: assignment is in state "accepted" (not allowed for role "co")',
  );
});

it('lists the actions a role may take in a state', () => {
  expect(allowedAssignmentActions('accepted', 'lead')).toEqual(['reply', 'request_adjustment']);
  expect(allowedAssignmentActions('accepted', 'co')).toEqual(['submit_opinion', 'request_adjustment', 'take_over_lead']);
  expect(allowedAssignmentActions('removed', 'lead')).toEqual([]);
});

describe('a proposal is replied when every lead/separate unit has replied', () => {
  it.each([
    [[{ role: 'lead', state: 'replied' }], true],
    [[{ role: 'lead', state: 'replied' }, { role: 'co', state: 'accepted' }], true], // co units do not hold it up
    [[{ role: 'lead', state: 'replied' }, { role: 'separate', state: 'accepted' }], false],
    [[{ role: 'lead', state: 'removed' }, { role: 'lead', state: 'replied' }], true], // the unit that was adjusted out
    [[{ role: 'co', state: 'opinion_submitted' }], false],
    [[], false],
  ] as Array<[Array<{ role: AssignmentRole; state: AssignmentState }>, boolean]>)('%j → %s', (assignments, expected) => {
    expect(everyAnsweringUnitReplied(assignments)).toBe(expected);
  });

  it('answering roles are lead and separate', () => {
    expect(ANSWERING_ROLES).toEqual(['lead', 'separate']);
  });
});
