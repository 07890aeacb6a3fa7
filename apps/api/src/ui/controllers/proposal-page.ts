import { Inject, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { AttachmentQueries, ProposalPageQueries, ProposalQueries, proposalActionsFor, type AttachmentView, type ProposalExtras } from '#handling';
import { CoSigningQueries, IntakeQueries } from '#intake';
import { Units } from '#directory';
import { ASSIGNMENT_ACTOR_ACTIONS, attachPermission, isAnswerDeadline, type AssignmentActorAction, type ProposalActorAction } from '#domain';
import { describeError } from '../errors.js';
import type { FormBody } from '../forms.js';
import { COMMUNICATION_METHOD_LABELS, RATING_LABELS, REVIEW_DECISION_LABELS } from '../labels.js';
import { nextSteps, openForm } from '../next-steps.js';
import { Ui, type UiRequest, type UserActor } from '../ui.service.js';

type ProposalView = Awaited<ReturnType<ProposalQueries['get']>>;

/** What a failed form brings back to the page: which form, why, and what was typed. */
export interface FormState {
  form: string;
  message: string;
  values: FormBody;
}


/**
 * The proposal page (提案详情) as one screen: its read models (the file as the API gives it, the
 * timeline, the mails, the page's extras, the intake's suggestions) rendered with the forms the
 * user's role allows, and the round trip of every form on it (`act`). The page's controllers
 * (proposal-pages, proposal-actions, unit-actions) share it.
 */
@Injectable()
export class ProposalPage {
  constructor(
    @Inject(Ui) private readonly ui: Ui,
    @Inject(ProposalQueries) private readonly queries: ProposalQueries,
    @Inject(ProposalPageQueries) private readonly page: ProposalPageQueries,
    @Inject(Units) private readonly units: Units,
    @Inject(IntakeQueries) private readonly intake: IntakeQueries,
    @Inject(AttachmentQueries) private readonly attachments: AttachmentQueries,
    @Inject(CoSigningQueries) private readonly coSigning: CoSigningQueries,
  ) {}

  async render(req: UiRequest, res: Response, id: string, state?: FormState, status = 200): Promise<void> {
    const actor = this.ui.user(req);
    // Visibility is the application's: another unit's proposal is a 404 here as in the API.
    const p = await this.queries.get(actor, id);
    // The timeline and the mails as the application discloses them to this role (the API's rule too).
    const [events, notifications, extras, { resultCategories, attachments: attachmentRules }, attachments] = await Promise.all([
      // Of the file just read: its visibility is checked, the proposal is not read again.
      this.queries.eventsOf(actor, p),
      this.queries.notificationsOf(actor, p),
      this.page.extras(p),
      this.page.sessionRules(p.sessionId),
      this.attachments.listForFile(actor, p),
    ]);
    // 附件 by what they belong to (the proposal, a reply, a communication): what this reader may see of them.
    const files: Record<string, AttachmentView[]> = {};
    for (const a of attachments) (files[a.ownerId] ??= []).push(a);
    const myUnit = actor.role === 'unit' && actor.unitId ? await this.units.get(actor, actor.unitId) : null;
    const now = this.ui.now();
    const can = this.permissions(actor, p, now, extras);
    // 并入的提案's picker is in the filing review form only: read (up to 300 proposals) when that form is shown.
    const merge = can.review ? await this.page.mergeTargets(p.sessionId, p.id) : [];
    // 分派经办人: the unit's officers, for the liaison's picker.
    const unitOfficers = actor.unitId && can.mine.some((m) => m.assign_officer) ? await this.page.unitOfficers(actor.unitId) : [];
    // The intake's 并案 suggestions at filing review and its ranked units at assignment (docs/intake.md).
    const [similar, routing] = await Promise.all([
      can.review ? this.intake.similar(actor, id) : Promise.resolve(null),
      can.assign ? this.intake.routingSuggestions(actor, id) : Promise.resolve(null),
    ]);
    // 联名情况: the lead proposer's and the staff's (filing review reads who confirmed).
    const readsCoSigning = ['admin', 'committee', 'supervisor'].includes(actor.role) || (actor.role === 'proposer' && p.leadProposerId === actor.proposerId);
    const coSigning = readsCoSigning ? await this.coSigning.forProposal(actor, id) : null;
    const mergeSuggestions = similar ? similar.items.filter((s) => s.duplicate) : [];
    // 概况: the next steps and the nearest running deadline (a unit's own), at the top of the page.
    const steps = nextSteps(can, actor.role);
    const mineIds = new Set(can.mine.map((m) => m.a.id));
    const nearest = p.deadlines
      .filter((d) => d.status === 'open' && (actor.role !== 'unit' || (d.assignmentId !== null && mineIds.has(d.assignmentId))))
      // An adjustment window past its day is over (the sweep settles it), not a deadline still to meet.
      .filter((d) => !(d.kind === 'adjustment' && d.dueAt !== null && new Date(d.dueAt).getTime() < now.getTime()))
      .sort((x, y) => String(x.dueAt).localeCompare(String(y.dueAt)))[0] ?? null;
    // A suggested target is always among the picker's choices (the picker lists at most 300).
    for (const s of mergeSuggestions) {
      if (s.mergeable && s.mergeIntoId && !merge.some((t) => t.id === s.mergeIntoId)) {
        const target = s.mergeIntoId === s.proposalId ? s : null;
        merge.push({ id: s.mergeIntoId, number: target?.number ?? null, title: target?.title ?? '（并案目标）' });
      }
    }
    this.ui.page(
      req,
      res,
      'proposal',
      {
        p,
        events,
        notifications,
        ...extras,
        mergeTargets: merge,
        coSigning,
        mergeSuggestions,
        similarPending: similar?.status === 'pending',
        similarThreshold: similar?.threshold,
        routing: routing?.items ?? [],
        resultCategories,
        unitOfficers,
        files,
        attachmentRules,
        can,
        steps,
        openForm: openForm(steps, state?.form, req.query.open),
        nearest,
        myUnit,
        state,
        today: now.toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }),
        methods: Object.entries(COMMUNICATION_METHOD_LABELS).map(([code, label]) => ({ code, label })),
        ratings: Object.entries(RATING_LABELS).map(([code, label]) => ({ code, label })),
        decisions: Object.entries(REVIEW_DECISION_LABELS).map(([code, label]) => ({ code, label })),
      },
      status,
    );
  }

  /**
   * Which forms to show: the domain's availableActions (who may do what), the same rule the use
   * cases check and `GET /api/v1/proposals/:id/actions` answers, so the page offers exactly what the
   * API accepts. Here it is only shaped for the template (a flag per form, the unit's per assignment).
   */
  private permissions(actor: UserActor, p: ProposalView, now: Date, extras: ProposalExtras) {
    const pending = new Set<string>(extras.extensions.filter((r) => r.status === 'pending').map((r) => String(r.assignment_id)));
    const actions = proposalActionsFor(actor, p, pending, now);
    const may = (action: ProposalActorAction) => actions.some((x) => x.action === action);
    const onAssignment = (id: string, action: AssignmentActorAction) => actions.some((x) => x.action === action && 'assignmentId' in x && x.assignmentId === id);
    const mine = actor.role === 'unit'
      ? p.assignments
          .filter((a) => a.unitId === actor.unitId && a.state !== 'removed')
          .map((a) => {
            const window = p.deadlines.find((d) => d.kind === 'adjustment' && d.assignmentId === a.id && d.status === 'open');
            const answer = p.deadlines.find((d) => d.assignmentId === a.id && d.status === 'open' && isAnswerDeadline(d.kind));
            return {
              a,
              answer,
              adjustmentDueOn: window?.dueOn ?? null,
              ...(Object.fromEntries(ASSIGNMENT_ACTOR_ACTIONS.map((action) => [action, onAssignment(a.id, action)])) as Record<AssignmentActorAction, boolean>),
            };
          })
      : [];
    const can = {
      review: may('review'),
      withdraw: may('withdraw'),
      resubmit: may('resubmit'),
      assign: may('assign'),
      rate: may('rate'),
      publish: may('publish'),
      decide: may('decide_request'),
      supervise: may('note'),
      contacts: actor.role !== 'proposer',
      // 附件材料: the domain's rule, the one UploadAttachment applies.
      attach: attachPermission(actor, { type: 'proposal', proposalStatus: p.status }) === 'allowed',
      mine,
    };
    const any = actions.some((x) => x.action !== 'decide_request');
    return { ...can, any };
  }

  /** Runs a form's action; on success back to the page with a message, on a refusal the page again with the form as typed. */
  async act(req: UiRequest, res: Response, proposalId: string, form: string, fn: (actor: UserActor) => Promise<string>): Promise<void> {
    const actor = this.ui.user(req);
    try {
      const done = await fn(actor);
      this.ui.redirect(res, `/proposals/${proposalId}`, { kind: 'ok', text: done });
    } catch (e) {
      const { status, message } = describeError(e);
      // Not found / not allowed / not signed in / broken: the error page, not the form.
      if (status >= 500 || [401, 403, 404].includes(status)) throw e;
      await this.render(req, res, proposalId, { form, message, values: req.body as FormBody }, status);
    }
  }
}
