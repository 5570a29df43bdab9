// Failed status polls: deploys through `serve` over stdio against a simulator that fails requests, by an
// agent that follows the answers (bench/lib/agent.ts). What counts is whether every deploy asked made
// exactly one VM: a status poll that fails must not read as a failed job, or the agent deploys again.
import { createClient } from '../../src/cloudstack/client.js';
import {
  type AgentOptions,
  answersByKind,
  deployFollowingAnswers,
  type FollowedDeploy,
} from '../lib/agent.js';
import { deployParams } from '../lib/deploy-params.js';
import { connectServeStdio, serverEnv } from '../lib/mcp.js';
import { simulatorAndServeMissing } from '../lib/needs.js';
import { type SimulatorProcess, startSimulatorProcess } from '../lib/simulator.js';
import type { Figure } from '../report.js';
import type { Section } from '../section.js';

const NO_FAULTS = { failureRate: 0, dropRate: 0, failureCommands: [] };

interface Scenario {
  label: string;
  deploys: number;
  /** Faults while each deploy runs. */
  faults: Record<string, unknown>;
  /** Whether the outage ends when the agent, told the state is unknown, starts asking. */
  endsWhenAsked: boolean;
}

const SCENARIOS: Scenario[] = [
  { label: '30% of all requests fail', deploys: 20, faults: { failureRate: 0.3 }, endsWhenAsked: false },
  {
    label: 'every status poll fails until the agent asks',
    deploys: 5,
    faults: { failureRate: 1, failureCommands: ['queryAsyncJobResult'] },
    endsWhenAsked: true,
  },
];

function kinds(deploys: readonly FollowedDeploy[]): string {
  return Object.entries(answersByKind(deploys))
    .map(([kind, count]) => `${kind} ${count}`)
    .join(', ');
}

async function runScenario(
  simulator: SimulatorProcess,
  scenario: Scenario,
  seq: number,
): Promise<{ figures: Figure[]; summary: string }> {
  const admin = createClient({ apiUrl: simulator.url, ...simulator.admin });
  const server = await connectServeStdio(serverEnv(simulator));
  try {
    const params = await deployParams(admin);
    const target = {
      zone: params.zoneid,
      template: params.templateid,
      serviceOffering: params.serviceofferingid,
      ...(params.networkids ? { networks: [params.networkids] } : {}),
    };
    const prefix = `bench-poll-${seq}`;
    const deploys: FollowedDeploy[] = [];
    for (let i = 0; i < scenario.deploys; i++) {
      await simulator.setFaults({ ...NO_FAULTS, ...scenario.faults });
      const options: AgentOptions = scenario.endsWhenAsked
        ? { onUnknown: () => simulator.setFaults(NO_FAULTS) }
        : {};
      // displayName, not name: CloudStack refuses a second VM of one host name, which would hide a repeat.
      deploys.push(
        await deployFollowingAnswers(server.client, { ...target, displayName: `${prefix}-${i}` }, options),
      );
    }
    await simulator.setFaults(NO_FAULTS);
    const listed = await admin.listAll<{ displayname?: string }>('listVirtualMachines', {
      listall: true,
      keyword: prefix,
    });
    const made = listed.items.map((vm) => String(vm.displayname)).filter((name) => name.startsWith(prefix));
    const distinct = new Set(made).size;
    const checks = deploys.reduce((sum, deploy) => sum + deploy.statusChecks, 0);
    const gaveUp = deploys.filter((deploy) => deploy.outcome !== 'done').length;
    const summary =
      `answers by kind: ${kinds(deploys)}; getAsyncJobStatus checks ${checks}; ` +
      `deploys the agent gave up on ${gaveUp}`;
    return {
      summary: `${scenario.label}: ${summary}`,
      figures: [
        {
          metric: `${scenario.label}: VMs that exist after ${scenario.deploys} deploys`,
          value: made.length,
          unit: 'count',
          baseline: { label: 'deploys asked', value: scenario.deploys },
          note: summary,
        },
        {
          metric: `${scenario.label}: duplicate VMs`,
          value: made.length - distinct,
          unit: 'count',
        },
        {
          metric: `${scenario.label}: deploy answers not done`,
          value: deploys.reduce((sum, deploy) => sum + deploy.answers.filter((k) => k !== 'done').length, 0),
          unit: 'count',
        },
        {
          metric: `${scenario.label}: deploy answers job_status_unknown`,
          value: answersByKind(deploys).job_status_unknown ?? 0,
          unit: 'count',
        },
      ],
    };
  } finally {
    await server.close().catch(() => undefined);
    await admin.close();
  }
}

export const failedPollsSection: Section = {
  name: 'failed-polls',
  title: 'Failed status polls',
  method: [
    'A simulator process and `serve` over stdio (default retries: each read 3 attempts; a failed status poll ' +
      '4 more with backoff under 1/2/4 s). An agent (bench/lib/agent.ts) deploys VMs one after another with ' +
      '`deployVM` and a distinct displayName, and follows the answers: it repeats a deploy only when the ' +
      'answer says nothing was done (`api_error`, `job_failed`, `connection_failed` with requestSent false), ' +
      'asks `getAsyncJobStatus` (every 0.5 s) when it says the state is unknown (`job_status_unknown`, ' +
      '`job_timeout`), and stops otherwise. Afterwards the VMs are counted by displayName.',
    `Scenarios: ${SCENARIOS.map((s) => `${s.label} (${s.deploys} deploys)`).join('; ')}. In the second the ` +
      'outage of queryAsyncJobResult ends when the agent starts asking. Figures: VMs that exist against ' +
      'deploys asked (1.00x = one each), duplicates (must be 0), and the answers that were not `done`.',
    "Before job_status_unknown, a status poll that still failed after the client's retries answered " +
      '`api_error` (an agent takes it for "nothing was done"): with `--failure-rate 0.3`, 5 deploys were ' +
      'reported failed and 8 VMs existed (issue 12).',
  ],
  missing: simulatorAndServeMissing,
  async run({ log }) {
    const simulator = await startSimulatorProcess({ seed: 61 });
    try {
      const figures: Figure[] = [];
      for (const [i, scenario] of SCENARIOS.entries()) {
        const result = await runScenario(simulator, scenario, i);
        log(result.summary);
        figures.push(...result.figures);
      }
      return figures;
    } finally {
      await simulator.close();
    }
  },
};
