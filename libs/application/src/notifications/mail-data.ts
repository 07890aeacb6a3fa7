import { In, type EntityManager } from 'typeorm';
import type { MailContext, MailProposal, MailUnit } from '#mail';
import { CoProposerRow, ProposalRow, ProposerRow, SessionRow, UnitRow } from '#persistence';
import { addressProposers, unitsOfKind, type ContactProposer, type ContactUnit } from './recipients.js';

/** A proposal as the notifications need it: its row, session, proposers (lead first) and its mail form. */
export interface ProposalForMail {
  row: ProposalRow;
  session: SessionRow;
  npc: boolean;
  leadProposer: ContactProposer | null;
  /** The lead proposer, then the co-proposers in their order. */
  proposers: ContactProposer[];
  mail: MailProposal;
}

export async function loadUnits(em: EntityManager): Promise<ContactUnit[]> {
  const rows = await em.find(UnitRow, { order: { code: 'ASC' } });
  return rows.map((u) => ({
    id: u.id,
    code: u.code,
    name: u.name,
    kind: u.kind,
    email: u.email,
    headName: u.headName,
    headEmail: u.headEmail,
    contactName: u.contactName,
    contactPhone: u.contactPhone,
    active: u.active,
  }));
}

export function mailUnit(unit: ContactUnit): MailUnit {
  return { name: unit.name, contactName: unit.contactName, contactPhone: unit.contactPhone };
}

/** Loads several proposals with their sessions and proposers in a few queries. */
export async function loadProposalsForMail(em: EntityManager, ids: readonly string[]): Promise<Map<string, ProposalForMail>> {
  const out = new Map<string, ProposalForMail>();
  const unique = [...new Set(ids)];
  if (unique.length === 0) return out;
  const proposals = await em.findBy(ProposalRow, { id: In(unique) });
  if (proposals.length === 0) return out;
  const sessions = new Map((await em.findBy(SessionRow, { id: In([...new Set(proposals.map((p) => p.sessionId))]) })).map((s) => [s.id, s]));
  const co = await em.find(CoProposerRow, { where: { proposalId: In(proposals.map((p) => p.id)) }, order: { position: 'ASC' } });
  const proposerIds = [...new Set([...proposals.map((p) => p.leadProposerId), ...co.map((c) => c.proposerId)])];
  const proposers = new Map((await em.findBy(ProposerRow, { id: In(proposerIds) })).map((p) => [p.id, p]));
  const contact = (p: ProposerRow): ContactProposer => ({ id: p.id, name: p.name, kind: p.kind, email: p.email });
  for (const row of proposals) {
    const session = sessions.get(row.sessionId);
    if (!session) continue;
    const npc = session.body === 'npc';
    const lead = proposers.get(row.leadProposerId);
    const all = [lead, ...co.filter((c) => c.proposalId === row.id).map((c) => proposers.get(c.proposerId))].filter((p): p is ProposerRow => !!p);
    out.set(row.id, {
      row,
      session,
      npc,
      leadProposer: lead ? contact(lead) : null,
      proposers: all.map(contact),
      mail: {
        id: row.id,
        sessionName: session.name,
        number: row.number,
        title: row.title,
        key: row.key,
        leaderName: row.leaderName,
        themes: row.themes ?? [],
        proposers: addressProposers(all, npc) || '提案者',
      },
    });
  }
  return out;
}

/**
 * The templates' context: links start at the public URL, dates are as of `now`, and the office
 * names are the directory's own (the first supervision unit; for a CPPCC proposal the first
 * committee unit — NPC suggestions keep the templates' default committee name).
 */
export function mailContext(publicUrl: string, now: Date, units: readonly ContactUnit[], proposal?: ProposalForMail | null): MailContext {
  const ctx: MailContext = { publicUrl, now };
  const office = unitsOfKind(units, 'supervision')[0];
  if (office) ctx.supervisionOffice = office.name;
  const committee = unitsOfKind(units, 'committee')[0];
  if (committee && proposal && !proposal.npc) ctx.committee = committee.name;
  return ctx;
}
