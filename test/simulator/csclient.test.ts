// An independent client against the simulator: the `csclient` npm package signs with signatureversion 3
// and encodes map parameters its own way (tags%5B0%5D.key=...).
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../../src/simulator/index.js';

// biome-ignore lint/suspicious/noExplicitAny: csclient is untyped JavaScript; its answers are walked freely here
type Loose = Record<string, any>;
type Callback = (error: (Error & { code?: number }) | null, response?: Loose) => void;

interface CsClient {
  executeSync(command: string, params: Record<string, unknown>, callback: Callback): void;
  executeAsync(command: string, params: Record<string, unknown>, callback: Callback): void;
  execute(command: string, params: Record<string, unknown>, callback: Callback): void;
  once(event: 'ready' | 'error', listener: (error?: Error) => void): void;
}

const require = createRequire(import.meta.url);
const CloudStackClient = require('csclient') as new (options: Record<string, unknown>) => CsClient;

function promised(run: (callback: Callback) => void): Promise<Loose> {
  return new Promise((resolve, reject) => {
    run((error, response) => (error ? reject(error) : resolve(response ?? {})));
  });
}

describe('csclient against the simulator', () => {
  let sim: RunningSimulator;
  let client: CsClient;
  const sync = (command: string, params: Record<string, unknown> = {}) =>
    promised((cb) => client.executeSync(command, params, cb));
  const job = (command: string, params: Record<string, unknown>) =>
    promised((cb) => client.executeAsync(command, params, cb));

  beforeAll(async () => {
    sim = await startSimulator({ jobDurationMs: 50 });
    client = new CloudStackClient({
      apiKey: sim.admin.apiKey,
      secretKey: sim.admin.secretKey,
      baseUrl: `${sim.url}?`,
      pollingTime: 25,
      pollingNumber: 200,
    });
  });
  afterAll(() => sim.close());

  it('deploys a VM, waits for the job, lists it with tags and destroys it', async () => {
    const zones = (await sync('listZones')).listzonesresponse.zone as Array<{ id: string; name: string }>;
    const zone = zones.find((z) => z.name === 'Sim-Advanced');
    const templates = (await sync('listTemplates', { templatefilter: 'featured', zoneid: zone?.id }))
      .listtemplatesresponse.template as Array<{ id: string; name: string }>;
    const offerings = (await sync('listServiceOfferings', { name: 'Small Instance' }))
      .listserviceofferingsresponse.serviceoffering as Array<{ id: string }>;

    const deployed = await job('deployVirtualMachine', {
      zoneid: zone?.id,
      templateid: templates[0]?.id,
      serviceofferingid: offerings[0]?.id,
      name: 'csclient-vm',
      displayname: 'VM made by csclient',
    });
    expect(deployed.jobstatus).toBe(1);
    const vm = deployed.jobresult.virtualmachine as { id: string; state: string; displayname: string };
    expect(vm).toMatchObject({ state: 'Running', displayname: 'VM made by csclient' });

    const tagged = await job('createTags', {
      resourcetype: 'UserVm',
      resourceids: vm.id,
      tags: [
        { key: 'owner', value: 'csclient' },
        { key: 'env', value: 'test' },
      ],
    });
    expect(tagged.jobresult).toEqual({ success: true });

    const listed = (await sync('listVirtualMachines', { tags: [{ key: 'owner', value: 'csclient' }] }))
      .listvirtualmachinesresponse;
    expect(listed.count).toBe(1);
    const found = listed.virtualmachine[0] as { id: string; tags: Array<{ key: string; value: string }> };
    expect(found.id).toBe(vm.id);
    expect(found.tags.map((t) => `${t.key}=${t.value}`).sort()).toEqual(['env=test', 'owner=csclient']);

    const destroyed = await job('destroyVirtualMachine', { id: vm.id, expunge: true });
    expect(destroyed.jobstatus).toBe(1);
    expect((await sync('listVirtualMachines', { id: vm.id })).listvirtualmachinesresponse).toEqual({});
  });

  it('sees CloudStack errors with their code and text', async () => {
    await expect(sync('listTemplates')).rejects.toMatchObject({
      code: 431,
      message: 'Unable to execute API command listtemplates due to missing parameter templatefilter',
    });
  });

  it('works in single-executor mode, which reads isasync from listApis', async () => {
    const single = new CloudStackClient({
      apiKey: sim.admin.apiKey,
      secretKey: sim.admin.secretKey,
      baseUrl: `${sim.url}?`,
      pollingTime: 25,
      pollingNumber: 200,
      singleExecutor: true,
    });
    await new Promise<void>((resolve, reject) => {
      single.once('ready', () => resolve());
      single.once('error', reject);
    });
    const keys = await promised((cb) => single.execute('createSSHKeyPair', { name: 'csclient-key' }, cb));
    expect(keys.createsshkeypairresponse.keypair.name).toBe('csclient-key');
    const deployed = await promised((cb) =>
      single.execute(
        'deployVirtualMachine',
        {
          zoneid: sim.seeded.basicZoneId,
          templateid: sim.seeded.templateId,
          serviceofferingid: sim.seeded.serviceOfferingId,
          keypair: 'csclient-key',
        },
        cb,
      ),
    );
    expect(deployed.jobresult.virtualmachine.keypairs).toBe('csclient-key');
  });
});
