import { planAdjustment } from './assignment-state.js';

const lead = { unitId: 'jiaoyu', role: 'lead' as const };

describe('planAdjustment (申请调整 → 同意调整)', () => {
  it('gives a lead to a unit not yet on the proposal; the requester leaves unless it asked to stay as co-handler', () => {
    expect(planAdjustment({ requester: lead, keepAsCo: false, targetUnitId: 'xzsp', target: null })).toEqual({ ok: true, plan: { displacesTarget: false, requesterBecomesCo: false } });
    expect(planAdjustment({ requester: lead, keepAsCo: true, targetUnitId: 'xzsp', target: null })).toEqual({ ok: true, plan: { displacesTarget: false, requesterBecomesCo: true } });
  });

  it('swaps a lead and its co-handler: the co-handler takes the lead, in any state but its own pending adjustment', () => {
    for (const state of ['assigned', 'accepted', 'opinion_submitted'] as const) {
      expect(planAdjustment({ requester: lead, keepAsCo: true, targetUnitId: 'xzsp', target: { role: 'co', state } })).toEqual({ ok: true, plan: { displacesTarget: true, requesterBecomesCo: true } });
    }
    expect(planAdjustment({ requester: lead, keepAsCo: false, targetUnitId: 'xzsp', target: { role: 'co', state: 'accepted' } })).toEqual({ ok: true, plan: { displacesTarget: true, requesterBecomesCo: false } });
    expect(planAdjustment({ requester: lead, keepAsCo: false, targetUnitId: 'xzsp', target: { role: 'co', state: 'adjustment_requested' } })).toMatchObject({ ok: false, refusal: 'target_adjusting' });
  });

  it('refuses a unit already on the proposal in a role that cannot take the requester’s', () => {
    expect(planAdjustment({ requester: lead, keepAsCo: false, targetUnitId: 'fagai', target: { role: 'separate', state: 'accepted' } })).toEqual({ ok: false, refusal: 'already_assigned', targetRole: 'separate' });
    const co = { unitId: 'xzsp', role: 'co' as const };
    expect(planAdjustment({ requester: co, keepAsCo: false, targetUnitId: 'jiaoyu', target: { role: 'lead', state: 'accepted' } })).toEqual({ ok: false, refusal: 'already_assigned', targetRole: 'lead' });
    const separate = { unitId: 'fagai', role: 'separate' as const };
    expect(planAdjustment({ requester: separate, keepAsCo: false, targetUnitId: 'xzsp', target: { role: 'co', state: 'accepted' } })).toEqual({ ok: false, refusal: 'already_assigned', targetRole: 'co' });
    // A removed assignment is history, not a role.
    expect(planAdjustment({ requester: separate, keepAsCo: false, targetUnitId: 'xzsp', target: { role: 'co', state: 'removed' } })).toMatchObject({ ok: true });
  });

  it('refuses the requesting unit itself, and staying on as co-handler for a unit that does not lead or names no new lead', () => {
    expect(planAdjustment({ requester: lead, keepAsCo: false, targetUnitId: 'jiaoyu', target: { role: 'lead', state: 'adjustment_requested' } })).toEqual({ ok: false, refusal: 'own_unit' });
    expect(planAdjustment({ requester: { unitId: 'xzsp', role: 'co' }, keepAsCo: true, targetUnitId: 'fagai', target: null })).toEqual({ ok: false, refusal: 'keep_as_co_not_lead' });
    expect(planAdjustment({ requester: lead, keepAsCo: true, targetUnitId: null, target: null })).toEqual({ ok: false, refusal: 'keep_as_co_without_unit' });
  });
});
