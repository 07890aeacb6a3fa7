import { postOf, signOffRefusal, RuleViolationError, SIGN_OFF_ACTIONS, type AssignmentActorAction, type SignOffAction } from '#domain';
import { UNIT_ROLE_LABELS } from '#contracts';
import { AssignmentRow } from '#persistence';
import { type Actor, type Tx, ConflictError, ForbiddenError, signOffUnits } from '#kernel';

/**
 * The unit's internal flow (单位内部流转) as a use case asks it: may this unit user take this step on
 * this assignment now? The domain's `signOffRefusal` decides (the same rule as `availableActions`);
 * here it becomes the error: 403 for the wrong post (UNIT_POST_NOT_ALLOWED, NOT_THE_OFFICER), 409 for
 * a reply that needs the sign-off (SIGN_OFF_REQUIRED) or a step at the wrong stage (SIGN_OFF_STAGE).
 * Returns whether the sign-off applies to the unit.
 */
export async function requireUnitStep(tx: Tx, actor: Actor, assignment: AssignmentRow, action: AssignmentActorAction): Promise<boolean> {
  if (actor.kind !== 'user') return false;
  const applies = (await signOffUnits(tx.em, [assignment.unitId])).has(assignment.unitId);
  const facts = { state: assignment.state, role: assignment.role, signOff: { applies, stage: assignment.deskStage, officerUserId: assignment.officerUserId } };
  const who = { role: actor.role, unitId: actor.unitId, userId: actor.id, unitRole: actor.unitRole ?? null };
  const refusal = signOffRefusal(who, facts, action);
  if (!refusal) return applies;
  const post = postOf(who);
  switch (refusal.reason) {
    case 'rule':
      throw refusal.error;
    case 'relation':
      if (action === 'draft_reply' && post === 'officer') throw new ForbiddenError('Only the officer this work was given to may draft its reply', 'NOT_THE_OFFICER');
      throw new ForbiddenError(`A ${post} of the unit may not ${action.replace('_', ' ')}`, 'UNIT_POST_NOT_ALLOWED', { detail: UNIT_ROLE_LABELS[post] });
    default:
      // accept and reply: the state machine refuses them in its own words; a step of the flow here.
      if ((SIGN_OFF_ACTIONS as readonly string[]).includes(action)) {
        throw new RuleViolationError('sign_off_stage', `Cannot ${action}: ${applies ? `the work waits ${assignment.deskStage ? `for the ${assignment.deskStage}` : 'elsewhere'}` : "this unit's replies need no sign-off"}`);
      }
      return applies;
  }
}

/** Compare-and-set of an assignment's place in the unit's flow (no state change of the assignment). */
export async function moveDesk(tx: Tx, assignment: AssignmentRow, changes: Pick<Partial<AssignmentRow>, 'deskStage' | 'officerUserId'>): Promise<void> {
  const set = { ...changes, deskStageSince: changes.deskStage === null ? null : tx.now };
  const result = await tx.em
    .createQueryBuilder()
    .update(AssignmentRow)
    .set({ ...set, version: () => 'version + 1' })
    .where('id = :id AND version = :version', { id: assignment.id, version: assignment.version })
    .execute();
  if (result.affected !== 1) throw new ConflictError(`assignment ${assignment.id} was changed by someone else; reload and try again`, undefined, 'CHANGED_BY_SOMEONE_ELSE');
  Object.assign(assignment, set, { version: assignment.version + 1 });
}

export type { SignOffAction };
