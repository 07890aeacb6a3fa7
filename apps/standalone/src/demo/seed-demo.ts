import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { hash } from '@node-rs/argon2';
import type { DataSource } from 'typeorm';
import { FixedClock, maySetSubmissionField, type IntakeRules } from '#domain';
import { AssignmentRow, CoSigningInvitationRow, ProposalRow, ProposerRow, SessionRow, UnitRow, UserRow } from '#persistence';
import { type Actor, AppContext, AlertThemes, type RulesProvider, loadIntakeRules } from '#kernel';
import { AnswerCoSigning, InviteCoSigners, ResubmitProposal, ReviewProposal, SubmitProposal, WithdrawProposal, ClassifyProposal } from '#intake';
import { AcceptAssignment, AssignProposal, RecordCommunication, SubmitOpinion, SubmitReply, GiveFeedback, PublishProposal, ReopenForRehandling, type AttachmentFiles } from '#handling';
import { demoData, demoReplayOrder, type DemoData, type DemoStep } from './demo-data.js';

/** The demo's files (a reply's signed letter): config/demo/, relative to the working directory as config/rules.json is. */
export const DEMO_FILES_DIR = 'config/demo';

export interface SeedResult {
  seeded: boolean;
  proposals: number;
  events: number;
}

/**
 * Loads the demo data into an empty database by replaying every step through the use cases, with
 * the clock set to the moment it happened, so the demo's deadlines and timelines are the real thing.
 * Its history is marked dispatched: the pipeline must not send 2024's emails again today — so the
 * seeder also does, at the same moment, what the intake worker does to every submitted proposal:
 * it classifies it (themes, and the category when none was given) with the intake's own rules, so
 * the demo's history is tagged as a real city's would be.
 */
export class DemoSeeder {
  constructor(
    private readonly ds: DataSource,
    private readonly rules: RulesProvider,
    private readonly intakeRules: IntakeRules = loadIntakeRules(),
    /** The attachment store: with it, No. 196's reply carries its signed letter (without it, the letter is left out). */
    private readonly files?: AttachmentFiles,
  ) {}

