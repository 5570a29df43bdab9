// Destructive calls need a human's yes. With a client that declares the elicitation capability, the server
// asks through MCP elicitation during the call. Otherwise (or if elicitation fails) the first call answers
// `confirmation_required` with exactly what would be done, to which object, and a short-lived signed token;
// the same call repeated with `confirm: <token>` proceeds, once (confirm-token.ts). What the user is told
// is what is true for that call: a destroy without expunge can be recovered, an expunge cannot.
import type { CatalogEntry } from '../catalog/catalog.js';
import { classificationExceptions, credentialApis } from '../catalog/classification-exceptions.js';
import { verbOf } from '../catalog/classify.js';
import type { ApiParams } from '../cloudstack/types.js';
import { issueConfirmation, useConfirmation } from './confirm-token.js';
import { ToolError } from './errors.js';
import { compact, findListItems, type JsonObject, pickFields } from './shape.js';
import type { CallExtra, ToolContext } from './tools/types.js';

export interface DestructiveAction {
  api: string;
  params: ApiParams;
  /** One sentence naming what would be done to what. */
  summary: string;
  /** What is true of the action once done (can it be undone, and how); from consequenceOf. */
  consequence: string;
  /** The object concerned, as CloudStack describes it, when it could be looked up. */
  target?: JsonObject;
  /**
   * What identifies the target (id, creation time, fingerprint, state), looked up now: a token binds to
   * it. Undefined when the target cannot be looked up; the token is then bound to the parameters only.
   */
  binding?: JsonObject;
  /** Anything else the person must know before saying yes. */
  notes?: string[];
}

// A type, not an interface, so that it fits the VM tools' open answer ({status, ...}) without a cast.
export type ConfirmationRequired = {
  status: 'confirmation_required';
  confirmation: {
    action: string;
    consequence: string;
    target?: JsonObject;
    notes?: string[];
    confirmToken: string;
    /** What the token is good for. */
    tokenBinding: string;
    expiresAt: string;
    howToConfirm: string;
  };
};

export type ConfirmationOutcome =
  | { proceed: true; via: 'token' | 'elicitation' }
  | { proceed: false; answer: ConfirmationRequired };

const ELICITATION_TIMEOUT_MS = 5 * 60_000;

function clientCanElicit(context: ToolContext): boolean {
  return context.mcp.getClientCapabilities()?.elicitation?.form !== undefined;
}

function isTrue(value: unknown): boolean {
  return value === true || String(value).toLowerCase() === 'true';
}

/** What a VM destroy does, by whether it expunges. */
export function destroyConsequence(expunge: unknown): string {
  return isTrue(expunge)
    ? 'The VM is expunged at once: it and its root disk are deleted and cannot be recovered.'
    : 'The VM is stopped and marked Destroyed; it can be recovered with recoverVirtualMachine until it is expunged (expunge=true, or the cloud expunges it after its expunge delay).';
}

/**
 * What a destructive API does, from its class and the reason it has that class: never a blanket "cannot
 * be undone" where the call can be undone.
 */
export function consequenceOf(api: string, params: ApiParams): string {
  if (api === 'destroyVirtualMachine') return destroyConsequence(params.expunge);
  const credential = Object.hasOwn(credentialApis, api) ? credentialApis[api] : undefined;
  if (credential) return `${api} changes credentials or access: it ${credential}.`;
  const exception = Object.hasOwn(classificationExceptions, api) ? classificationExceptions[api] : undefined;
  if (exception) return `${api} ${exception.why}.`;
  switch (verbOf(api)) {
    case 'restore':
    case 'revert':
      return `${api} puts back an earlier state: what changed since is lost.`;
    case 'revoke':
    case 'disassociate':
    case 'unmanage':
      return `${api} takes something away (access, an address, CloudStack's management of it); it may not come back as it was.`;
    default:
      return `${api} removes something; treat it as final unless you know how to bring it back.`;
  }
}

async function askUser(context: ToolContext, extra: CallExtra, action: DestructiveAction): Promise<boolean> {
  const notes = action.notes?.length ? ` ${action.notes.join(' ')}` : '';
  const result = await context.mcp.elicitInput(
    {
      mode: 'form',
      message: `${action.summary}. ${action.consequence}${notes} Proceed?`,
      requestedSchema: {
        type: 'object',
        properties: {
          confirm: { type: 'boolean', title: 'Proceed', description: action.summary, default: false },
        },
        required: ['confirm'],
      },
    },
    { relatedRequestId: extra.requestId, signal: extra.signal, timeout: ELICITATION_TIMEOUT_MS },
  );
  return result.action === 'accept' && result.content?.confirm === true;
}

