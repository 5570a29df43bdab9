// Destructive calls need a human's yes. With a client that declares the elicitation capability, the server
// asks through MCP elicitation during the call. Otherwise (or if elicitation fails) the first call answers
// `confirmation_required` with exactly what would be destroyed and a short-lived signed token; the same
// call repeated with `confirm: <token>` proceeds. The token is bound to the API and its exact parameters.
import type { CatalogEntry } from '../catalog/catalog.js';
import type { ApiParams } from '../cloudstack/types.js';
import { checkConfirmation, issueConfirmation } from './confirm-token.js';
import { ToolError } from './errors.js';
import { compact, findListItems, type JsonObject, pickFields } from './shape.js';
import type { CallExtra, ToolContext } from './tools/types.js';

export interface DestructiveAction {
  api: string;
  params: ApiParams;
  /** One sentence naming what would be destroyed. */
  summary: string;
  /** The object concerned, as CloudStack describes it, when it could be looked up. */
  target?: JsonObject;
}

export interface ConfirmationRequired {
  status: 'confirmation_required';
  confirmation: {
    action: string;
    target?: JsonObject;
    confirmToken: string;
    expiresAt: string;
    howToConfirm: string;
  };
}

export type ConfirmationOutcome =
  | { proceed: true; via: 'token' | 'elicitation' }
  | { proceed: false; answer: ConfirmationRequired };

const ELICITATION_TIMEOUT_MS = 5 * 60_000;

function clientCanElicit(context: ToolContext): boolean {
  return context.mcp.getClientCapabilities()?.elicitation?.form !== undefined;
}

async function askUser(context: ToolContext, extra: CallExtra, action: DestructiveAction): Promise<boolean> {
  const result = await context.mcp.elicitInput(
    {
      mode: 'form',
      message: `${action.summary}. This cannot be undone. Proceed?`,
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
    const check = checkConfirmation(context.signer, token, action.api, action.params);
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
  const issued = issueConfirmation(context.signer, action.api, action.params, context.confirmTtlSeconds);
  const answer: ConfirmationRequired = {
    status: 'confirmation_required',
    confirmation: {
      action: action.summary,
      confirmToken: issued.token,
      expiresAt: issued.expiresAt,
      howToConfirm:
        'NOT DONE YET. Show the action to the user; if they agree, repeat the same call with the same arguments plus "confirm": confirmToken.',
    },
  };
  if (action.target) answer.confirmation.target = action.target;
  return { proceed: false, answer };
}

const TARGET_FIELDS = ['id', 'name', 'displayname', 'state', 'zonename', 'account', 'type', 'created'];

/**
 * Best effort: the object a destructive call names by `id`, looked up through the matching list API
 * (deleteNetwork → listNetworks), so the confirmation can say what exactly would go.
 */
export async function lookUpTarget(
  context: ToolContext,
  entry: CatalogEntry,
  params: ApiParams,
  signal?: AbortSignal,
): Promise<JsonObject | undefined> {
  const id = params.id;
  if (typeof id !== 'string') return undefined;
  const noun = entry.definition.name.replace(/^[a-z]+/, '');
  const candidates = [`list${noun}s`, `list${noun}es`, `list${noun.replace(/y$/, 'ies')}`, `list${noun}`];
  const list = candidates.map((name) => context.catalog.get(name)).find((found) => found !== undefined);
  if (!list?.definition.paramDocs.some((param) => param.name === 'id')) return undefined;
  try {
    const extraParams: Record<string, string | boolean> = { id };
    if (list.definition.paramDocs.some((param) => param.name === 'listall')) extraParams.listall = true;
    const answer = await context.caller.request(list.definition.name, extraParams, signal ? { signal } : {});
    const item = findListItems(answer)?.items[0];
    if (!item) return undefined;
    return compact(pickFields(item, TARGET_FIELDS));
  } catch {
    return undefined;
  }
}
