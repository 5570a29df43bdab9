// Tokens: what an agent pays to read the tool list and a 100-VM answer (tokens ≈ characters / 4).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { directClient } from '../lib/direct.js';
import { callToolOk, connectServeStdio, serverEnv } from '../lib/mcp.js';
import { simulatorAndServeMissing } from '../lib/needs.js';
import { sharedRoot } from '../lib/paths.js';
import { startSimulatorProcess } from '../lib/simulator.js';
import type { Figure } from '../report.js';
import type { Section } from '../section.js';

const VMS = 100;
const FIELDS = ['id', 'name', 'state', 'zonename'];

function tokens(text: string): number {
  return text.length / 4;
}

// Anthropic's published Claude tokenizer (@anthropic-ai/tokenizer; a CommonJS package), for the tool list,
// the figure issue 13 set its target in. Newer models tokenize somewhat differently: compare the ratios.
const { countTokens } = createRequire(import.meta.url)('@anthropic-ai/tokenizer') as {
  countTokens: (text: string) => number;
};

/** What a model is given of each tool by most clients (Claude's API takes name, description, input schema). */
function modelView(listed: { tools: { name: string; description?: string; inputSchema: unknown }[] }) {
  return JSON.stringify(
    listed.tools.map((tool) => ({
      name: tool.name,
      description: tool.description,
      input_schema: tool.inputSchema,
    })),
  );
}

interface DumpParam {
  name: string;
  description?: string;
  type?: string;
  required?: boolean;
}

interface DumpApi {
  name: string;
  description?: string;
  params?: DumpParam[];
}

function jsonSchemaType(type: string | undefined): Record<string, unknown> {
  switch (type) {
    case 'integer':
    case 'long':
    case 'short':
      return { type: 'integer' };
    case 'boolean':
      return { type: 'boolean' };
    case 'list':
      return { type: 'array', items: { type: 'string' } };
    case 'map':
      return { type: 'object' };
    default:
      return { type: 'string' };
  }
}

/** The tools/list a server with one tool per API of the 4.18.0 dump would send (the design we avoided). */
function oneToolPerApi(): string {
  const dump = JSON.parse(readFileSync(path.join(sharedRoot, 'api-dumps', '4.18.0.json'), 'utf8')) as {
    api?: DumpApi[];
    listapisresponse?: { api?: DumpApi[] };
  };
  const apis = dump.api ?? dump.listapisresponse?.api ?? [];
  const tools = apis.map((api) => ({
    name: api.name,
    description: api.description ?? '',
    inputSchema: {
      type: 'object',
      properties: Object.fromEntries(
        (api.params ?? []).map((param) => [
          param.name,
          { ...jsonSchemaType(param.type), description: param.description ?? '' },
        ]),
      ),
      required: (api.params ?? []).filter((param) => param.required).map((param) => param.name),
    },
  }));
  return JSON.stringify({ tools });
}

/** Every item of a list through callApi, following nextCursor: calls and the text the model read. */
async function readToTheEnd(
  client: Client,
  first: Record<string, unknown>,
): Promise<{ calls: number; text: string; items: number }> {
  let calls = 0;
  let text = '';
  let items = 0;
  let cursor: string | undefined;
  do {
    const args = cursor ? { api: first.api, cursor, limit: first.limit, format: first.format } : first;
    const answer = await callToolOk(client, 'callApi', args);
    calls++;
    text += answer.text;
    const structured = answer.structured ?? (JSON.parse(answer.text) as Record<string, unknown>);
    items += Array.isArray(structured.items) ? structured.items.length : 0;
    cursor = typeof structured.nextCursor === 'string' ? structured.nextCursor : undefined;
  } while (cursor && calls < VMS);
  return { calls, text, items };
}

function returnedOf(answer: { structured: Record<string, unknown> | undefined; text: string }) {
  const structured = answer.structured ?? (JSON.parse(answer.text) as Record<string, unknown>);
  const items = Array.isArray(structured.items) ? structured.items.length : 0;
  return {
    items,
    count: structured.count,
    cursor: typeof structured.nextCursor === 'string',
    hint: structured.hint,
  };
}

