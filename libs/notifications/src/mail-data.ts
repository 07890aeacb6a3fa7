import { In, type EntityManager } from 'typeorm';
import type { MailContext, MailProposal, MailUnit } from '#mail';
import { ProposalRow, SessionRow, UnitRow } from '#persistence';
import { addressProposers, unitsOfKind, type ContactProposer, type ContactUnit } from '#directory';

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

/**
 * A user's own mobile, where the directory has none for the unit or proposer it belongs to: SMS
 * reach a unit without a 短信手机 at its first active user's mobile (its contact's desk), and a
 * proposer without one at their own account's. Written in SQL for the proposers' (one statement
 * with the signers), here for the units'.
 */
const UNIT_USER_MOBILES = `SELECT DISTINCT ON (unit_id) unit_id, mobile FROM users
   WHERE unit_id IS NOT NULL AND active AND nullif(btrim(mobile), '') IS NOT NULL ORDER BY unit_id, created_at, id`;

export async function loadUnits(em: EntityManager): Promise<ContactUnit[]> {
  const rows = await em.find(UnitRow, { order: { code: 'ASC' } });
  const userMobiles = new Map(((await em.query(UNIT_USER_MOBILES)) as Array<{ unit_id: string; mobile: string }>).map((r) => [r.unit_id, r.mobile]));
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
    mobile: u.mobile?.trim() ? u.mobile : (userMobiles.get(u.id) ?? null),
    headMobile: u.headMobile,
    wecomWebhook: u.wecomWebhook,
    dingtalkWebhook: u.dingtalkWebhook,
    active: u.active,
  }));
}

export function mailUnit(unit: ContactUnit): MailUnit {
  return { name: unit.name, contactName: unit.contactName, contactPhone: unit.contactPhone };
}

/** Loads several proposals with their sessions and proposers in three queries. */
export async function loadProposalsForMail(em: EntityManager, ids: readonly string[]): Promise<Map<string, ProposalForMail>> {
  const out = new Map<string, ProposalForMail>();
  const unique = [...new Set(ids)];
  if (unique.length === 0) return out;
  const proposals = await em.findBy(ProposalRow, { id: In(unique) });
  if (proposals.length === 0) return out;
  const sessions = new Map((await em.findBy(SessionRow, { id: In([...new Set(proposals.map((p) => p.sessionId))]) })).map((s) => [s.id, s]));
  // Every proposal's signers in order, the lead first (position -1), in one round trip.
  const signers: Array<{ proposal_id: string } & ContactProposer> = await em.query(
    `SELECT x.proposal_id, pr.id, pr.name, pr.kind, pr.email,
            coalesce(nullif(btrim(pr.mobile), ''), (SELECT us.mobile FROM users us WHERE us.proposer_id = pr.id AND us.active
                                                   AND nullif(btrim(us.mobile), '') IS NOT NULL ORDER BY us.created_at, us.id LIMIT 1)) AS mobile
       FROM (SELECT id AS proposal_id, -1 AS position, lead_proposer_id AS proposer_id FROM proposals WHERE id = ANY($1::uuid[])
             UNION ALL
             SELECT proposal_id, position, proposer_id FROM proposal_co_proposers WHERE proposal_id = ANY($1::uuid[])) x
       JOIN proposers pr ON pr.id = x.proposer_id
      ORDER BY x.proposal_id, x.position`,
    [proposals.map((p) => p.id)],
  );
  const signersOf = new Map<string, ContactProposer[]>();
  for (const { proposal_id, ...signer } of signers) signersOf.set(proposal_id, [...(signersOf.get(proposal_id) ?? []), signer]);
  for (const row of proposals) {
    const session = sessions.get(row.sessionId);
    if (!session) continue;
    const npc = session.body === 'npc';
    const all = signersOf.get(row.id) ?? [];
    const lead = all.find((p) => p.id === row.leadProposerId) ?? null;
    out.set(row.id, {
      row,
      session,
      npc,
      leadProposer: lead,
      proposers: all,
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
