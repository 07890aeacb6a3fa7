import type { AssignmentRow } from '#persistence';
import { iso } from '#kernel';

export function assignmentView(a: AssignmentRow) {
  return { id: a.id, proposalId: a.proposalId, unitId: a.unitId, role: a.role, state: a.state, assignedAt: iso(a.assignedAt), acceptedAt: iso(a.acceptedAt), officerUserId: a.officerUserId, deskStage: a.deskStage, deskStageSince: iso(a.deskStageSince) };
}
