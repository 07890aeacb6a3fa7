import { readFileSync } from 'node:fs';
import {
  CO_SIGNING_ANSWERS, CO_SIGNING_STATES, coSignersShortfall, coSigningAnswerRefusal, coSigningGrantsAccess,
  coSigningInviteRefusal, coSigningTransition, type CoSigningAnswer, type CoSigningState,
} from './co-signing.js';
import { DEFAULT_CO_SIGNING_RULES } from './co-signing-rules.js';
import { InvalidRulesError, RuleViolationError } from './errors.js';
import { PROPOSAL_STATUSES, type ProposalStatus } from './proposal-state.js';
import { mergeRules, validateRules } from './rules.js';

// [state, answer, next] — an invitation is answered once, and an answer is final.
const ALLOWED: Array<[CoSigningState, CoSigningAnswer, CoSigningState]> = [
  ['pending', 'confirm', 'confirmed'],
  ['pending', 'decline', 'declined'],
];

const rows = CO_SIGNING_STATES.flatMap((state) =>
  CO_SIGNING_ANSWERS.map((answer) => ({ state, answer, next: ALLOWED.find(([s, a]) => s === state && a === answer)?.[2] ?? null })),
);

describe('co-signing (联名) invitation: every (state, answer)', () => {
  it('covers all 3 × 2 combinations', () => {
    expect(rows).toHaveLength(6);
  });

  test.each(rows.filter((r) => r.next !== null))('$state --$answer--> $next', ({ state, answer, next }) => {
    expect(coSigningTransition(state, answer)).toBe(next);
  });

  test.each(rows.filter((r) => r.next === null))('$state --$answer--> refused (CO_SIGNING_ANSWERED)', ({ state, answer }) => {
    expect(() => coSigningTransition(state, answer)).toThrow(expect.objectContaining({ errorCode: 'CO_SIGNING_ANSWERED' }));
  });

  test.each([
    ['pending', false],
    ['confirmed', true],
    ['declined', false],
  ] as const)('an invitation %s lets its invitee see the proposal: %s', (state, sees) => {
    expect(coSigningGrantsAccess(state)).toBe(sees);
  });
});

const lead = { role: 'proposer' as const, proposerId: 'lead' };
const open = (status: ProposalStatus) => status === 'submitted' || status === 'returned';

describe('who may invite co-signers', () => {
  test.each(PROPOSAL_STATUSES.map((s) => [s, open(s)] as const))('the lead proposer, proposal %s: %s', (status, may) => {
    const refusal = coSigningInviteRefusal(lead, { status, leadProposerId: 'lead' });
    if (may) expect(refusal).toBeNull();
    else expect(refusal).toMatchObject({ errorCode: 'CO_SIGNING_CLOSED' });
  });

  it('another proposer: relation; staff: role (they enter co-proposers agreed on paper instead)', () => {
    expect(coSigningInviteRefusal({ role: 'proposer', proposerId: 'other' }, { status: 'submitted', leadProposerId: 'lead' })).toBe('relation');
    for (const role of ['admin', 'committee', 'supervisor', 'unit'] as const) {
      expect(coSigningInviteRefusal({ role }, { status: 'submitted', leadProposerId: 'lead' })).toBe('role');
    }
  });
});

describe('who may answer an invitation', () => {
  const invitation = (state: CoSigningState) => ({ proposerId: 'invitee', state });

  it('the invitee, once, while the proposal is not yet filed', () => {
    expect(coSigningAnswerRefusal({ proposerId: 'invitee' }, invitation('pending'), 'submitted')).toBeNull();
    expect(coSigningAnswerRefusal({ proposerId: 'invitee' }, invitation('confirmed'), 'submitted')).toMatchObject({ errorCode: 'CO_SIGNING_ANSWERED' });
    expect(coSigningAnswerRefusal({ proposerId: 'invitee' }, invitation('pending'), 'filed')).toMatchObject({ errorCode: 'CO_SIGNING_CLOSED' });
    expect(coSigningAnswerRefusal({ proposerId: 'someone-else' }, invitation('pending'), 'submitted')).toBe('relation');
  });
});

describe('the minimum of confirmed co-signers (rules coSigning.minConfirmed)', () => {
  const rules = { ...DEFAULT_CO_SIGNING_RULES, minConfirmed: 2 };

  test.each([
    [{ invited: 0, confirmed: 0 }, null, 'not a joint proposal'],
    [{ invited: 3, confirmed: 1 }, 'CO_SIGNERS_TOO_FEW', 'one short'],
    [{ invited: 3, confirmed: 2 }, null, 'enough'],
  ] as Array<[{ invited: number; confirmed: number }, string | null, string]>)('%j → %s (%s)', (counts, code) => {
    const refusal = coSignersShortfall(rules, counts);
    if (code) expect(refusal).toBeInstanceOf(RuleViolationError);
    expect(refusal?.errorCode ?? null).toBe(code);
  });

  it('no minimum by default', () => {
    expect(coSignersShortfall(DEFAULT_CO_SIGNING_RULES, { invited: 4, confirmed: 0 })).toBeNull();
  });

  const raw = (): Record<string, any> => JSON.parse(readFileSync(new URL('../../../config/rules.json', import.meta.url), 'utf8'));

  it('config/rules.json: no minimum, links valid 14 days; a session may ask for two', () => {
    expect(validateRules(raw()).coSigning).toEqual({ minConfirmed: 0, linkDays: 14 });
    const { coSigning: _, ...older } = raw();
    expect(validateRules(older).coSigning).toEqual(DEFAULT_CO_SIGNING_RULES);
    expect(mergeRules(validateRules(raw()), { coSigning: { minConfirmed: 2 } }).coSigning).toEqual({ minConfirmed: 2, linkDays: 14 });
  });

  it.each([
    [{ minConfirmed: -1 }, 'rules.coSigning.minConfirmed'],
    [{ linkDays: 0 }, 'rules.coSigning.linkDays'],
    [{ minimum: 2 }, 'rules.coSigning.minimum'],
  ])('refuses %j, naming %s', (coSigning, path) => {
    expect(() => validateRules({ ...raw(), coSigning })).toThrow(InvalidRulesError);
    expect(() => validateRules({ ...raw(), coSigning })).toThrow(path);
  });
});