export const tokensSection: Section = {
  name: 'tokens',
  title: 'Tokens',
  method: [
    'Tokens are estimated as characters / 4. `tools/list`: the JSON of the result the SDK Client receives from ' +
      '`serve` over stdio. Its baseline is the counterfactual we chose not to build: one tool per API of the ' +
      '4.18.0 dump, each with its description and a JSON Schema of its parameters (names, types, descriptions, ' +
      'required), serialised the same way.',
    `100-VM list: a simulator seeded with ${VMS} VMs. Raw = CloudStack's own JSON answer to ` +
      `\`listVirtualMachines pagesize=${VMS}\` (compact, as CloudStack sends it). MCP = the text content of ` +
      `\`callApi {api: "listVirtualMachines", limit: ${VMS}}\` with the server's default answer budget (64 KiB): ` +
      'the window ends where the next VM would not fit, with `count`, `nextCursor` and a `hint`, so it holds ' +
      `fewer than ${VMS} VMs; then every VM by following \`nextCursor\` to the end (the fair comparison with ` +
      `the raw page), and one call with \`fields: ${JSON.stringify(FIELDS)}\`. Per VM = tokens of the answer(s) ` +
      '/ VMs they hold, envelope included. The text is what a model reads; structuredContent carries the same ' +
      'object again for clients that read it, and is not counted.',
  ],
  missing: simulatorAndServeMissing,
  async run({ log }) {
    const simulator = await startSimulatorProcess({ seed: 5, seedVms: VMS });
    const direct = directClient(simulator);
    const server = await connectServeStdio(serverEnv(simulator));
    try {
      const listed = await server.client.listTools();
      const toolsList = JSON.stringify(listed);
      const counterfactual = oneToolPerApi();

      const raw = JSON.stringify({
        listvirtualmachinesresponse: await direct.request('listVirtualMachines', {
          listall: true,
          page: 1,
          pagesize: VMS,
        }),
      });
      // The records as CloudStack sends them (format detailed): the requests section measures concise.
      const base = { api: 'listVirtualMachines', params: { listall: true }, limit: VMS, format: 'detailed' };
      const shaped = await callToolOk(server.client, 'callApi', base);
      const everything = await readToTheEnd(server.client, base);
      const withFields = await callToolOk(server.client, 'callApi', { ...base, fields: FIELDS });
      const window = returnedOf(shaped);
      const fielded = returnedOf(withFields);
      log(
        `tools/list ${listed.tools.length} tools, ${toolsList.length} chars; 100 VMs raw ${raw.length} chars; ` +
          `callApi ${window.items} VMs in ${shaped.text.length} chars (count ${window.count}, cursor ${window.cursor}); ` +
          `all ${everything.items} in ${everything.calls} calls, ${everything.text.length} chars; fields ${fielded.items} VMs`,
      );
      if (window.count !== VMS || window.items < 1 || (window.items < VMS && !window.cursor))
        throw new Error(
          `callApi answered ${window.items} of ${window.count} VMs without a cursor to the rest`,
        );
      if (everything.items !== VMS)
        throw new Error(`following nextCursor gave ${everything.items} VMs, not ${VMS}`);
      if (fielded.items !== VMS)
        throw new Error(`callApi with fields returned ${fielded.items} VMs, not ${VMS}`);
      const rawLabel = `CloudStack's raw JSON, ${VMS} VMs`;
      const rawPerVm = { label: `CloudStack's raw JSON`, value: tokens(raw) / VMS };
      const perVm = (text: string, items: number) =>
        `${(Buffer.byteLength(text) / items).toFixed(0)} bytes per VM (raw: ${(Buffer.byteLength(raw) / VMS).toFixed(0)})`;
      const figures: Figure[] = [
        {
          metric: `tools/list (${listed.tools.length} tools)`,
          value: tokens(toolsList),
          unit: 'tokens',
          baseline: { label: 'one tool per 4.18.0 API', value: tokens(counterfactual) },
        },
        {
          metric: `tools/list (${listed.tools.length} tools), Claude tokenizer`,
          value: countTokens(toolsList),
          unit: 'tokens',
          baseline: { label: 'one tool per 4.18.0 API', value: countTokens(counterfactual) },
        },
        {
          metric: 'of which a model is given (name, description, input schema), Claude tokenizer',
          value: countTokens(modelView(listed)),
          unit: 'tokens',
          baseline: { label: 'the whole tools/list', value: countTokens(toolsList) },
        },
        {
          metric: `callApi limit ${VMS}, default budget: ${window.items} of ${VMS} VMs + count, cursor, hint`,
          value: tokens(shaped.text),
          unit: 'tokens',
          baseline: { label: rawLabel, value: tokens(raw) },
          note: perVm(shaped.text, window.items),
        },
        {
          metric: `per VM, callApi default budget (${window.items} VMs, envelope included)`,
          value: tokens(shaped.text) / window.items,
          unit: 'tokens',
          baseline: rawPerVm,
        },
        {
          metric: `all ${VMS} VMs through callApi following nextCursor (${everything.calls} calls)`,
          value: tokens(everything.text),
          unit: 'tokens',
          baseline: { label: rawLabel, value: tokens(raw) },
          note: perVm(everything.text, everything.items),
        },
        {
          metric: `callApi limit ${VMS} with fields (${FIELDS.length}): ${fielded.items} VMs in one answer`,
          value: tokens(withFields.text),
          unit: 'tokens',
          baseline: { label: rawLabel, value: tokens(raw) },
          note: perVm(withFields.text, fielded.items),
        },
        {
          metric: `per VM, callApi with fields (${fielded.items} VMs, envelope included)`,
          value: tokens(withFields.text) / fielded.items,
          unit: 'tokens',
          baseline: rawPerVm,
        },
      ];
      return figures;
    } finally {
      await server.close().catch(() => undefined);
      await direct.close();
      await simulator.close();
    }
  },
};
