/**
 * A small SMTP client over node:net / node:tls (RFC 5321): EHLO, optional STARTTLS (RFC 3207),
 * optional AUTH PLAIN, MAIL, RCPT, DATA, QUIT — one message per connection, which is what a
 * county's few hundred notices a day need. Plain (port 25 inside the county's network),
 * implicit TLS (465, `secure`) or STARTTLS (587, `startTls`: a server that does not offer it
 * gets nothing — the message is never sent in the clear when the county asked for encryption).
 * Certificates are verified against the system's roots (or `ca`). The worker sees only `MailTransport`, so a maintained
 * client (nodemailer) can replace this file without touching the worker.
 *
 * The message is text/plain UTF-8 in base64, the subject as RFC 2047 encoded words, so Chinese
 * text travels through any 7-bit server. Addresses are refused if they contain CR, LF, < or >
 * (no header or command injection from a user's preferences).
 */
import { isIP, connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { DeliveryFailure } from './delivery-failure.ts';

export interface MailMessage {
  from: string;
  to: string;
  subject: string;
  text: string;
  /** Unique per delivery (the idempotency key), for the Message-ID header. */
  messageId: string;
  date: Date;
}

export interface MailTransport {
  send(message: MailMessage): Promise<void>;
}

export interface SmtpOptions {
  host: string;
  port: number;
  secure?: boolean;
  /** Upgrade a plain connection with STARTTLS before anything else is said; refuse if the server does not offer it. */
  startTls?: boolean;
  /** Extra trusted certificate(s) in PEM (a county's own mail server; tests). */
  ca?: string;
  user?: string | null;
  password?: string | null;
  /** The name said in EHLO; default "congress-flow". */
  clientName?: string;
  timeoutMs?: number;
}

const UNSAFE_ADDRESS = /[\r\n<>]/;

export function smtpTransport(opts: SmtpOptions): MailTransport {
  return { send: (m) => sendMail(opts, m) };
}

async function sendMail(opts: SmtpOptions, m: MailMessage): Promise<void> {
  if (UNSAFE_ADDRESS.test(m.from) || UNSAFE_ADDRESS.test(m.to)) throw new DeliveryFailure('NO_ADDRESS');
  const session = await SmtpSession.open(opts);
  try {
    await session.expect(null, [220]);
    const name = opts.clientName ?? 'congress-flow';
    const ehlo = await session.command(`EHLO ${name}`, [250, 500, 502]);
    if (opts.startTls && !opts.secure) {
      if (ehlo !== 250 || !session.lastReply.some((l) => /^STARTTLS\b/i.test(l.slice(4)))) throw new DeliveryFailure('STARTTLS_UNAVAILABLE');
      await session.command('STARTTLS', [220]);
      await session.upgrade(opts);
      // RFC 3207: forget what was learnt before the upgrade and greet again.
      await session.command(`EHLO ${name}`, [250]);
    } else if (ehlo !== 250) await session.command(`HELO ${name}`, [250]);
    if (opts.user) {
      const plain = Buffer.from(`\0${opts.user}\0${opts.password ?? ''}`).toString('base64');
      await session.command(`AUTH PLAIN ${plain}`, [235]);
    }
    await session.command(`MAIL FROM:<${m.from}>`, [250]);
    await session.command(`RCPT TO:<${m.to}>`, [250, 251]);
    await session.command('DATA', [354]);
    await session.command(`${dotStuff(formatMessage(m))}\r\n.`, [250]);
    await session.command('QUIT', [221]).catch(() => undefined);
  } finally {
    session.close();
  }
}

/** Headers and base64 body, CRLF line ends. */
export function formatMessage(m: MailMessage): string {
  const body = Buffer.from(m.text.replace(/\r?\n/g, '\r\n'), 'utf8').toString('base64').replace(/.{76}(?=.)/g, '$&\r\n');
  return [
    `From: ${m.from}`,
    `To: ${m.to}`,
    `Subject: ${encodeWords(m.subject)}`,
    `Date: ${m.date.toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <${m.messageId.replace(/[^A-Za-z0-9.-]/g, '')}@congress-flow>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: base64',
    '',
    body,
  ].join('\r\n');
}

/** RFC 2047 B-encoded words of at most 15 characters each (≤ 60 bytes of UTF-8, one folded line each). */
export function encodeWords(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text)) return text;
  const chars = [...text];
  const words: string[] = [];
  for (let i = 0; i < chars.length; i += 15) words.push(`=?UTF-8?B?${Buffer.from(chars.slice(i, i + 15).join(''), 'utf8').toString('base64')}?=`);
  return words.join('\r\n ');
}

/** SNI names a host, never an address (RFC 6066); the certificate is still checked against either. */
function serverName(host: string): { servername?: string } {
  return isIP(host) ? {} : { servername: host };
}

function dotStuff(data: string): string {
  return data.replace(/(^|\r\n)\./g, '$1..');
}

/** One connection: sends a line, waits for the (possibly multi-line) reply and checks its code. */
class SmtpSession {
  private buffer = '';
  private waiting: ((reply: { code: number } | Error) => void) | null = null;
  private failure: Error | null = null;
  private lines: string[] = [];
  /** The text lines of the last reply (after the code), e.g. the EHLO capabilities. */
  lastReply: string[] = [];

  private constructor(private socket: Socket) {
    this.listen(socket);
  }

  private listen(socket: Socket): void {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => this.onData(chunk));
    socket.on('error', (err) => this.fail(err));
    socket.on('close', () => this.fail(new DeliveryFailure('CONNECTION_LOST')));
    socket.on('timeout', () => {
      this.fail(new DeliveryFailure('TIMEOUT'));
      socket.destroy();
    });
  }

  /** STARTTLS accepted: the same connection continues under TLS (the plain socket's listeners go). */
  upgrade(opts: SmtpOptions): Promise<void> {
    const plain = this.socket;
    for (const event of ['data', 'error', 'close', 'timeout'] as const) plain.removeAllListeners(event);
    return new Promise((resolve, reject) => {
      const secure = tlsConnect({ socket: plain, host: opts.host, ...serverName(opts.host), ...(opts.ca ? { ca: opts.ca } : {}) });
      secure.setTimeout(opts.timeoutMs ?? 30_000);
      const onError = (err: Error) => reject(new DeliveryFailure('TLS_FAILED', null, { cause: err }));
      secure.once('error', onError);
      secure.once('secureConnect', () => {
        secure.off('error', onError);
        this.socket = secure;
        this.listen(secure);
        resolve();
      });
    });
  }

  static open(opts: SmtpOptions): Promise<SmtpSession> {
    return new Promise((resolve, reject) => {
      const socket = opts.secure ? tlsConnect({ host: opts.host, port: opts.port, ...serverName(opts.host), ...(opts.ca ? { ca: opts.ca } : {}) }) : netConnect({ host: opts.host, port: opts.port });
      socket.setTimeout(opts.timeoutMs ?? 30_000);
      const session = new SmtpSession(socket);
      const onError = (err: Error) => reject(err);
      socket.once('error', onError);
      socket.once(opts.secure ? 'secureConnect' : 'connect', () => {
        socket.off('error', onError);
        resolve(session);
      });
    });
  }

  /** Send `line` (none for the greeting) and return the reply code if it is one of `accept`. */
  async command(line: string, accept: number[]): Promise<number> {
    return this.expect(line, accept);
  }

  async expect(line: string | null, accept: number[]): Promise<number> {
    const reply = new Promise<{ code: number } | Error>((resolve) => {
      this.waiting = resolve;
      this.flush();
    });
    if (line !== null) this.socket.write(`${line}\r\n`);
    const r = await reply;
    if (r instanceof Error) throw r;
    if (!accept.includes(r.code)) throw new DeliveryFailure(r.code >= 400 && r.code < 600 ? 'SMTP_REJECTED' : 'SMTP_PROTOCOL', String(r.code));
    return r.code;
  }

  close(): void {
    this.socket.destroy();
  }

  private onData(chunk: string): void {
    this.buffer += chunk;
    let at: number;
    while ((at = this.buffer.indexOf('\r\n')) >= 0) {
      this.lines.push(this.buffer.slice(0, at));
      this.buffer = this.buffer.slice(at + 2);
    }
    this.flush();
  }

  /** A reply ends at a line "NNN " (or "NNN" alone); "NNN-" lines continue it. */
  private flush(): void {
    if (!this.waiting) return;
    const end = this.lines.findIndex((l) => /^\d{3}( |$)/.test(l));
    if (end < 0) {
      if (this.failure) this.deliver(this.failure);
      else if (this.lines.some((l) => !/^\d{3}[ -]?/.test(l))) this.deliver(new DeliveryFailure('SMTP_PROTOCOL'));
      return;
    }
    const code = Number(this.lines[end]!.slice(0, 3));
    this.lastReply = this.lines.slice(0, end + 1);
    this.lines = this.lines.slice(end + 1);
    this.deliver({ code });
  }

  private deliver(r: { code: number } | Error): void {
    const w = this.waiting;
    this.waiting = null;
    w?.(r);
  }

  private fail(err: Error): void {
    this.failure ??= err;
    this.flush();
  }
}
