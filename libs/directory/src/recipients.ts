import type { Recipient } from '#domain';

/**
 * Who is told, worked out from plain data: no database, no templates. Who is told is data, not
 * config (docs/design.md, "Events and routing"): "the supervision office" is every unit of kind `supervision` (its
 * `email`; its `headEmail` is the supervision leader), "the committee" every unit of kind
 * `committee`, and a unit's head is its `headEmail`.
 */

export interface ContactUnit {
  id: string;
  code: string;
  name: string;
  kind: 'department' | 'committee' | 'supervision';
  email: string | null;
  headName: string | null;
  headEmail: string | null;
  contactName: string | null;
  contactPhone: string | null;
  /** 短信 and group robots (migration NotificationChannels): null where the directory has none. */
  mobile?: string | null;
  headMobile?: string | null;
  wecomWebhook?: string | null;
  dingtalkWebhook?: string | null;
  active: boolean;
}

export interface ContactProposer {
  id: string;
  name: string;
  kind: 'member' | 'group';
  email: string | null;
  mobile?: string | null;
}

/** One person or mailbox to write to; `email` is null when the directory has none (the row is skipped). */
export interface Addressee {
  /** Unique within an event and stable across re-runs: it becomes part of the notification's dedupe key. */
  key: string;
  recipient: Recipient;
  email: string | null;
  name: string;
  /** The unit written to (for `unit_head`, `supervision_leader`: the head's unit). */
  unit: ContactUnit | null;
  /** The proposer written to, for `proposer`. */
  proposer?: ContactProposer;
}

/** The active units of one kind, in a stable order. */
export function unitsOfKind(units: readonly ContactUnit[], kind: ContactUnit['kind']): ContactUnit[] {
  return units.filter((u) => u.kind === kind && u.active).sort((a, b) => a.code.localeCompare(b.code));
}

/** What a deadline stage needs to know to find its recipients. */
export interface StageAudience {
  notify: readonly Recipient[];
  /** The unit whose deadline it is, and its assignment; null for a proposal's own deadlines (feedback, publication). */
  unit: ContactUnit | null;
  assignmentId: string | null;
  /** The proposal's live lead assignment, if any. */
  lead: { assignmentId: string; unit: ContactUnit } | null;
  leadProposer: ContactProposer | null;
  /** Every unit of the directory (the committee and the supervision office are found among them). */
  units: readonly ContactUnit[];
}

/**
 * The recipients of a fired deadline stage, per its `notify` list: unit → the assignment's unit;
 * unit_head → that unit's head; lead_unit → the lead assignment's unit; supervision → every
 * supervision unit; supervision_leader → every supervision unit's head; proposer → the lead
 * proposer; committee → every committee unit. A recipient that cannot be found at all (a `unit`
 * stage of a deadline without an assignment) is returned with a null email, so it is logged.
 */