  async seed(data: DemoData = demoData): Promise<SeedResult> {
    if (await this.ds.manager.exists(SessionRow)) return { seeded: false, proposals: 0, events: 0 };
    const clock = new FixedClock(data.now);
    const ctx = new AppContext(this.ds, clock, this.rules, new AlertThemes(this.intakeRules));
    const ids = await this.directory(data);

    const submit = new SubmitProposal(ctx);
    const review = new ReviewProposal(ctx);
    const withdraw = new WithdrawProposal(ctx);
    const resubmit = new ResubmitProposal(ctx);
    const assign = new AssignProposal(ctx);
    const accept = new AcceptAssignment(ctx);
    const communicate = new RecordCommunication(ctx, this.files);
    const opinion = new SubmitOpinion(ctx);
    const reply = new SubmitReply(ctx, this.files);
    const feedback = new GiveFeedback(ctx);
    const reopen = new ReopenForRehandling(ctx);
    const publish = new PublishProposal(ctx);
    const invite = new InviteCoSigners(ctx);
    const answerCoSigning = new AnswerCoSigning(ctx);
    const classify = new ClassifyProposal(ctx, this.intakeRules);
    const proposalIds = new Map<string, string>();
    const byKey = new Map(data.proposals.map((p) => [p.key, p]));

    const assignmentOf = async (proposalKey: string, unitCode: string) =>
      (await this.ds.manager.findOneByOrFail(AssignmentRow, { proposalId: proposalIds.get(proposalKey)!, unitId: ids.units.get(unitCode)! })).id;
    const unitIds = (codes?: string[]) => (codes ?? []).map((c) => ids.units.get(c)!);

    for (const { proposalKey, step } of demoReplayOrder(data)) {
      clock.set(step.at);
      // 联名 through the invitation mail's signed link: its invitee, without an account.
      const viaLink = step.action === 'co_sign' && step.by === 'link';
      const actor = viaLink
        ? { kind: 'link' as const, proposerId: ids.proposers.get(step.proposerKey)!, proposalId: proposalIds.get(proposalKey)! }
        : ids.actors.get(step.by);
      if (!actor) throw new Error(`demo data: unknown user ${step.by}`);
      const p = byKey.get(proposalKey)!;
      const id = proposalIds.get(proposalKey)!;
      const s = step as DemoStep;
      switch (s.action) {
        case 'submit': {
          const sessionId = ids.sessions.get(p.sessionKey)!;
          const coProposerIds = (p.coProposerKeys ?? []).map((k) => ids.proposers.get(k)!);
          // A proposer may set neither the number nor co-signers (domain `refusedSubmissionFields`).
          const ownNumber = actor.kind === 'user' && maySetSubmissionField(actor.role, 'number');
          if (coProposerIds.length > 0 && !(actor.kind === 'user' && maySetSubmissionField(actor.role, 'coProposerIds'))) {
            throw new Error(`demo data: ${proposalKey} names co-proposers but is submitted by ${step.by}, who may not set them`);
          }
          const created = await submit.execute(actor, {
            sessionId,
            number: ownNumber ? (p.number ?? null) : null,
            title: s.title ?? p.title,
            content: s.content ?? p.content,
            leadProposerId: ids.proposers.get(p.leadProposerKey)!,
            coProposerIds,
            category: p.category,
          });
          proposalIds.set(proposalKey, created.id);
          // The real history's number, which the committee gave it: written as an import would, so that filing keeps it.
          if (!ownNumber && p.number != null) {
            await this.ds.query(`UPDATE proposals SET number = $1 WHERE id = $2`, [p.number, created.id]);
            await this.ds.query(`UPDATE sessions SET last_number = GREATEST(last_number, $1) WHERE id = $2`, [p.number, sessionId]);
          }
          await classify.execute(created.id);
          break;
        }
        case 'resubmit':
          await resubmit.execute(actor, id, { title: s.title ?? p.title, content: s.content ?? p.content });
          await classify.execute(id);
          break;
        case 'review':
          await review.execute(actor, id, { decision: s.decision, reason: s.reason, mergeIntoId: s.mergeIntoKey ? proposalIds.get(s.mergeIntoKey) : undefined });
          break;
        case 'withdraw':
          await withdraw.execute(actor, id, s.reason);
          break;
        case 'assign':
          await assign.execute(actor, id, {
            leadUnitId: s.leadUnitCode ? ids.units.get(s.leadUnitCode) : undefined,
            coUnitIds: unitIds(s.coUnitCodes),
            separateUnitIds: unitIds(s.separateUnitCodes),
            key: s.key,
            leaderName: s.leaderName,
          });
          break;
        case 'accept':
          await accept.execute(actor, await assignmentOf(proposalKey, s.unitCode));
          break;
        case 'communicate':
          await communicate.execute(actor, await assignmentOf(proposalKey, s.unitCode), { method: s.method, happenedOn: s.happenedOn, summary: s.summary });
          break;
        case 'opinion':
          await opinion.execute(actor, await assignmentOf(proposalKey, s.unitCode), { content: s.content });
          break;
        case 'reply':
          await reply.execute(actor, await assignmentOf(proposalKey, s.unitCode), {
            content: s.content, resultCategory: s.resultCategory, signedBy: s.signedBy, contactName: s.contactName, contactPhone: s.contactPhone, public: s.public,
            ...(s.letter && this.files ? { letter: demoFile(s.letter.file, s.letter.filename) } : {}),
          });
          break;
        case 'feedback': {
          const given = await feedback.execute(actor, id, { rating: s.rating, comment: s.comment });
          // What the assignment worker does on an unsatisfied rating, at the same moment.
          if (s.rating === 'unsatisfied') await reopen.execute(given.id);
          break;
        }
        case 'publish':
          await publish.execute(actor, id, { publicationIndex: s.publicationIndex });
          break;
        case 'invite':
          await invite.execute(actor, id, { proposerIds: s.proposerKeys.map((k) => ids.proposers.get(k)!) });
          break;
        case 'co_sign': {
          const invitation = await this.ds.manager.findOneByOrFail(CoSigningInvitationRow, { proposalId: id, proposerId: ids.proposers.get(s.proposerKey)! });
          await answerCoSigning.execute(actor, invitation.id, s.answer);
          break;
        }
      }
    }
    // The units' officers and leaders (单位内部流转与审签) join after the recorded history.
    for (const u of data.users.filter(joinsAfterHistory)) {
      await this.ds.manager.save(UserRow, this.ds.manager.create(UserRow, {
        username: u.username, displayName: u.displayName, title: u.title, passwordHash: await hash(u.password), role: u.role,
        unitRole: u.unitRole ?? null, email: u.email, unitId: ids.units.get(u.unitCode!)!, proposerId: null,
      }));
    }
    for (const p of data.proposals) {
      const row = await this.ds.manager.findOneByOrFail(ProposalRow, { id: proposalIds.get(p.key)! });
      if (row.status !== p.targetState) throw new Error(`demo data: ${p.key} ended in ${row.status}, expected ${p.targetState}`);
    }
    const [{ n }] = await this.ds.query(`WITH d AS (UPDATE events SET dispatched_at = now() WHERE dispatched_at IS NULL RETURNING 1) SELECT count(*)::int AS n FROM d`);
    return { seeded: true, proposals: proposalIds.size, events: n };
  }

