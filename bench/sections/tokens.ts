// Tokens: what an agent pays to read the tool list and a 100-VM answer (tokens ≈ characters / 4).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { directClient } from '../lib/direct.js';
import { callToolOk, connectServeStdio, serverEnv } from '../lib/mcp.js';
import { simulatorAndServeMissing } from '../lib/needs.js';
import { sharedRoot } from '../lib/paths.js';
import { startSimulatorProcess } from '../lib/simulator.js';
import type { Section } from '../section.js';

const VMS = 100;
const FIELDS = ['id', 'name', 'state', 'zonename'];

function tokens(text: string): number {
  return text.length / 4;
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
      `\`callApi {api: "listVirtualMachines", limit: ${VMS}}\` (what the model reads; structuredContent carries ` +
      `the same object), and the same with \`fields: ${JSON.stringify(FIELDS)}\`.`,
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
      const base = { api: 'listVirtualMachines', params: { listall: true }, limit: VMS };
      const shaped = await callToolOk(server.client, 'callApi', base);
      const withFields = await callToolOk(server.client, 'callApi', { ...base, fields: FIELDS });
      const returned = (shaped.structured?.returned ?? shaped.structured?.items) as unknown;
      log(
        `tools/list ${listed.tools.length} tools, ${toolsList.length} chars; 100 VMs raw ${raw.length} chars`,
      );
      if (typeof returned === 'number' && returned !== VMS)
        throw new Error(`callApi returned ${returned} VMs`);
      const rawLabel = `CloudStack's raw JSON`;
      return [
        {
          metric: `tools/list (${listed.tools.length} tools)`,
          value: tokens(toolsList),
          unit: 'tokens',
          baseline: { label: 'one tool per 4.18.0 API', value: tokens(counterfactual) },
        },
        {
          metric: `${VMS}-VM list through callApi`,
          value: tokens(shaped.text),
          unit: 'tokens',
          baseline: { label: rawLabel, value: tokens(raw) },
        },
        {
          metric: `${VMS}-VM list through callApi with fields (${FIELDS.length})`,
          value: tokens(withFields.text),
          unit: 'tokens',
          baseline: { label: rawLabel, value: tokens(raw) },
        },
      ];
    } finally {
      await server.close().catch(() => undefined);
      await direct.close();
      await simulator.close();
    }
  },
};
