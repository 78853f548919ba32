/**
 * Why one delivery attempt failed, as a stable code (stored in deliveries.last_error_code) and
 * a short technical detail (an HTTP status, an SMTP reply code); the words people read come from
 * `failureWords`, never from an exception's message (which may quote addresses or bodies).
 */
export const FAILURE_CODES = [
  'NOT_CONFIGURED',
  'NO_ADDRESS',
  'CONNECTION_REFUSED',
  'TIMEOUT',
  'HOST_NOT_FOUND',
  'CONNECTION_LOST',
  'HTTP_STATUS',
  'SMTP_REJECTED',
  'SMTP_PROTOCOL',
  'STARTTLS_UNAVAILABLE',
  'TLS_FAILED',
  'PROVIDER_REFUSED',
  'UNKNOWN',
] as const;
export type FailureCode = (typeof FAILURE_CODES)[number];

export class DeliveryFailure extends Error {
  readonly code: FailureCode;
  readonly detail: string | null;
  constructor(code: FailureCode, detail: string | null = null, options?: { cause?: unknown }) {
    super(detail === null ? code : `${code} ${detail}`, options);
    this.name = 'DeliveryFailure';
    this.code = code;
    this.detail = detail;
  }
}

/** A network error of node (ECONNREFUSED, …) or anything thrown, as a failure with a code. */
export function asFailure(err: unknown): DeliveryFailure {
  if (err instanceof DeliveryFailure) return err;
  let e: unknown = err;
  // fetch wraps the socket's error in `cause`; follow up to 3 links.
  for (let i = 0; i < 3 && e !== null && typeof e === 'object'; i++) {
    const code = (e as { code?: unknown }).code;
    const name = (e as { name?: unknown }).name;
    if (code === 'ECONNREFUSED') return new DeliveryFailure('CONNECTION_REFUSED', null, { cause: err });
    if (code === 'ETIMEDOUT' || name === 'TimeoutError' || name === 'AbortError') return new DeliveryFailure('TIMEOUT', null, { cause: err });
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new DeliveryFailure('HOST_NOT_FOUND', null, { cause: err });
    if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET') return new DeliveryFailure('CONNECTION_LOST', null, { cause: err });
    e = (e as { cause?: unknown }).cause;
  }
  return new DeliveryFailure('UNKNOWN', null, { cause: err });
}

const CHANNEL_WORDS: Record<string, { zh: string; en: string }> = {
  email: { zh: '邮件服务器', en: 'the mail server' },
  webhook: { zh: '短信/微信网关', en: 'the SMS/WeChat gateway' },
  sms: { zh: '短信服务商', en: 'the SMS provider' },
};

/** The failure in words, for the admin's dead-letter list. */
export function failureWords(channel: string, code: string | null, detail: string | null): { zh: string; en: string } {
  const to = CHANNEL_WORDS[channel] ?? { zh: '接收方', en: 'the receiver' };
  switch (code) {
    case 'NOT_CONFIGURED':
      return { zh: `本县尚未设置${to.zh}`, en: `The county has not set up ${to.en}` };
    case 'NO_ADDRESS':
      return channel === 'email'
        ? { zh: '收件人没有填写电子邮箱', en: 'The recipient has no email address' }
        : { zh: '收件人没有填写手机号码', en: 'The recipient has no mobile number' };
    case 'CONNECTION_REFUSED':
      return { zh: `无法连接${to.zh}（对方拒绝连接）`, en: `Could not connect to ${to.en} (connection refused)` };
    case 'TIMEOUT':
      return { zh: `${to.zh}长时间没有应答`, en: `${to.en} did not answer in time` };
    case 'HOST_NOT_FOUND':
      return { zh: `找不到${to.zh}的地址`, en: `The address of ${to.en} was not found` };
    case 'CONNECTION_LOST':
      return { zh: `与${to.zh}的连接中断`, en: `The connection to ${to.en} broke off` };
    case 'HTTP_STATUS':
      return { zh: `${to.zh}拒收，返回状态 ${detail ?? '?'}`, en: `${to.en} refused it with status ${detail ?? '?'}` };
    case 'SMTP_REJECTED':
      return { zh: `邮件服务器拒收，答复 ${detail ?? '?'}`, en: `The mail server refused it, replying ${detail ?? '?'}` };
    case 'SMTP_PROTOCOL':
      return { zh: '邮件服务器的答复无法识别', en: 'The mail server answered something unexpected' };
    case 'STARTTLS_UNAVAILABLE':
      return { zh: '邮件服务器不支持 STARTTLS 加密，未发送（请改用 SSL 端口或关闭 STARTTLS 设置）', en: 'The mail server does not offer STARTTLS; nothing was sent (use the SSL port or turn the STARTTLS setting off)' };
    case 'TLS_FAILED':
      return { zh: `与${to.zh}建立加密连接失败（证书不受信任或协议不符）`, en: `The encrypted connection to ${to.en} failed (untrusted certificate or protocol mismatch)` };
    case 'PROVIDER_REFUSED':
      return { zh: `短信服务商拒收：${detail ?? '未说明原因'}`, en: `The SMS provider refused it: ${detail ?? 'no reason given'}` };
    default:
      return { zh: '发送失败，原因不明', en: 'Sending failed for an unknown reason' };
  }
}
