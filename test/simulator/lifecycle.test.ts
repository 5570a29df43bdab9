import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { type RunningSimulator, startSimulator } from '../../src/simulator/index.js';
import { call, deployVm, inner, type JobResult, ok, runJob, waitForJob } from './helpers.js';

type Vm = {
  id: string;
  state: string;
  hostid?: string;
  nic: Array<{ ipaddress: string; networkid: string }>;
};

function resultVm(job: JobResult): Vm {
  const vm = job.jobresult?.virtualmachine;
  if (!vm) throw new Error(`job has no virtualmachine: ${JSON.stringify(job)}`);
  return vm as Vm;
}

async function vmState(sim: RunningSimulator, id: string): Promise<string | undefined> {
  const list = (await ok(sim, 'listVirtualMachines', { id })) as { virtualmachine?: Vm[] };
  return list.virtualmachine?.[0]?.state;
}

describe('virtual machine life cycle', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ jobDurationMs: 150 });
  });
  afterAll(() => sim.close());

  it('deploys: id and jobid at once, Starting while the job runs, Running after', async () => {
    // Its own simulator with 2 s jobs: with 150 ms ones a loaded machine let the job end before the first look.
    const sim = await startSimulator({ jobDurationMs: 2000 });
    onTestFinished(() => sim.close());
    const started = await ok(sim, 'deployVirtualMachine', {
      zoneid: sim.seeded.advancedZoneId,
      templateid: sim.seeded.templateId,
      serviceofferingid: sim.seeded.serviceOfferingId,
      name: 'lifecycle-1',
    });
    expect(Object.keys(started).sort()).toEqual(['id', 'jobid']);
    const id = String(started.id);
    expect(await vmState(sim, id)).toBe('Starting');
    const pending = await ok(sim, 'queryAsyncJobResult', { jobid: String(started.jobid) });
    expect(pending).toMatchObject({ jobstatus: 0, jobinstancetype: 'VirtualMachine', jobinstanceid: id });
    const job = await waitForJob(sim, String(started.jobid));
    expect(job).toMatchObject({ jobstatus: 1, jobresultcode: 0, jobresulttype: 'object' });
    expect(job.cmd).toBe('org.apache.cloudstack.api.command.admin.vm.DeployVMCmdByAdmin');
    const vm = job.jobresult?.virtualmachine as Vm;
    expect(vm.state).toBe('Running');
    expect(vm.hostid).toBeDefined();
    expect(vm.nic[0]?.networkid).toBe(sim.seeded.networkId);
    expect(await vmState(sim, id)).toBe('Running');
    const volumes = (await ok(sim, 'listVolumes', { virtualmachineid: id })) as {
      volume: Array<{ type: string; state: string; vmstate: string }>;
    };
    expect(volumes.volume.map((v) => [v.type, v.state, v.vmstate])).toEqual([['ROOT', 'Ready', 'Running']]);
  });

  it('stops and starts, and refuses to start a running VM inside the job', async () => {
    const vm = await deployVm(sim, { name: 'lifecycle-2' });
    const id = String(vm.id);
    const stopStarted = await ok(sim, 'stopVirtualMachine', { id });
    expect(Object.keys(stopStarted)).toEqual(['jobid']);
    expect(await vmState(sim, id)).toBe('Stopping');
    const stopped = await waitForJob(sim, String(stopStarted.jobid));
    expect(resultVm(stopped).state).toBe('Stopped');
    expect(resultVm(stopped).hostid).toBeUndefined();
    // Stopping a stopped VM is not an error in CloudStack.
    expect((await runJob(sim, 'stopVirtualMachine', { id })).jobstatus).toBe(1);
    const started = await runJob(sim, 'startVirtualMachine', { id });
    expect(resultVm(started).state).toBe('Running');
    const again = await runJob(sim, 'startVirtualMachine', { id });
    expect(again.jobstatus).toBe(2);
    expect(again.jobresultcode).toBe(530);
    expect(again.jobresult).toEqual({
      errorcode: 530,
      errortext: `The virtual machine ${id} (lifecycle-2) is already running`,
    });
    expect(await vmState(sim, id)).toBe('Running');
  });

  it('reboots only running VMs', async () => {
    const vm = await deployVm(sim, { name: 'lifecycle-3', startvm: 'false' });
    expect(vm.state).toBe('Stopped');
    const failed = await runJob(sim, 'rebootVirtualMachine', { id: String(vm.id) });
    expect(failed.jobstatus).toBe(2);
    expect(failed.jobresult).toEqual({ errorcode: 530, errortext: 'Failed to reboot vm instance' });
    await runJob(sim, 'startVirtualMachine', { id: String(vm.id) });
    expect((await runJob(sim, 'rebootVirtualMachine', { id: String(vm.id) })).jobstatus).toBe(1);
  });

  it('destroys to Destroyed, recovers to Stopped, and refuses to recover a live VM', async () => {
    const vm = await deployVm(sim, { name: 'lifecycle-4' });
    const id = String(vm.id);
    const notDestroyed = await call(sim, 'recoverVirtualMachine', { id });
    expect(notDestroyed.status).toBe(431);
    expect(inner(notDestroyed, 'recoverVirtualMachine')).toMatchObject({
      errorcode: 431,
      cserrorcode: 4350,
      errortext: expect.stringMatching(/^Vm with id \d+ is not in the right state$/),
    });
    const destroyed = await runJob(sim, 'destroyVirtualMachine', { id });
    expect(resultVm(destroyed).state).toBe('Destroyed');
    const volumes = (await ok(sim, 'listVolumes', { virtualmachineid: id })) as {
      volume: Array<{ state: string }>;
    };
    expect(volumes.volume.map((v) => v.state)).toEqual(['Destroy']);
    const recovered = inner(await call(sim, 'recoverVirtualMachine', { id }), 'recoverVirtualMachine');
    expect((recovered.virtualmachine as Vm).state).toBe('Stopped');
    expect(await vmState(sim, id)).toBe('Stopped');
  });

  it('expunges: with destroy expunge=true, or expungeVirtualMachine after destroy only', async () => {
    const a = await deployVm(sim, { name: 'lifecycle-5' });
    const gone = await runJob(sim, 'destroyVirtualMachine', { id: String(a.id), expunge: 'true' });
    expect(gone.jobstatus).toBe(1);
    expect(await ok(sim, 'listVirtualMachines', { id: String(a.id) })).toEqual({});
    expect(await ok(sim, 'listVolumes', { virtualmachineid: String(a.id) })).toEqual({});

    const b = await deployVm(sim, { name: 'lifecycle-6' });
    const early = await runJob(sim, 'expungeVirtualMachine', { id: String(b.id) });
    expect(early.jobstatus).toBe(2);
    expect(String(early.jobresult?.errortext)).toMatch(/^Please destroy vm with id \d+ before expunging$/);
    await runJob(sim, 'destroyVirtualMachine', { id: String(b.id) });
    const expunged = await runJob(sim, 'expungeVirtualMachine', { id: String(b.id) });
    expect(expunged.jobresult).toEqual({ success: true });
    expect(await vmState(sim, String(b.id))).toBeUndefined();
  });

  it('queues jobs on the same VM like CloudStack does', async () => {
    const vm = await deployVm(sim, { name: 'lifecycle-7' });
    const id = String(vm.id);
    const stop = await ok(sim, 'stopVirtualMachine', { id });
    const start = await ok(sim, 'startVirtualMachine', { id });
    const first = await waitForJob(sim, String(stop.jobid));
    const second = await waitForJob(sim, String(start.jobid));
    expect(resultVm(first).state).toBe('Stopped');
    expect(resultVm(second).state).toBe('Running');
  });

  it('validates deployments like CloudStack', async () => {
    const base = {
      zoneid: sim.seeded.advancedZoneId,
      templateid: sim.seeded.templateId,
      serviceofferingid: sim.seeded.serviceOfferingId,
    };
    const badName = await call(sim, 'deployVirtualMachine', { ...base, name: '9lives' });
    expect(badName.status).toBe(431);
    expect(inner(badName, 'deployVirtualMachine').errortext).toMatch(/^Invalid name\. Vm name can contain/);
    await deployVm(sim, { name: 'unique-name' });
    const duplicate = await call(sim, 'deployVirtualMachine', { ...base, name: 'unique-name' });
    expect(duplicate.status).toBe(431);
    expect(inner(duplicate, 'deployVirtualMachine').errortext).toMatch(
      /already exists in the network domain/,
    );
    const offerings = (await ok(sim, 'listServiceOfferings', { name: 'Custom Instance' })) as {
      serviceoffering: Array<{ id: string; iscustomized: boolean }>;
    };
    const custom = offerings.serviceoffering[0]?.id ?? '';
    const noDetails = await call(sim, 'deployVirtualMachine', { ...base, serviceofferingid: custom });
    expect(inner(noDetails, 'deployVirtualMachine').errortext).toBe(
      'Need to specify custom parameter values cpu, cpu speed and memory when using custom offering',
    );
    const sized = await deployVm(sim, {
      serviceofferingid: custom,
      'details[0].cpuNumber': '4',
      'details[0].cpuSpeed': '1500',
      'details[0].memory': '8192',
    });
    expect(sized).toMatchObject({ cpunumber: 4, cpuspeed: 1500, memory: 8192 });
    const missingKey = await call(sim, 'deployVirtualMachine', { ...base, keypair: 'absent' });
    expect(inner(missingKey, 'deployVirtualMachine').errortext).toMatch(
      /A key pair with name 'absent' was not found/,
    );
  });

  it('deploys into the Basic zone shared network', async () => {
    const vm = (await deployVm(sim, { zoneid: sim.seeded.basicZoneId })) as unknown as Vm & {
      zonename: string;
    };
    expect(vm.zonename).toBe('Sim-Basic');
    expect(vm.nic[0]?.ipaddress).toMatch(/^10\.2\./);
  });

  it('keeps SSH key pairs per account and installs them at deploy', async () => {
    const created = inner(await call(sim, 'createSSHKeyPair', { name: 'deploy-key' }), 'createSSHKeyPair')
      .keypair as Record<string, string>;
    expect(created.privatekey).toMatch(/BEGIN PRIVATE KEY/);
    expect(created.fingerprint).toMatch(/^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
    const duplicate = await call(sim, 'createSSHKeyPair', { name: 'deploy-key' });
    expect(duplicate.status).toBe(431);
    const vm = await deployVm(sim, { keypair: 'deploy-key' });
    expect(vm.keypairs).toBe('deploy-key');
    const invalid = await call(sim, 'registerSSHKeyPair', { name: 'bad', publickey: 'ssh-rsa not-base64!' });
    expect(inner(invalid, 'registerSSHKeyPair').errortext).toBe('Public key is invalid');
    const listed = (await ok(sim, 'listSSHKeyPairs', { name: 'deploy-key' })) as {
      sshkeypair: Array<Record<string, unknown>>;
    };
    expect(listed.sshkeypair[0]?.privatekey).toBeUndefined();
    expect(await ok(sim, 'deleteSSHKeyPair', { name: 'deploy-key' })).toEqual({ success: true });
    expect(await ok(sim, 'listSSHKeyPairs', { name: 'deploy-key' })).toEqual({});
  });

  it('applies templatefilter semantics', async () => {
    const names = async (filter: string) =>
      (
        (
          (await ok(sim, 'listTemplates', { templatefilter: filter, zoneid: sim.seeded.advancedZoneId })) as {
            template?: Array<{ name: string }>;
          }
        ).template ?? []
      ).map((t) => t.name);
    expect(await names('featured')).toEqual([
      'CentOS 5.6(64-bit) no GUI (Simulator)',
      'Ubuntu 22.04 LTS (Simulator)',
    ]);
    expect(await names('self')).toEqual(['Debian 12 (community)', 'admin-private-template']);
    expect(await names('community')).toEqual(['Debian 12 (community)']);
    expect(await names('sharedexecutable')).toEqual([]);
    expect(await names('executable')).toHaveLength(4);
    expect(await names('all')).toHaveLength(4);
    const everyZone = (await ok(sim, 'listTemplates', { templatefilter: 'featured' })) as { count: number };
    expect(everyZone.count).toBe(4);
    const bad = await call(sim, 'listTemplates', { templatefilter: 'mine' });
    expect(bad.status).toBe(431);
    const isos = (await ok(sim, 'listIsos', { isofilter: 'featured' })) as {
      iso: Array<{ name: string; bootable: boolean }>;
    };
    expect(new Set(isos.iso.map((i) => i.name))).toEqual(new Set(['TinyCore 8.0']));
  });
});
