/**
 * The largest request body the server reads on its ordinary routes (server/app.ts), and so the
 * largest sealed cast a phone can send: a ballot whose cast could not fit is refused when it is
 * created (ballot-creation.ts), not found out when the deputies try to vote.
 *
 * 1 MiB: the largest legitimate body is a process package with its forms (~100 KB today) or a
 * sealed cast of 20 ranked candidates (~0.4 MB).
 */
export const MAX_BODY_BYTES = 1024 * 1024;
