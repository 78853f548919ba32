/** Sending a notification out of the building: the SMTP client, the signed gateway webhook, and failures in words. */
export { DeliveryFailure, FAILURE_CODES, asFailure, failureWords, type FailureCode } from './delivery-failure.ts';
export { encodeWords, formatMessage, smtpTransport, type MailMessage, type MailTransport, type SmtpOptions } from './smtp-client.ts';
export { SMS_MAX_CHARS, smsTransport, type SmsMessage, type SmsTransport } from './sms-client.ts';
export { webhookTransport, type WebhookMessage, type WebhookTransport } from './webhook-client.ts';
export { signWebhook, verifyWebhook, WEBHOOK_HEADERS } from './webhook-signature.ts';
