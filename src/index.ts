// Programmatic entry point: the CloudStack client, its errors and helpers, and its types.
export type * from './cloudstack/binding.js';
export {
  type ClientEvent,
  type ClientOptions,
  CloudStackClient,
  createClient,
  obtainUserKeys,
  type UserKeys,
} from './cloudstack/client.js';
export { encodeParams, formatCloudStackDate } from './cloudstack/encode.js';
export * from './cloudstack/errors.js';
export {
  DEFAULT_POLL_RETRY,
  DEFAULT_POLL_SCHEDULE,
  type PollSchedule,
  pollDelayMs,
  pollsForJob,
} from './cloudstack/poll.js';
export {
  isSensitiveKey,
  type MaskOptions,
  maskSecrets,
  REDACTED,
  type RedactOptions,
  redactSecrets,
  redactText,
} from './cloudstack/redact.js';
export { DEFAULT_RETRY, isReadCommand, type RetryPolicy } from './cloudstack/retry.js';
export type { LoginInfo } from './cloudstack/session.js';
export { javaUrlEncode, signatureBaseString, signParams } from './cloudstack/sign.js';
export type * from './cloudstack/types.js';
