import type { AddressInfo } from 'node:net';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface SmtpSink {
  url: string;
  port: number;
  received: ParsedMail[];
  /** Addresses whose mail is refused (550). */
  refused: Set<string>;
  /** Refuse every recipient (550) while true. */
  refuseAll: boolean;
  /** Stops listening (the server is "down") until `start()`. */
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
  to(address: string): ParsedMail[];
  /** How many messages arrived per X-Duban-Dedupe-Key: every value must be 1. */
  countsByDedupeKey(): Map<string, number>;
}

export const addresses = (a: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(a) ? a : a ? [a] : []).flatMap((x) => x.value.map((v) => v.address ?? ''));

export const dedupeKeyOf = (m: ParsedMail): string => String(m.headers.get('x-duban-dedupe-key') ?? '');

/** A real SMTP server in this process, on 127.0.0.1, collecting parsed messages. */
export async function startSmtpSink(): Promise<SmtpSink> {
  const received: ParsedMail[] = [];
  const refused = new Set<string>();
  const state = { refuseAll: false };
  let port = 0;
  const make = () =>
    new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      // Duban keeps pooled connections open: stopping must not wait the default 30 s for them to
      // leave. While closing, every new command is refused (421) at once; the 2 s let a message whose
      // data was already sent be answered before its connection is cut — cut earlier, it is stored
      // here while the sender never hears 250, and sent again (a duplicate the sink would report).
      closeTimeout: 2000,
      onRcptTo(address, _session, callback) {
        if (state.refuseAll || refused.has(address.address)) return callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
        callback();
      },
      onData(stream, _session, callback) {
        simpleParser(stream).then((mail) => {
          received.push(mail);
          callback();
        }, callback);
      },
    });
  // A client that dies mid-session (a killed worker's pooled connection) resets its socket: the
  // server reports it as an 'error' event, which unheard would crash the test process.
  const made = () => make().on('error', () => undefined);
  let server = made();
  const listen = () => new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  await listen();
  port = (server.server.address() as AddressInfo).port;
  const close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    received,
    refused,
    get refuseAll() {
      return state.refuseAll;
    },
    set refuseAll(value: boolean) {
      state.refuseAll = value;
    },
    stop: close,
    async start() {
      server = made();
      await listen();
    },
    close,
    to: (address) => received.filter((m) => addresses(m.to).includes(address) || addresses(m.cc).includes(address)),
    countsByDedupeKey() {
      const counts = new Map<string, number>();
      for (const m of received) counts.set(dedupeKeyOf(m), (counts.get(dedupeKeyOf(m)) ?? 0) + 1);
      return counts;
    },
  };
}