  private async directory(data: DemoData) {
    const em = this.ds.manager;
    const sessions = new Map<string, string>();
    for (const s of data.sessions) {
      const row = await em.save(SessionRow, em.create(SessionRow, { name: s.name, body: s.body, term: s.term, meeting: s.meeting, year: s.year, openedOn: s.openedOn }));
      sessions.set(s.key, row.id);
    }
    const units = new Map<string, string>();
    for (const u of data.units) {
      const row = await em.save(UnitRow, em.create(UnitRow, { ...u }));
      units.set(u.code, row.id);
    }
    const proposers = new Map<string, string>();
    for (const p of data.proposers) {
      const row = await em.save(ProposerRow, em.create(ProposerRow, { name: p.name, kind: p.kind, body: p.body ?? 'cppcc', sector: p.sector, email: p.email, phone: p.phone }));
      proposers.set(p.key, row.id);
    }
    const actors = new Map<string, Actor>();
    for (const u of data.users.filter((x) => !joinsAfterHistory(x))) {
      const row = await em.save(
        UserRow,
        em.create(UserRow, {
          username: u.username,
          displayName: u.displayName,
          title: u.title,
          passwordHash: await hash(u.password),
          role: u.role,
          unitRole: u.role === 'unit' ? (u.unitRole ?? 'liaison') : null,
          email: u.email,
          unitId: u.unitCode ? units.get(u.unitCode)! : null,
          proposerId: u.proposerKey ? proposers.get(u.proposerKey)! : null,
        }),
      );
      actors.set(u.username, { kind: 'user', id: row.id, username: row.username, role: row.role, unitId: row.unitId, proposerId: row.proposerId });
    }
    return { sessions, units, proposers, actors };
  }
}

/** An officer or a leader of a unit: created once the history is replayed (DemoUser.unitRole). */
function joinsAfterHistory(u: DemoData['users'][number]): boolean {
  return u.role === 'unit' && (u.unitRole === 'officer' || u.unitRole === 'leader');
}

/** A file of config/demo as an upload. */
function demoFile(file: string, filename: string): { originalname: string; buffer: Buffer; size: number } {
  const buffer = readFileSync(resolve(DEMO_FILES_DIR, file));
  return { originalname: filename, buffer, size: buffer.length };
}
