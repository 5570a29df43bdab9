// MCP prompts: prompts/list, prompts/get and completion/complete on the server's low-level Server (as
// tools/list and tools/call are, server.ts). A prompt is offered only when the policy offers what it leads
// through. Errors are the spec's: an unknown prompt or argument, or a missing required one, is -32602.
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CompleteRequestSchema,
  type CompleteResult,
  ErrorCode,
  GetPromptRequestSchema,
  type GetPromptResult,
  ListPromptsRequestSchema,
  type Prompt,
} from '@modelcontextprotocol/sdk/types.js';
import { suggestNames } from '../../catalog/suggest.js';
import { maskSecrets } from '../../cloudstack/redact.js';
import type { ToolContext } from '../tools/types.js';
import { capacityPrompt } from './capacity.js';
import { completeFromCloud, emptyCompletion } from './complete.js';
import { deployVmPrompt } from './deploy-vm.js';
import { exposePortPrompt } from './expose-port.js';
import { jobFailurePrompt } from './job-failure.js';
import { tidyUpPrompt } from './tidy-up.js';
import type { PromptArgs, PromptDefinition } from './types.js';

/** Every prompt the server can offer, in the order prompts/list shows them. */
export const allPrompts: readonly PromptDefinition[] = [
  deployVmPrompt,
  exposePortPrompt,
  capacityPrompt,
  tidyUpPrompt,
  jobFailurePrompt,
];

/** The prompts whose tools are all offered and whose own APIs the policy allows. */
export function selectPrompts(offeredTools: ReadonlySet<string>, context: ToolContext): PromptDefinition[] {
  return allPrompts.filter(
    (prompt) =>
      prompt.tools.every((tool) => offeredTools.has(tool)) &&
      (prompt.apis ?? []).every(
        (api) => context.catalog.get(api) !== undefined && context.caller.check(api).allowed,
      ),
  );
}

/**
 * A JSON-RPC -32602 error. Not McpError: its message starts "MCP error -32602: ", which the SDK sends as the
 * message, and the client's McpError adds the same words again.
 */
function invalidParams(message: string): Error {
  return Object.assign(new Error(message), { code: ErrorCode.InvalidParams });
}

function listing(prompt: PromptDefinition): Prompt {
  return {
    name: prompt.name,
    title: prompt.title,
    description: prompt.description,
    arguments: prompt.arguments.map((argument) => ({
      name: argument.name,
      description: argument.description,
      required: argument.required === true,
    })),
  };
}

function findPrompt(prompts: ReadonlyMap<string, PromptDefinition>, name: string): PromptDefinition {
  const prompt = prompts.get(name);
  if (prompt) return prompt;
  const offered = [...prompts.keys()];
  const suggestions = suggestNames(name, offered, 2);
  throw invalidParams(
    `Unknown prompt ${JSON.stringify(name)}.${suggestions.length > 0 ? ` Did you mean ${suggestions.join(' or ')}?` : ''} Prompts: ${offered.join(', ')}.`,
  );
}

/** The arguments given, checked: strings only, none unknown, every required one there (empty counts as absent). */
function checkedArguments(prompt: PromptDefinition, raw: Record<string, unknown> | undefined): PromptArgs {
  const known = prompt.arguments.map((argument) => argument.name);
  const given: Record<string, string> = {};
  const unknown: string[] = [];
  for (const [name, value] of Object.entries(raw ?? {})) {
    if (!known.includes(name)) {
      unknown.push(name);
      continue;
    }
    if (typeof value !== 'string') {
      throw invalidParams(`Prompt ${prompt.name}: argument ${name} must be a string`);
    }
    if (value.trim() !== '') given[name] = value.trim();
  }
  const usage = prompt.arguments
    .map((argument) => `${argument.name}${argument.required ? ' (required)' : ''}`)
    .join(', ');
  if (unknown.length > 0) {
    throw invalidParams(
      `Prompt ${prompt.name}: unknown argument ${unknown.join(', ')}. Its arguments: ${usage}`,
    );
  }
  const missing = prompt.arguments.filter(
    (argument) => argument.required && given[argument.name] === undefined,
  );
  if (missing.length > 0) {
    throw invalidParams(
      `Prompt ${prompt.name}: missing required argument ${missing.map((argument) => argument.name).join(', ')}. Its arguments: ${usage}`,
    );
  }
  return given;
}

/** Answers prompts/list, prompts/get and completion/complete; the capabilities are declared by the caller. */
export function registerPrompts(
  server: Server,
  prompts: readonly PromptDefinition[],
  context: ToolContext,
  /** Values never to show (API key, secret key, ...): a completion that holds one is left out. */
  secrets: readonly (string | undefined)[] = [],
): void {
  const byName = new Map(prompts.map((prompt) => [prompt.name, prompt]));
  const list = { prompts: prompts.map(listing) };

  server.setRequestHandler(ListPromptsRequestSchema, () => list);

  server.setRequestHandler(GetPromptRequestSchema, (request): GetPromptResult => {
    const prompt = findPrompt(byName, request.params.name);
    const args = checkedArguments(prompt, request.params.arguments);
    return {
      description: prompt.description,
      messages: [{ role: 'user', content: { type: 'text', text: prompt.text(args) } }],
    };
  });

  server.setRequestHandler(CompleteRequestSchema, async (request, extra): Promise<CompleteResult> => {
    const { ref, argument } = request.params;
    if (ref.type !== 'ref/prompt') {
      throw invalidParams(`This server has no resources to complete (${ref.type}).`);
    }
    const prompt = findPrompt(byName, ref.name);
    const definition = prompt.arguments.find((candidate) => candidate.name === argument.name);
    if (!definition) {
      throw invalidParams(
        `Prompt ${prompt.name} has no argument ${JSON.stringify(argument.name)}. Its arguments: ${prompt.arguments.map((a) => a.name).join(', ')}`,
      );
    }
    if (!definition.completes) return { completion: emptyCompletion() };
    const given: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.params.context?.arguments ?? {})) {
      if (name !== argument.name && value.trim() !== '') given[name] = value.trim();
    }
    const completion = await completeFromCloud(
      context,
      definition.completes,
      argument.value,
      given,
      extra.signal,
    );
    const shown = completion.values.filter((value) => maskSecrets(value, secrets) === value);
    if (shown.length === completion.values.length) return { completion };
    const hidden = completion.values.length - shown.length;
    return {
      completion: {
        ...completion,
        values: shown,
        ...(completion.total === undefined ? {} : { total: completion.total - hidden }),
      },
    };
  });
}
