import fc from 'fast-check';
import { PROPOSAL_ACTIONS, proposalTransition, type ProposalStatus } from './proposal-state.js';
import { ASSIGNMENT_ACTIONS, ASSIGNMENT_ROLES, assignmentTransition, type AssignmentState } from './assignment-state.js';
import { InvalidTransitionError } from './errors.js';

/**
 * Random command sequences never reach a state the design forbids. The allowed moves are written
 * out here again, from docs/design.md's lifecycle, independently of the implementation's table.
 */
const PROPOSAL_MOVES = new Set([
  'submitted>filed', 'submitted>not_filed', 'submitted>merged', 'submitted>converted', 'submitted>returned', 'submitted>withdrawn',
  'returned>submitted', 'returned>withdrawn', 'filed>assigned', 'assigned>handling', 'handling>replied', 'rehandling>replied',
  'replied>closed', 'replied>rehandling',
]);
const PROPOSAL_FINAL = ['not_filed', 'merged', 'converted', 'withdrawn', 'closed'];

const ASSIGNMENT_MOVES = new Set([
  'assigned>accepted', 'accepted>replied', 'accepted>opinion_submitted', 'assigned>adjustment_requested', 'accepted>adjustment_requested',
  'adjustment_requested>removed', 'adjustment_requested>assigned', 'replied>accepted',
  'assigned>removed', 'accepted>removed', 'opinion_submitted>removed', // a co-handler taking over the lead (take_over_lead)
]);

describe('state machines under random command sequences', () => {
  it('a proposal only ever makes the moves of the design, and never leaves a final state', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PROPOSAL_ACTIONS), { maxLength: 60 }), (actions) => {
        let state: ProposalStatus = 'submitted';
        const seen: ProposalStatus[] = [state];
        for (const action of actions) {
          try {
            const next = proposalTransition(state, action);
            expect(PROPOSAL_MOVES.has(`${state}>${next}`)).toBe(true);
            expect(PROPOSAL_FINAL).not.toContain(state);
            state = next;
            seen.push(state);
          } catch (e) {
            expect(e).toBeInstanceOf(InvalidTransitionError);
            expect((e as InvalidTransitionError).current).toBe(state);
          }
        }
        // Nothing is replied before it was handled, nor handled before it was assigned and filed.
        const first = (s: ProposalStatus) => seen.indexOf(s);
        if (first('replied') >= 0) expect(first('handling')).toBeLessThan(first('replied'));
        if (first('handling') >= 0) expect(first('assigned')).toBeLessThan(first('handling'));
        if (first('assigned') >= 0) expect(first('filed')).toBeLessThan(first('assigned'));
      }),
      { numRuns: 2000 },
    );
  });

  it('an assignment only makes the moves of the design; a co-handler never replies, a lead never gives an opinion', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ASSIGNMENT_ROLES), fc.array(fc.constantFrom(...ASSIGNMENT_ACTIONS), { maxLength: 60 }), (role, actions) => {
        let state: AssignmentState = 'assigned';
        for (const action of actions) {
          try {
            const next = assignmentTransition(state, role, action);
            expect(ASSIGNMENT_MOVES.has(`${state}>${next}`)).toBe(true);
            if (role === 'co') expect(next).not.toBe('replied');
            else expect(next).not.toBe('opinion_submitted');
            expect(state).not.toBe('removed');
            state = next;
          } catch (e) {
            expect(e).toBeInstanceOf(InvalidTransitionError);
          }
        }
      }),
      { numRuns: 2000 },
    );
  });
});
