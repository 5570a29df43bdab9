// Simulator: requests per second for listVirtualMachines over 10,000 VMs, pagesize 500, against a bare
// node:http server answering with the same bytes (the most the machine's HTTP stack could give).
import { fork } from 'node:child_process';
import path from 'node:path';
import { formatCloudStackDate } from '../../src/cloudstack/encode.js';
import { signedQueryString } from '../../src/cloudstack/sign.js';
import { closedLoop, type LoadResult } from '../lib/load.js';
import { benchDist } from '../lib/paths.js';
import { type SimulatorProcess, simulatorMissing, startSimulatorProcess } from '../lib/simulator.js';
import type { Section } from '../section.js';

const VMS = 10_000;
const PAGE_SIZE = 500;
const CONCURRENCY = 8;
const WARMUP_MS = 1_000;
/** Measured time per side, in slices that alternate between the two servers so load drift hits both. */
const SLICE_MS = 1_000;
const SLICES = 8;

/** Signed GET URLs for every page (signatureversion 3, valid for 10 minutes). */
function pageUrls(simulator: SimulatorProcess): string[] {
  const expires = formatCloudStackDate(new Date(Date.now() + 10 * 60_000));
  return Array.from({ length: VMS / PAGE_SIZE }, (_, i) => {
    const params = {
      command: 'listVirtualMachines',
      listall: 'true',
      page: String(i + 1),
      pagesize: String(PAGE_SIZE),
      response: 'json',
      apiKey: simulator.admin.apiKey,
      signatureversion: '3',
      expires,
    };
    return `${simulator.url}?${signedQueryString(params, simulator.admin.secretKey)}`;
  });
}

async function startStaticServer(body: string, contentType: string) {
  const child = fork(path.join(benchDist, 'lib', 'static-server-child.js'), [], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    execArgv: [],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (message) => resolve((message as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`static server exited with code ${code}`)));
    child.send({ body, contentType });
  });
  return { url: `http://127.0.0.1:${port}/client/api`, close: () => child.kill() };
}

function combine(slices: readonly LoadResult[]): LoadResult {
  const sum = (pick: (r: LoadResult) => number) => slices.reduce((total, r) => total + pick(r), 0);
  const ms = sum((r) => r.ms);
  const requests = sum((r) => r.requests);
  const errors = sum((r) => r.errors);
  return { requests, errors, bytes: sum((r) => r.bytes), ms, perSecond: ((requests - errors) / ms) * 1000 };
}

export const simulatorSection: Section = {
  name: 'simulator',
  title: 'Simulator',
  method: [
    `A simulator process seeded with ${VMS.toLocaleString('en-US')} VMs; signed GETs of \`listVirtualMachines ` +
      `listall=true pagesize=${PAGE_SIZE}\`, pages 1–${VMS / PAGE_SIZE} in turn, from ${CONCURRENCY} keep-alive ` +
      `connections in a closed loop: ${SLICES} slices of ${SLICE_MS / 1000} s, alternating with the baseline, after ` +
      `${WARMUP_MS / 1000} s of warm-up each.`,
    'Baseline: a bare node:http server in its own process answering every request with the bytes of page 1, ' +
      'loaded the same way: what the machine can serve of that size at all.',
  ],
  missing: simulatorMissing,
  async run({ log }) {
    const simulator = await startSimulatorProcess({ seed: 6, seedVms: VMS });
    let staticServer: { url: string; close(): void } | undefined;
    try {
      const urls = pageUrls(simulator);
      const first = await fetch(urls[0] as string);
      const body = await first.text();
      if (!first.ok || !body.includes('"virtualmachine"')) {
        throw new Error(`page 1 answered ${first.status}: ${body.slice(0, 200)}`);
      }
      staticServer = await startStaticServer(body, first.headers.get('content-type') ?? 'application/json');
      const staticUrls = [staticServer.url];
      await closedLoop(urls, CONCURRENCY, WARMUP_MS);
      await closedLoop(staticUrls, CONCURRENCY, WARMUP_MS);
      const oursSlices: LoadResult[] = [];
      const bareSlices: LoadResult[] = [];
      for (let i = 0; i < SLICES; i++) {
        oursSlices.push(await closedLoop(urls, CONCURRENCY, SLICE_MS));
        bareSlices.push(await closedLoop(staticUrls, CONCURRENCY, SLICE_MS));
      }
      const ours = combine(oursSlices);
      const bare = combine(bareSlices);
      log(
        `simulator ${ours.perSecond.toFixed(0)} req/s (${ours.errors} errors), bare ${bare.perSecond.toFixed(0)} req/s`,
      );
      if (ours.errors > 0) throw new Error(`${ours.errors} of ${ours.requests} simulator requests failed`);
      return [
        {
          metric: `listVirtualMachines, ${VMS.toLocaleString('en-US')} VMs, pagesize ${PAGE_SIZE}`,
          value: ours.perSecond,
          unit: 'req/s',
          baseline: { label: 'bare node:http, same bytes', value: bare.perSecond },
          note: `answers of ${(body.length / 1024).toFixed(0)} KB; ${ours.requests} requests measured`,
        },
      ];
    } finally {
      staticServer?.close();
      await simulator.close();
    }
  },
};