export async function confirmDestructive(
  context: ToolContext,
  extra: CallExtra,
  action: DestructiveAction,
  token: string | undefined,
): Promise<ConfirmationOutcome> {
  if (token !== undefined) {
    const check = useConfirmation(context.signer, token, action.api, action.params, action.binding);
    if (!check.ok) throw new ToolError('confirmation_invalid', `${check.reason}. Nothing was done.`);
    return { proceed: true, via: 'token' };
  }
  if (clientCanElicit(context)) {
    let confirmed: boolean | undefined;
    try {
      confirmed = await askUser(context, extra, action);
    } catch (error) {
      if (extra.signal.aborted) throw error;
      context.logger.warn('elicitation failed; falling back to a confirmation token', {
        api: action.api,
        error: error instanceof Error ? error.message : String(error),
      });
    }
    if (confirmed === true) return { proceed: true, via: 'elicitation' };
    if (confirmed === false) {
      throw new ToolError('declined', `The user did not confirm: ${action.summary}. Nothing was done.`);
    }
  }
  const issued = issueConfirmation(
    context.signer,
    action.api,
    action.params,
    context.confirmTtlSeconds,
    action.binding,
  );
  const answer: ConfirmationRequired = {
    status: 'confirmation_required',
    confirmation: {
      action: action.summary,
      consequence: action.consequence,
      confirmToken: issued.token,
      tokenBinding: action.binding
        ? 'good for this one call on this object as it is now: refused once used, or if the object changes or is made again'
        : `bound to the parameters only (${action.api}'s target cannot be looked up here), so it cannot tell a re-created object from this one; refused once used on this server`,
      expiresAt: issued.expiresAt,
      howToConfirm:
        'NOT DONE YET. Show the action to the user; if they agree, repeat the same call with the same arguments plus "confirm": confirmToken.',
    },
  };
  if (action.target) answer.confirmation.target = action.target;
  if (action.notes?.length) answer.confirmation.notes = action.notes;
  return { proceed: false, answer };
}

const TARGET_FIELDS = ['id', 'name', 'displayname', 'state', 'zonename', 'account', 'type', 'created'];

/** What identifies an object for a token: what changes when it is made again (created, fingerprint) or acted on (state). */
export const IDENTITY_FIELDS = ['id', 'name', 'created', 'fingerprint', 'state'];

export interface Target {
  /** As shown to the person. */
  shown: JsonObject;
  /** What the token binds to. */
  binding: JsonObject;
}

/** Parameters that say whose object a name means (deleteSSHKeyPair name= account= domainid=). */
const OWNER_PARAMS = ['account', 'domainid', 'projectid'];

/**
 * The object a destructive call acts on, looked up through the matching list API (deleteNetwork →
 * listNetworks), by `id`, or by `name` for APIs that name the object (deleteSSHKeyPair): so that the
 * confirmation can say what exactly would go, and its token can be bound to that object. Only through an
 * API the policy allows; undefined when there is none, it is refused, or it finds not exactly one.
 */
export async function lookUpTarget(
  context: ToolContext,
  entry: CatalogEntry,
  params: ApiParams,
  signal?: AbortSignal,
): Promise<Target | undefined> {
  const noun = entry.definition.name.replace(/^[a-z]+/, '');
  const candidates = [`list${noun}s`, `list${noun}es`, `list${noun.replace(/y$/, 'ies')}`, `list${noun}`];
  const list = candidates.map((name) => context.catalog.get(name)).find((found) => found !== undefined);
  if (!list) return undefined;
  const accepts = new Set(list.definition.paramDocs.map((param) => param.name));
  const query: Record<string, string | boolean> = {};
  let matches: (item: JsonObject) => boolean;
  if (typeof params.id === 'string' && accepts.has('id')) {
    const id = params.id;
    query.id = id;
    if (accepts.has('listall')) query.listall = true;
    matches = (item) => item.id === id;
  } else if (typeof params.name === 'string' && params.id === undefined && accepts.has('name')) {
    const name = params.name;
    query.name = name;
    // Whose object the name means, as the destructive call will take it (no listall: the caller's own).
    for (const owner of OWNER_PARAMS) {
      const value = params[owner];
      if (typeof value === 'string' && accepts.has(owner)) query[owner] = value;
    }
    matches = (item) => item.name === name;
  } else {
    return undefined;
  }
  if (!context.caller.check(list.definition.name, query).allowed) return undefined;
  try {
    const answer = await context.caller.request(list.definition.name, query, signal ? { signal } : {});
    const found = (findListItems(answer)?.items ?? []).filter(matches);
    if (found.length !== 1) return undefined;
    const item = found[0] as JsonObject;
    return { shown: compact(pickFields(item, TARGET_FIELDS)), binding: pickFields(item, IDENTITY_FIELDS) };
  } catch {
    return undefined;
  }
}
