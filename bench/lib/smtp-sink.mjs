// The SMTP sink: an in-process `smtp-server` that accepts every message and records, for each,
// when its DATA ended (Date.now(), the delivery time), its Message-ID and its X-Duban-Dedupe-Key.
//
// Run as a child process (`startSink()` below) so that its clock readings are not delayed by the
// load generator's event loop; it talks to its parent over IPC.

import { forkSink } from './child-sink.mjs';
import { fileURLToPath } from 'node:url';

const HEADER_END = Buffer.from('\r\n\r\n');

function headerValue(headers, name) {
  const m = new RegExp(`^${name}:[ \\t]*(.*(?:\\r\\n[ \\t].*)*)`, 'im').exec(headers);
  return m ? m[1].replace(/\r\n[ \t]+/g, ' ').trim() : null;
}

async function serve() {
  const { SMTPServer } = await import('smtp-server');
  /** @type {Array<[number, string|null, string|null, number]>} [deliveredAt, messageId, dedupeKey, recipients] */
  let records = [];
  let total = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 10 * 1024 * 1024,
    maxClients: 1000,
    closeTimeout: 500,
    onData(stream, session, callback) {
      let head = Buffer.alloc(0);
      let done = false;
      stream.on('data', (chunk) => {
        if (done) return;
        head = Buffer.concat([head, chunk]);
        if (head.indexOf(HEADER_END) >= 0 || head.length > 64 * 1024) done = true;
      });
      stream.on('end', () => {
        const at = Date.now();
        const end = head.indexOf(HEADER_END);
        const headers = head.subarray(0, end >= 0 ? end : head.length).toString('utf8');
        const id = headerValue(headers, 'Message-ID');
        records.push([at, id ? id.replace(/^<|>$/g, '') : null, headerValue(headers, 'X-Duban-Dedupe-Key'), session.envelope.rcptTo.length]);
        total++;
        callback();
      });
    },
  });
  server.on('error', (e) => process.send?.({ type: 'error', message: e.message }));
  server.listen(0, '127.0.0.1', () => process.send({ type: 'ready', port: server.server.address().port }));
  process.on('message', (msg) => {
    if (msg.type === 'count') process.send({ type: 'count', id: msg.id, total });
    else if (msg.type === 'take') {
      const out = records;
      records = [];
      process.send({ type: 'take', id: msg.id, records: out });
    } else if (msg.type === 'close') server.close(() => process.exit(0));
  });
  process.on('disconnect', () => process.exit(0));
}

/** Starts the sink in a child process. */
export async function startSink() {
  const { child, port, ask, close } = await forkSink(fileURLToPath(import.meta.url), 'smtp sink');
  return {
    pid: child.pid,
    port,
    url: `smtp://127.0.0.1:${port}`,
    /** Messages received since the sink started. */
    count: async () => (await ask('count')).total,
    /** The records since the last take: [deliveredAt, messageId, dedupeKey, recipients]. */
    take: async () => (await ask('take')).records,
    close: () => close(5000),
  };
}

if (process.argv.includes('--serve')) await serve();
