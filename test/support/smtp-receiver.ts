/**
 * A tiny SMTP server on loopback for tests (node:net; no package): answers EHLO, STARTTLS (when
 * given a key and certificate), AUTH PLAIN, MAIL, RCPT, DATA and QUIT, and keeps each message with its envelope and its decoded To and
 * Subject (RFC 2047 B-words) and text body (base64). `reject` makes RCPT TO of an address
 * answer 550, as a server that does not know the mailbox.
 */
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { TLSSocket } from 'node:tls';

export interface ReceivedMail {
  mailFrom: string;
  rcptTo: string[];
  auth: string | null;
  /** Whether the message came over a connection upgraded with STARTTLS. */
  tls: boolean;
  to: string;
  subject: string;
  text: string;
  raw: string;
}

export interface SmtpReceiver {
  port: number;
  mails: ReceivedMail[];
  reject: Set<string>;
  /** Every command verb received, in order (to see that nothing was said before STARTTLS). */
  verbs: string[];
  close(): Promise<void>;
}

export async function startSmtpReceiver(opts: { tls?: { key: string; cert: string } } = {}): Promise<SmtpReceiver> {
  const verbs: string[] = [];
  const mails: ReceivedMail[] = [];
  const reject = new Set<string>();
  const sockets = new Set<Socket>();
  const server = createServer((plain) => {
    sockets.add(plain);
    plain.on('close', () => sockets.delete(plain));
    let socket: Socket = plain;
    let secure = false;
    socket.setEncoding('utf8');
    let buffer = '';
    let inData = false;
    let data: string[] = [];
    let envelope = { mailFrom: '', rcptTo: [] as string[], auth: null as string | null };
    const say = (line: string) => socket.write(`${line}\r\n`);
    say('220 test.local ESMTP');
    const onData = (chunk: string) => {
      buffer += chunk;
      let at: number;
      while ((at = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, at);
        buffer = buffer.slice(at + 2);
        if (inData) {
          if (line === '.') {
            inData = false;
            const raw = data.map((l) => (l.startsWith('..') ? l.slice(1) : l)).join('\r\n');
            mails.push({ ...envelope, tls: secure, ...parseMessage(raw), raw });
            envelope = { mailFrom: '', rcptTo: [], auth: envelope.auth };
            data = [];
            say('250 2.0.0 queued');
          } else data.push(line);
          continue;
        }
        const verb = line.slice(0, 8).toUpperCase() === 'STARTTLS' ? 'STARTTLS' : line.slice(0, 4).toUpperCase();
        verbs.push(verb);
        if (verb === 'EHLO') {
          say('250-test.local');
          if (opts.tls && !secure) say('250-STARTTLS');
          say('250 AUTH PLAIN');
        } else if (verb === 'STARTTLS' && opts.tls && !secure) {
          say('220 2.0.0 ready to start TLS');
          plain.removeListener('data', onData);
          const upgraded = new TLSSocket(plain, { isServer: true, key: opts.tls.key, cert: opts.tls.cert });
          upgraded.setEncoding('utf8');
          upgraded.on('data', onData);
          upgraded.on('error', () => plain.destroy());
          socket = upgraded;
          secure = true;
          buffer = '';
          return;
        } else if (verb === 'AUTH') {
          envelope.auth = Buffer.from(line.split(' ')[2] ?? '', 'base64').toString('utf8');
          say('235 2.7.0 ok');
        } else if (verb === 'MAIL') {
          envelope.mailFrom = /<(.*)>/.exec(line)?.[1] ?? '';
          say('250 ok');
        } else if (verb === 'RCPT') {
          const to = /<(.*)>/.exec(line)?.[1] ?? '';
          if (reject.has(to)) say('550 5.1.1 no such mailbox');
          else {
            envelope.rcptTo.push(to);
            say('250 ok');
          }
        } else if (verb === 'DATA') {
          inData = true;
          say('354 go ahead');
        } else if (verb === 'QUIT') {
          say('221 bye');
          socket.end();
        } else say('502 command not recognised');
      }
    };
    socket.on('data', onData);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    mails,
    reject,
    verbs,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function parseMessage(raw: string): { to: string; subject: string; text: string } {
  const [head = '', body = ''] = raw.split('\r\n\r\n');
  const unfolded = head.replace(/\r\n[ \t]/g, ' ');
  const header = (name: string) => new RegExp(`^${name}: (.*)$`, 'im').exec(unfolded)?.[1] ?? '';
  const subject = header('Subject').replace(/=\?UTF-8\?B\?([^?]*)\?=\s*/g, (_, b64: string) => `\u0000${b64}\u0000`);
  const decoded = subject.split('\u0000').map((part, i) => (i % 2 === 1 ? Buffer.from(part, 'base64') : Buffer.from(part, 'utf8')));
  return { to: header('To'), subject: Buffer.concat(decoded).toString('utf8'), text: Buffer.from(body.replace(/\r\n/g, ''), 'base64').toString('utf8') };
}
