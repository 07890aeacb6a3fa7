import type { AddressInfo } from 'node:net';
import smpp, { type Pdu, type Server, type Session } from 'smpp';

/** One SMS as the handset would show it: its parts joined. */
export interface ReceivedSms {
  to: string;
  from: string;
  text: string;
  parts: number;
  /** The message ids this SMSC answered, one per part. */
  ids: string[];
}

export interface SmppSink {
  url: string;
  received: ReceivedSms[];
  /** Every submit_sm, one per part, as it arrived. */
  submits: Array<{ to: string; udh: number[] | null; text: string; dataCoding: number }>;
  /** Refuse every submit_sm (ESME_RSYSERR) while true. */
  refuseAll: boolean;
  /** Stops listening and drops every session (the SMSC is "down") until `start()`. */
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
  to(mobile: string): ReceivedSms[];
}

/**
 * A real SMPP server (the `smpp` package's) in this process, on 127.0.0.1: binds the given account,
 * answers submit_sm with message ids, joins the parts of a long SMS by their UDH, and sends a
 * delivery receipt (deliver_sm, esm_class 0x04, stat:DELIVRD) for every part it took.
 */
export async function startSmppSink(account = { systemId: 'duban', password: 'secret12' }): Promise<SmppSink> {
  const received: ReceivedSms[] = [];
  const submits: SmppSink['submits'] = [];
  const pending = new Map<string, { parts: Map<number, string>; ids: string[]; total: number }>();
  const state = { refuseAll: false, next: 1 };
  let port = 0;
  let server: Server;
  const sessions = new Set<Session>();
  const make = () =>
    smpp.createServer((session: Session) => {
      sessions.add(session);
      session.on('close', () => sessions.delete(session));
      session.on('error', () => sessions.delete(session));
      session.on('bind_transceiver', (pdu: Pdu) => {
        const ok = pdu.system_id === account.systemId && pdu.password === account.password;
        session.send(pdu.response(ok ? {} : { command_status: smpp.ESME_RBINDFAIL }));
        if (!ok) session.close();
      });
      session.on('enquire_link', (pdu: Pdu) => session.send(pdu.response()));
      session.on('unbind', (pdu: Pdu) => {
        session.send(pdu.response());
        session.close();
      });
      session.on('submit_sm', (pdu: Pdu) => {
        if (state.refuseAll) {
          session.send(pdu.response({ command_status: smpp.ESME_RSYSERR }));
          return;
        }
        const id = `M${state.next++}`;
        session.send(pdu.response({ message_id: id }));
        const sm = pdu.short_message as { udh?: Buffer[]; message: string };
        // The package answers the UDH's information elements without its length byte: [0x08 (16-bit
        // concatenation), 4, ref hi, ref lo, total, n] or [0x00 (8-bit), 3, ref, total, n]. Joined as a handset joins them.
        const udh = sm.udh?.[0] ? [...sm.udh[0]] : null;
        submits.push({ to: String(pdu.destination_addr), udh, text: sm.message, dataCoding: pdu.data_coding ?? 0 });
        const wide = udh?.[0] === 0x08;
        const ref = udh ? (wide ? udh[2]! * 256 + udh[3]! : udh[2]!) : null;
        const key = udh ? `${pdu.destination_addr}:${ref}` : `${pdu.destination_addr}:${id}`;
        const total = udh ? udh[wide ? 4 : 3]! : 1;
        const entry = pending.get(key) ?? { parts: new Map<number, string>(), ids: [], total };
        entry.parts.set(udh ? udh[wide ? 5 : 4]! : 1, sm.message);
        entry.ids.push(id);
        pending.set(key, entry);
        if (entry.parts.size === entry.total) {
          pending.delete(key);
          const text = [...entry.parts.entries()].sort((a, b) => a[0] - b[0]).map(([, t]) => t).join('');
          received.push({ to: String(pdu.destination_addr), from: String(pdu.source_addr), text, parts: entry.total, ids: entry.ids });
        }
        setTimeout(() => {
          session.deliver_sm({
            source_addr: pdu.destination_addr,
            destination_addr: pdu.source_addr,
            esm_class: 0x04,
            short_message: `id:${id} sub:001 dlvrd:001 submit date:2406261500 done date:2406261500 stat:DELIVRD err:000 text:`,
          });
        }, 20);
      });
    });
  const listen = () =>
    new Promise<void>((resolve) => {
      server = make();
      server.listen(port, '127.0.0.1', () => {
        port = (server.address() as AddressInfo).port;
        resolve();
      });
    });
  const stop = async () => {
    for (const s of sessions) s.destroy();
    sessions.clear();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  await listen();
  return {
    get url() {
      return `smpp://${account.systemId}:${account.password}@127.0.0.1:${port}`;
    },
    received,
    submits,
    get refuseAll() {
      return state.refuseAll;
    },
    set refuseAll(v: boolean) {
      state.refuseAll = v;
    },
    stop,
    start: listen,
    close: stop,
    to: (mobile) => received.filter((m) => m.to === mobile),
  };
}
