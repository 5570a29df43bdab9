// APIs whose class does not follow from their verb. Committed so that a reviewer can see every judgement call;
// a test fails when an API of a real listApis dump is classified by neither a verb rule nor this table.
import type { ApiClass } from './classify.js';

export interface ClassificationException {
  apiClass: ApiClass;
  why: string;
}

export const classificationExceptions: Readonly<Record<string, ClassificationException>> = {
  // Reads hiding behind a vendor or plugin prefix.
  cloudianIsEnabled: { apiClass: 'read', why: 'reports whether the Cloudian connector is on' },
  quotaIsEnabled: { apiClass: 'read', why: 'reports whether the quota plugin is on' },
  quotaBalance: { apiClass: 'read', why: 'reports an account balance' },
  quotaStatement: { apiClass: 'read', why: 'reports usage charges' },
  quotaSummary: { apiClass: 'read', why: 'reports quota summaries' },
  quotaTariffList: { apiClass: 'read', why: 'lists tariffs' },
  quotaCredits: { apiClass: 'write', why: 'adds credits to an account' },
  quotaUpdate: { apiClass: 'write', why: 'recomputes quota usage' },
  quotaTariffCreate: { apiClass: 'write', why: 'creates a tariff' },
  quotaTariffUpdate: { apiClass: 'write', why: 'changes a tariff' },
  quotaTariffDelete: { apiClass: 'destructive', why: 'removes a tariff' },
  quotaEmailTemplateList: { apiClass: 'read', why: 'lists e-mail templates' },
  quotaEmailTemplateUpdate: { apiClass: 'write', why: 'changes an e-mail template' },
  ldapConfig: { apiClass: 'write', why: 'configures the LDAP context (deprecated)' },
  ldapCreateAccount: { apiClass: 'write', why: 'creates an account from an LDAP user' },
  ldapRemove: { apiClass: 'destructive', why: 'removes the LDAP configuration' },
  // `get*` calls that change state.
  getUploadParamsForTemplate: { apiClass: 'write', why: 'registers a template record awaiting upload' },
  getUploadParamsForVolume: { apiClass: 'write', why: 'creates a volume record awaiting upload' },
  getUploadParamsForIso: { apiClass: 'write', why: 'registers an ISO record awaiting upload' },
  // Verbs that are destructive only for some objects.
  releaseIpAddress: {
    apiClass: 'destructive',
    why: 'gives a public IP back to the pool; it may not come back',
  },
  releasePublicIpRange: { apiClass: 'destructive', why: 'takes a public IP range away from an account' },
  releasePodIpAddress: { apiClass: 'destructive', why: 'frees a pod IP that something may still use' },
  resetConfiguration: { apiClass: 'destructive', why: 'drops a setting back to its default' },
  validateUserTwoFactorAuthenticationCode: { apiClass: 'write', why: 'completes a two-factor login' },
};
