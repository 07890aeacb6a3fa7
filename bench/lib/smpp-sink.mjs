// The SMPP sink of the SMS burst: a real SMPP server (the `smpp` package's, as in the tests) in a
// child process, so that its CPU is measured apart (and excluded from the targets, as the SMTP
// sink is). It binds any account, answers every submit_sm with a message id, joins the parts of a
// long SMS by their UDH, records when the last part of each SMS arrived, and sends a delivery
// receipt (deliver_sm, stat:DELIVRD) for every part, as an operator's gateway does. Parts are
// joined by (number, concatenation reference, total): two long SMS to the same number in flight at
// once with the same 8-bit reference (1 in 256) are joined wrongly, as a handset would; the count
// of parts (submits) is exact.

import { forkSink } from './child-sink.mjs';
import { fileURLToPath } from 'node:url';

async function serve() {
  const { default: smpp } = await import('smpp');
  /** @type {Array<[number, string, string]>} [deliveredAt, to, text] */
  let records = [];
  let submits = 0;
  let next = 1;
  const pending = new Map();
  const server = smpp.createServer((session) => {
    session.on('error', () => undefined);
    session.on('bind_transceiver', (pdu) => session.send(pdu.response()));
    session.on('enquire_link', (pdu) => session.send(pdu.response()));
    session.on('unbind', (pdu) => {
      session.send(pdu.response());
      session.close();
    });
    session.on('submit_sm', (pdu) => {
      const id = `M${next++}`;
      submits++;
      session.send(pdu.response({ message_id: id }));
      const sm = pdu.short_message;
      const udh = sm.udh?.[0] ? [...sm.udh[0]] : null;
      // [0x08 (16-bit concatenation), 4, ref hi, ref lo, total, n] or [0x00 (8-bit), 3, ref, total, n].
      const wide = udh?.[0] === 0x08;
      const key = udh ? `${pdu.destination_addr}:${wide ? udh[2] * 256 + udh[3] : udh[2]}:${udh[wide ? 4 : 3]}` : `${pdu.destination_addr}:${id}`;
      const total = udh ? udh[wide ? 4 : 3] : 1;
      const entry = pending.get(key) ?? { parts: new Map(), total };
      entry.parts.set(udh ? udh[wide ? 5 : 4] : 1, sm.message);
      pending.set(key, entry);
      if (entry.parts.size === entry.total) {
        pending.delete(key);
        const text = [...entry.parts.entries()].sort((a, b) => a[0] - b[0]).map(([, t]) => t).join('');
        records.push([Date.now(), String(pdu.destination_addr), text]);
      }
      session.deliver_sm({
        source_addr: pdu.destination_addr,
        destination_addr: pdu.source_addr,
        esm_class: 0x04,
        short_message: `id:${id} sub:001 dlvrd:001 submit date:2405291000 done date:2405291000 stat:DELIVRD err:000 text:`,
      });
    });
  });
  server.listen(0, '127.0.0.1', () => process.send({ type: 'ready', port: server.address().port }));
  process.on('message', (msg) => {
    if (msg.type === 'take') {
      const out = records;
      records = [];
      process.send({ type: 'take', id: msg.id, records: out, submits });
    } else if (msg.type === 'close') server.close(() => process.exit(0));
  });
  process.on('disconnect', () => process.exit(0));
}

/** Starts the sink in a child process: `url` to give Duban (SMPP_URL), `take()` the SMS received since the last take. */
export async function startSmppSink() {
  const { child, port, ask, close } = await forkSink(fileURLToPath(import.meta.url), 'smpp sink');
  return {
    url: `smpp://duban:bench@127.0.0.1:${port}`,
    pid: child.pid,
    take: async () => (await ask('take')).records,
    /** Every submit_sm (one per part) taken since the sink started. */
    submits: async () => (await ask('take')).submits,
    close: () => close(2000),
  };
}

if (process.argv[2] === '--serve') await serve();
