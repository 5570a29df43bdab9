// Images family (issue 14): templates and ISOs registered from a URL download over simulated time (isready
// false, status "N% Downloaded", then ready), are copied between zones, extracted and deleted; ISOs attach to
// and detach from VMs; refusals carry CloudStack's texts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../../src/simulator/index.js';
import { call, deployVm, inner, type JobResult, ok, runJob } from './helpers.js';

type Json = Record<string, unknown>;

function refusedInJob(job: JobResult, text: string): void {
  expect(job.jobstatus).toBe(2);
  expect(job.jobresult).toEqual({ errorcode: 530, errortext: text });
}

describe('images family', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ jobDurationMs: 100 });
  });
  afterAll(() => sim.close());

  async function register(name: string, extra: Record<string, string> = {}): Promise<Json> {
    const answer = (await ok(sim, 'registerTemplate', {
      name,
      displaytext: name,
      url: `https://images.example.com/${name}.qcow2`,
      format: 'QCOW2',
      hypervisor: 'Simulator',
      zoneid: sim.seeded.advancedZoneId,
      ...extra,
    })) as { count: number; template: Json[] };
    expect(answer.count).toBe(1);
    return answer.template[0] ?? {};
  }

  async function templateNow(id: string): Promise<Json> {
    const list = (await ok(sim, 'listTemplates', { templatefilter: 'self', id })) as { template: Json[] };
    return list.template[0] ?? {};
  }

  async function untilReady(id: string): Promise<Json[]> {
    const seen: Json[] = [];
    for (let i = 0; i < 200; i++) {
      const now = await templateNow(id);
      seen.push(now);
      if (now.isready === true) return seen;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`template ${id} never became ready`);
  }

  it('a registered template downloads (N% Downloaded), refuses deploys until ready, then deploys', async () => {
    const template = await register('web-image');
    expect(template).toMatchObject({ isready: false, status: '0% Downloaded', templatetype: 'USER' });
    expect(template.downloaddetails).toEqual([
      expect.objectContaining({ downloadState: 'DOWNLOAD_IN_PROGRESS', downloadPercent: '0' }),
    ]);
    const early = await runJob(sim, 'deployVirtualMachine', {
      zoneid: sim.seeded.advancedZoneId,
      templateid: String(template.id),
      serviceofferingid: sim.seeded.serviceOfferingId,
    }).catch((error: Error) => error);
    expect(String(early instanceof Error ? early.message : JSON.stringify(early))).toContain('is not ready');
    const seen = await untilReady(String(template.id));
    expect(seen.at(-1)).toMatchObject({ isready: true, status: 'Download Complete' });
    const vm = await deployVm(sim, { templateid: String(template.id), name: 'from-web-image' });
    expect(vm).toMatchObject({ templateid: template.id, state: 'Running' });
  });

  it('refuses unsupported URL schemes and formats', async () => {
    const ftp = await call(sim, 'registerTemplate', {
      name: 'x',
      displaytext: 'x',
      url: 'ftp://example.com/x.qcow2',
      format: 'QCOW2',
      hypervisor: 'Simulator',
      zoneid: sim.seeded.advancedZoneId,
    });
    expect(ftp.status).toBe(431);
    expect(inner(ftp, 'registerTemplate')).toMatchObject({
      cserrorcode: 4350,
      errortext: 'Unsupported scheme for url: ftp://example.com/x.qcow2',
    });
    const format = await call(sim, 'registerTemplate', {
      name: 'x',
      displaytext: 'x',
      url: 'http://example.com/x.img',
      format: 'IMG',
      hypervisor: 'Simulator',
      zoneid: sim.seeded.advancedZoneId,
    });
    expect(String(inner(format, 'registerTemplate').errortext)).toContain('Image format is incorrect IMG');
  });

  it('copies a ready template to the other zone, refusing before it is downloaded', async () => {
    const template = await register('copy-me');
    refusedInJob(
      await runJob(sim, 'copyTemplate', { id: String(template.id), destzoneid: sim.seeded.basicZoneId }),
      'Failed to copy template copy-me: it is not downloaded yet',
    );
    await untilReady(String(template.id));
    const copied = await runJob(sim, 'copyTemplate', {
      id: String(template.id),
      destzoneid: sim.seeded.basicZoneId,
    });
    expect(copied.jobresult?.template).toMatchObject({ zoneid: sim.seeded.basicZoneId });
    const list = (await ok(sim, 'listTemplates', { templatefilter: 'self', id: String(template.id) })) as {
      template: Json[];
    };
    expect(list.template.map((t) => t.zoneid).sort()).toEqual(
      [sim.seeded.advancedZoneId, sim.seeded.basicZoneId].sort(),
    );
  });

  it('updates, extracts, and deletes a template only when no VM uses it (or forced)', async () => {
    const template = await register('to-delete');
    await untilReady(String(template.id));
    const updated = (await ok(sim, 'updateTemplate', {
      id: String(template.id),
      displaytext: 'renamed',
    })) as {
      template: Json;
    };
    expect(updated.template.displaytext).toBe('renamed');
    const extracted = await runJob(sim, 'extractTemplate', {
      id: String(template.id),
      mode: 'HTTP_DOWNLOAD',
    });
    expect(extracted.jobresult?.template).toMatchObject({
      state: 'DOWNLOAD_URL_CREATED',
      extractMode: 'HTTP_DOWNLOAD',
    });
    const vm = await deployVm(sim, { templateid: String(template.id), name: 'uses-template' });
    const refused = await call(sim, 'deleteTemplate', { id: String(template.id) });
    expect(refused.status).toBe(431);
    expect(inner(refused, 'deleteTemplate').errortext).toBe(
      `Unable to delete template with id: ${template.id} because VM instances: [${vm.name}] are using it.`,
    );
    const forced = await runJob(sim, 'deleteTemplate', { id: String(template.id), forced: 'true' });
    expect(forced.jobresult).toEqual({ success: true });
  });

  it('attaches one ISO at a time and detaches it', async () => {
    const isos = (await ok(sim, 'listIsos', { isofilter: 'featured' })) as { iso: Json[] };
    const iso = isos.iso.find((i) => i.zoneid === sim.seeded.advancedZoneId);
    const vm = await deployVm(sim, { name: 'iso-vm' });
    refusedInJob(
      await runJob(sim, 'detachIso', { virtualmachineid: String(vm.id) }),
      'The specified VM has no ISO attached to it.',
    );
    const attached = await runJob(sim, 'attachIso', { id: String(iso?.id), virtualmachineid: String(vm.id) });
    expect(attached.jobresult?.virtualmachine).toMatchObject({ isoid: iso?.id, isoname: iso?.name });
    refusedInJob(
      await runJob(sim, 'attachIso', { id: String(iso?.id), virtualmachineid: String(vm.id) }),
      'An ISO is already attached to the VM, please detach the current ISO before attaching another one',
    );
    const detached = await runJob(sim, 'detachIso', { virtualmachineid: String(vm.id) });
    const after = (detached.jobresult?.virtualmachine ?? {}) as Json;
    expect(after.id).toBe(vm.id);
    expect(after.isoid).toBeUndefined();
  });

  it('creates a template from the volume of a stopped VM (refused while it runs) and deploys from it', async () => {
    const vm = await deployVm(sim, { name: 'template-source' });
    const volumes = (await ok(sim, 'listVolumes', { virtualmachineid: String(vm.id), type: 'ROOT' })) as {
      volume: Json[];
    };
    const osTypes = (await ok(sim, 'listOsTypes')) as { ostype: Json[] };
    const params = {
      name: 'golden',
      displaytext: 'golden image',
      ostypeid: String(osTypes.ostype[0]?.id),
      volumeid: String(volumes.volume[0]?.id),
    };
    refusedInJob(
      await runJob(sim, 'createTemplate', params),
      `VM ${vm.name} is in state Running: stop it before creating a template from its volume ${volumes.volume[0]?.name}`,
    );
    await runJob(sim, 'stopVirtualMachine', { id: String(vm.id) });
    const created = await runJob(sim, 'createTemplate', params);
    expect(created.jobresult?.template).toMatchObject({
      name: 'golden',
      isready: true,
      templatetype: 'USER',
    });
    const template = (created.jobresult?.template ?? {}) as Json;
    const from = await deployVm(sim, { templateid: String(template.id) });
    expect(from.state).toBe('Running');
  });

  it('puts a storage pool in maintenance and back, refusing to do either twice', async () => {
    const pools = (await ok(sim, 'listStoragePools', { name: 'SimPrimaryStorage-2' })) as {
      storagepool: Json[];
    };
    const id = String(pools.storagepool[0]?.id);
    const on = await runJob(sim, 'enableStorageMaintenance', { id });
    expect(on.jobresult?.storagepool).toMatchObject({ id, state: 'Maintenance' });
    refusedInJob(
      await runJob(sim, 'enableStorageMaintenance', { id }),
      `Primary storage with id ${id} is not ready for migration, as the status is:Maintenance`,
    );
    const off = await runJob(sim, 'cancelStorageMaintenance', { id });
    expect(off.jobresult?.storagepool).toMatchObject({ state: 'Up' });
    refusedInJob(
      await runJob(sim, 'cancelStorageMaintenance', { id }),
      `Primary storage with id ${id} is not ready to complete migration, as the status is:Up`,
    );
  });
});
