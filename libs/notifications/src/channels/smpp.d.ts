/** The part of the `smpp` package (no types of its own) Duban uses: a client session, and a server for tests. */
declare module 'smpp' {
  import type { EventEmitter } from 'node:events';
  import type { Server as NetServer } from 'node:net';

  export interface Pdu {
    command: string;
    command_status: number;
    sequence_number: number;
    message_id?: string;
    esm_class?: number;
    system_id?: string;
    password?: string;
    destination_addr?: string;
    source_addr?: string;
    data_coding?: number;
    short_message?: { udh?: Buffer[] | Buffer; message: string | Buffer } | Buffer | string;
    response(options?: Record<string, unknown>): Pdu;
  }

  export class PDU implements Pdu {
    constructor(command: string, options?: Record<string, unknown>);
    command: string;
    command_status: number;
    sequence_number: number;
    response(options?: Record<string, unknown>): Pdu;
  }

  export interface Session extends EventEmitter {
    send(pdu: Pdu, responseCallback?: (pdu: Pdu) => void, sendCallback?: (pdu: Pdu) => void): boolean;
    close(callback?: () => void): void;
    destroy(callback?: () => void): void;
    pause(): void;
    resume(): void;
    bind_transceiver(options: Record<string, unknown>, callback: (pdu: Pdu) => void): boolean;
    submit_sm(options: Record<string, unknown>, callback: (pdu: Pdu) => void): boolean;
    deliver_sm(options: Record<string, unknown>, callback?: (pdu: Pdu) => void): boolean;
    unbind(options?: Record<string, unknown>, callback?: (pdu: Pdu) => void): boolean;
  }

  export interface Server extends NetServer {
    sessions: Session[];
  }

  export function connect(options: { url: string; auto_enquire_link_period?: number; connectTimeout?: number }, listener?: () => void): Session;
  export function createServer(listener: (session: Session) => void): Server;

  export const ESME_ROK: number;
  export const ESME_RBINDFAIL: number;
  export const ESME_RSYSERR: number;
  export const ESME_RTHROTTLED: number;

  const smpp: {
    connect: typeof connect;
    createServer: typeof createServer;
    PDU: typeof PDU;
    ESME_ROK: number;
    ESME_RBINDFAIL: number;
    ESME_RSYSERR: number;
    ESME_RTHROTTLED: number;
  };
  export default smpp;
}
