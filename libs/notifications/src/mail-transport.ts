import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';

/** One email as it leaves Duban. */
export interface OutgoingMail {
  from: string;
  to: string;
  cc: string[];
  subject: string;
  text: string;
  html: string;
  /** `<…@duban>`: the same notification always carries the same Message-ID. */
  messageId: string;
  dedupeKey: string;
}

export interface SentMail {
  /** `smtp`: handed to the server; `file`: written as an .eml file. */
  via: 'smtp' | 'file';
  /** The .eml file, for `file`. */
  path?: string;
  /** Addresses the SMTP server refused while accepting the others. */
  rejected?: string[];
}

/** A file name for a dedupe key: letters, digits, '.', '_' and '-' only. */
export function safeFileName(dedupeKey: string): string {
  return dedupeKey.replace(/[^A-Za-z0-9._-]+/g, '_');
}

/** What both transports answer: a stream transport's `message`, an SMTP server's `rejected`. */
type Sender = Transporter<{ message?: unknown; rejected?: unknown[] }>;

/**
 * How emails leave: with `SMTP_URL`, through that server over a small pool of kept-open connections
 * (a fresh connection per message — connect, greeting, EHLO, QUIT — cost more CPU than the message
 * itself: docs/performance.md); a dead server still fails fast (10 s to connect and to be greeted),
 * and a connection the server drops is replaced. Without `SMTP_URL`, each message is written to
 * `${mailDir}/${safe dedupe key}.eml`, so a laptop or a test sees every mail as a file.
 */
export class MailTransport {
  private constructor(
    private readonly sender: Sender,
    readonly via: 'smtp' | 'file',
    private readonly mailDir: string | null,
  ) {}

  static fromConfig(config: { smtpUrl?: string | null; mailDir: string }): MailTransport {
    return config.smtpUrl ? MailTransport.smtp(config.smtpUrl) : MailTransport.files(config.mailDir);
  }

  static smtp(url: string): MailTransport {
    const sender = nodemailer.createTransport({
      url,
      pool: true,
      maxConnections: 4,
      maxMessages: 500,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
    return new MailTransport(sender, 'smtp', null);
  }

  static files(mailDir: string): MailTransport {
    const sender = nodemailer.createTransport({ streamTransport: true, buffer: true });
    return new MailTransport(sender, 'file', mailDir);
  }

  async send(mail: OutgoingMail): Promise<SentMail> {
    const message: SendMailOptions = {
      from: mail.from,
      to: mail.to,
      ...(mail.cc.length ? { cc: mail.cc } : {}),
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      messageId: mail.messageId,
      headers: { 'X-Duban-Dedupe-Key': mail.dedupeKey },
      // Chinese text in base64: a third larger than the UTF-8, where quoted-printable makes each
      // character nine bytes (=E4=BA=A4), and cheaper to encode (nodemailer's QP pass was the largest
      // item of the notification worker's profile after the socket writes).
      textEncoding: 'base64',
    };
    const info = await this.sender.sendMail(message);
    if (this.via === 'smtp') {
      const rejected = (info.rejected ?? []).map(String);
      return rejected.length ? { via: 'smtp', rejected } : { via: 'smtp' };
    }
    const dir = this.mailDir!;
    await mkdir(dir, { recursive: true });
    const path = join(dir, `${safeFileName(mail.dedupeKey)}.eml`);
    // Written aside and renamed, so that a crash never leaves half a message under the final name.
    const partial = `${path}.${process.pid}.part`;
    await writeFile(partial, info.message as Buffer);
    await rename(partial, path);
    return { via: 'file', path };
  }

  close(): void {
    this.sender.close();
  }

  /** Nest calls this when the process shuts down: the pooled connections are closed politely (QUIT). */
  onApplicationShutdown(): void {
    this.close();
  }
}
