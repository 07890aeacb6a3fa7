import type { AssignmentActorAction } from '#domain';

/**
 * What the proposal page puts at its top (概况): the next steps this person may take, in the order a
 * working day takes them, and which form is open. Forms are folded (<details>) and open on demand:
 * the first step that moves the proposal on is open; a refused form, or one asked for by `?open=`
 * (the links of 下一步, which work without JavaScript), is open instead.
 */
export interface NextStep {
  /** The id of the form's panel (`<details id="{form}-panel">`) and of the form itself. */
  form: string;
  label: string;
  /** A step that moves the proposal on (审查, 交办, 签收, 答复…), as opposed to an occasional one (沟通, 申请调整…). */
  main: boolean;
}

/** A unit's assignment with a flag per action of the domain's availableActions (domain actions). */
type UnitSteps = { a: { id: string; role: string } } & Record<AssignmentActorAction, boolean>;

/** The proposal page's flags, each one of the domain's availableActions (ProposalPagesController.permissions). */
export interface PagePermissions {
  review: boolean;
  assign: boolean;
  rate: boolean;
  publish: boolean;
  resubmit: boolean;
  withdraw: boolean;
  supervise: boolean;
  mine: UnitSteps[];
}

export function nextSteps(can: PagePermissions, role: string): NextStep[] {
  const steps: NextStep[] = [];
  const add = (on: boolean, form: string, label: string, main: boolean) => on && steps.push({ form, label, main });
  add(can.review, 'review', '立案审查', true);
  add(can.assign, 'assign', '交办', true);
  for (const m of can.mine) {
    add(m.accept, `accept-${m.a.id}`, '签收', true);
    // The unit's internal flow (单位内部流转与审签): each post's own step.
    add(m.assign_officer, `officer-${m.a.id}`, '分派经办人', true);
    add(m.draft_reply, `draft-${m.a.id}`, '答复拟稿（报分管领导审签）', true);
    add(m.approve_reply, `signoff-${m.a.id}`, '审签答复', true);
    add(m.reply, `reply-${m.a.id}`, '答复', true);
    add(m.opinion, `opinion-${m.a.id}`, '提交协办意见', true);
  }
  add(can.rate, 'feedback-form', role === 'proposer' ? '评价答复' : '代录回执', true);
  add(can.publish, 'publish', '公开答复', true);
  add(can.resubmit, 'resubmit', '修改后重新提交', true);
  for (const m of can.mine) {
    add(m.communicate, `communicate-${m.a.id}`, '记录沟通协商', false);
    add(m.adjust, `adjust-${m.a.id}`, '申请调整', false);
    add(m.extend, `extend-${m.a.id}`, '申请延期', false);
  }
  add(can.supervise, 'supervise', '记录督办意见', false);
  add(can.withdraw, 'withdraw', '撤回', false);
  return steps;
}

/** The form shown open: a refused one first (its typed text is in it), then the one asked for, then the first main step. */
export function openForm(steps: NextStep[], refusedForm: string | undefined, asked: unknown): string | null {
  if (refusedForm) return refusedForm;
  if (typeof asked === 'string' && steps.some((s) => s.form === asked)) return asked;
  return steps.find((s) => s.main)?.form ?? null;
}