export function stageAddressees(a: StageAudience): Addressee[] {
  const out: Addressee[] = [];
  for (const recipient of new Set(a.notify)) {
    switch (recipient) {
      case 'unit':
        out.push(
          a.unit
            ? { key: `unit:${a.assignmentId ?? a.unit.id}`, recipient, email: a.unit.email, name: a.unit.name, unit: a.unit }
            : { key: 'unit:none', recipient, email: null, name: '承办单位', unit: null },
        );
        break;
      case 'unit_head':
        out.push(
          a.unit
            ? { key: `unit_head:${a.unit.id}`, recipient, email: a.unit.headEmail, name: a.unit.headName ?? `${a.unit.name}负责人`, unit: a.unit }
            : { key: 'unit_head:none', recipient, email: null, name: '承办单位负责人', unit: null },
        );
        break;
      case 'lead_unit':
        out.push(
          a.lead
            ? { key: `lead_unit:${a.lead.assignmentId}`, recipient, email: a.lead.unit.email, name: a.lead.unit.name, unit: a.lead.unit }
            : { key: 'lead_unit:none', recipient, email: null, name: '主办单位', unit: null },
        );
        break;
      case 'supervision':
        for (const u of unitsOfKind(a.units, 'supervision')) out.push({ key: `supervision:${u.id}`, recipient, email: u.email, name: u.name, unit: u });
        break;
      case 'supervision_leader':
        for (const u of unitsOfKind(a.units, 'supervision')) {
          out.push({ key: `supervision_leader:${u.id}`, recipient, email: u.headEmail, name: u.headName ?? `${u.name}负责同志`, unit: u });
        }
        break;
      case 'proposer':
        out.push(
          a.leadProposer
            ? { key: `proposer:${a.leadProposer.id}`, recipient, email: a.leadProposer.email, name: a.leadProposer.name, unit: null, proposer: a.leadProposer }
            : { key: 'proposer:none', recipient, email: null, name: '提案者', unit: null },
        );
        break;
      case 'committee':
        for (const u of unitsOfKind(a.units, 'committee')) out.push({ key: `committee:${u.id}`, recipient, email: u.email, name: u.name, unit: u });
        break;
    }
  }
  return out;
}

/** An address worth writing to: trimmed, non-empty. */
export function usableEmail(email: string | null | undefined): string | null {
  const e = email?.trim();
  return e ? e : null;
}

/** The cc list of a mail: usable, unique (case-insensitively) and without the recipient itself. */
export function cleanCc(to: string, cc: readonly (string | null | undefined)[]): string[] {
  const seen = new Set([to.toLowerCase()]);
  const out: string[] = [];
  for (const raw of cc) {
    const email = usableEmail(raw);
    if (!email || seen.has(email.toLowerCase())) continue;
    seen.add(email.toLowerCase());
    out.push(email);
  }
  return out;
}

/**
 * How proposers are addressed in a letter: '陈刚正委员' (CPPCC member), '孙志强代表' (NPC deputy),
 * a group by its name; several are joined with '、'.
 */
export function addressProposers(proposers: readonly Pick<ContactProposer, 'name' | 'kind'>[], npc: boolean): string {
  return proposers.map((p) => (p.kind === 'group' ? p.name : `${p.name}${npc ? '代表' : '委员'}`)).join('、');
}

/** One mail of an event, addressed and cc'd, before it becomes a row. */
export interface AddressedMail {
  /** The recipient's usable address. */
  to: string;
  cc: string[];
  type: string;
  subject: string;
  text: string;
}

/**
 * One event reaches one address once. Of an event's mails, in order:
 * - a mail with the same address, template (type) and content as an earlier one is dropped, its cc
 *   merged into the earlier one's (e.g. a supervision office whose leader's address is its own gets
 *   one 升级督办, not two);
 * - an address that is the recipient of one of the event's mails is not also copied on another
 *   (a 营商环境 proposal's 超期预警: the supervision office gets its own alert, not also the unit's in
 *   cc). Mails with the same address but other content (two units' reply letters) all stay.
 * The survivors keep their order, so their dedupe keys are the same on every run.
 */
export function mergePerAddress<M extends AddressedMail>(mails: readonly M[]): M[] {
  const kept: M[] = [];
  const byContent = new Map<string, M>();
  for (const m of mails) {
    const id = JSON.stringify([m.to.toLowerCase(), m.type, m.subject, m.text]);
    const earlier = byContent.get(id);
    if (earlier) {
      earlier.cc = cleanCc(earlier.to, [...earlier.cc, ...m.cc]);
      continue;
    }
    const copy = { ...m, cc: [...m.cc] };
    byContent.set(id, copy);
    kept.push(copy);
  }
  const recipients = new Set(kept.map((m) => m.to.toLowerCase()));
  return kept.map((m) => ({ ...m, cc: m.cc.filter((c) => !recipients.has(c.toLowerCase())) }));
}
