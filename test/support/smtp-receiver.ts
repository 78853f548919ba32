/**
 * A tiny SMTP server on loopback for tests (node:net; no package): answers EHLO, AUTH PLAIN,
 * MAIL, RCPT, DATA and QUIT, and keeps each message with its envelope and its decoded To and
 * Subject (RFC 2047 B-words) and text body (base64). `reject` makes RCPT TO of an address
 * answer 550, as a server that does not know the mailbox.
 */
import { createServer, type AddressInfo, type Socket } from 'node:net';

export interface ReceivedMail {
  mailFrom: string;
  rcptTo: string[];
  auth: string | null;
  to: string;
  subject: string;
  text: string;
  raw: string;
}

export interface SmtpReceiver {
  port: number;
  mails: ReceivedMail[];
  reject: Set<string>;
  close(): Promise<void>;
}

export async function startSmtpReceiver(): Promise<SmtpReceiver> {
  const mails: ReceivedMail[] = [];
  const reject = new Set<string>();
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.setEncoding('utf8');
    let buffer = '';
    let inData = false;
    let data: string[] = [];
    let envelope = { mailFrom: '', rcptTo: [] as string[], auth: null as string | null };
    const say = (line: string) => socket.write(`${line}\r\n`);
    say('220 test.local ESMTP');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      let at: number;
      while ((at = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, at);
        buffer = buffer.slice(at + 2);
        if (inData) {
          if (line === '.') {
            inData = false;
            const raw = data.map((l) => (l.startsWith('..') ? l.slice(1) : l)).join('\r\n');
            mails.push({ ...envelope, ...parseMessage(raw), raw });
            envelope = { mailFrom: '', rcptTo: [], auth: envelope.auth };
            data = [];
            say('250 2.0.0 queued');
          } else data.push(line);
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO') {
          say('250-test.local');
          say('250 AUTH PLAIN');
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
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    mails,
    reject,
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
