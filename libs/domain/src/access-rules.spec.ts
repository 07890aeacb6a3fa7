import {
  PROPOSER_EVENT_TYPES, assignmentGrantsAccess, discloseEvent, mayListNotifications, maySetSubmissionField, refusedSubmissionFields,
} from './access-rules.js';

describe('which submission fields a role may set', () => {
  it('gives the number and the co-signers to the committee and the admin only', () => {
    for (const role of ['admin', 'committee'] as const) {
      expect(maySetSubmissionField(role, 'number')).toBe(true);
      expect(maySetSubmissionField(role, 'coProposerIds')).toBe(true);
      expect(refusedSubmissionFields(role, { number: 999999, coProposerIds: ['x'] })).toEqual([]);
    }
    for (const role of ['proposer', 'unit', 'supervisor'] as const) expect(maySetSubmissionField(role, 'number')).toBe(false);
  });

  it('names each field a proposer set; empty values set nothing', () => {
    expect(refusedSubmissionFields('proposer', { number: 999999 })).toEqual(['number']);
    expect(refusedSubmissionFields('proposer', { coProposerIds: ['x'] })).toEqual(['coProposerIds']);
    expect(refusedSubmissionFields('proposer', { number: 1, coProposerIds: ['x'] })).toEqual(['number', 'coProposerIds']);
    expect(refusedSubmissionFields('proposer', { number: null, coProposerIds: [] })).toEqual([]);
    expect(refusedSubmissionFields('proposer', {})).toEqual([]);
  });
});

describe('a unit and the proposals it handles', () => {
  it('keeps access for every live assignment state, not for one adjusted out', () => {
    for (const state of ['assigned', 'accepted', 'replied', 'opinion_submitted', 'adjustment_requested']) expect(assignmentGrantsAccess(state)).toBe(true);
    expect(assignmentGrantsAccess('removed')).toBe(false);
  });
});

describe('what a proposer reads of the record', () => {
  const event = (type: string, payload: Record<string, unknown>, actor = 'supervisor:duchashi') => ({ id: 'e', type, actor, payload, occurredAt: 't' });

  it('lists no notifications to a proposer; staff and units list them', () => {
    expect(mayListNotifications('proposer')).toBe(false);
    for (const role of ['admin', 'committee', 'supervisor', 'unit'] as const) expect(mayListNotifications(role)).toBe(true);
  });

  it.each([
    'supervision.note_added', 'supervision.notice_issued', 'supervision.notice_responded', 'supervision.notice_withdrawn', 'proposal.key_designated',
    'assignment.adjustment_requested', 'assignment.adjustment_approved', 'assignment.adjustment_rejected', 'assignment.extension_requested',
    'assignment.extension_rejected', 'opinion.submitted', 'deadline.reminder_due', 'deadline.overdue', 'deadline.escalated', 'deadline.expired',
    'deadline.recomputed', 'proposal.classified', 'proposal.duplicates_found', 'notification.dead', 'notification.resent', 'some.future_event',
  ])('keeps %s from a proposer', (type) => {
    expect(discloseEvent('proposer', event(type, { note: '内部' }))).toBeNull();
    expect(discloseEvent('supervisor', event(type, { note: '内部' }))).not.toBeNull();
  });

  it('shows a proposer the course of their proposal, with only the listed fields and who acted by role', () => {
    for (const t of ['proposal.submitted', 'proposal.filed', 'proposal.assigned', 'reply.submitted', 'feedback.received', 'proposal.closed', 'proposal.published']) {
      expect(PROPOSER_EVENT_TYPES).toContain(t);
    }
    const assigned = discloseEvent('proposer', event('proposal.assigned', { assignments: [{ id: 'a', unitId: 'u', role: 'lead', extra: 1 }], key: true, leaderName: '副市长' }, 'committee:tianwei'));
    expect(assigned).toEqual({ id: 'e', type: 'proposal.assigned', actor: 'committee', payload: { assignments: [{ id: 'a', unitId: 'u', role: 'lead' }] }, occurredAt: 't' });
    const reassigned = discloseEvent('proposer', event('assignment.reassigned', { requestId: 'r', fromUnitId: 'u1', toUnitId: 'u2', toAssignmentId: 'a2', role: 'lead' }, 'system:assignment-worker'));
    expect(reassigned?.payload).toEqual({ fromUnitId: 'u1', toUnitId: 'u2', toAssignmentId: 'a2', role: 'lead' });
    expect(reassigned?.actor).toBe('system');
  });

  it('gives staff and units the event whole', () => {
    const e = event('proposal.assigned', { key: true, leaderName: '副市长' });
    expect(discloseEvent('unit', e)).toBe(e);
  });
});
