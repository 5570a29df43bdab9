// Storage family (issue 14): volumes, snapshots, snapshot policies and VM snapshots follow CloudStack's
// state rules, refusing with its codes (431 / cserrorcode 4350) and texts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../../src/simulator/index.js';
import { call, deployVm, inner, type JobResult, ok, runJob } from './helpers.js';

type Json = Record<string, unknown>;
const GiB = 1024 ** 3;

function volumeOf(job: JobResult): Json {
  expect(job.jobstatus, JSON.stringify(job.jobresult)).toBe(1);
  return job.jobresult?.volume as Json;
}

/**
 * A job refused by CloudStack's InvalidParameterValueException: its async job dispatcher reports anything but
 * a ServerApiException as 530, with the exception's text.
 */
function refusedInJob(job: JobResult, text: string): void {
  expect(job.jobstatus).toBe(2);
  expect(job.jobresultcode).toBe(530);
  expect(job.jobresult).toEqual({ errorcode: 530, errortext: text });
}

describe('storage family state rules', () => {
  let sim: RunningSimulator;
  const offerings: Record<string, string> = {};

  beforeAll(async () => {
    sim = await startSimulator({ jobDurationMs: 5 });
    const list = (await ok(sim, 'listDiskOfferings')) as { diskoffering: Json[] };
    for (const o of list.diskoffering) offerings[String(o.name)] = String(o.id);
  });
  afterAll(() => sim.close());

  async function newVolume(params: Record<string, string> = {}): Promise<Json> {
    return volumeOf(
      await runJob(sim, 'createVolume', {
        name: 'vol',
        zoneid: sim.seeded.advancedZoneId,
        diskofferingid: offerings.Medium ?? '',
        ...params,
      }),
    );
  }

  async function refusedSync(command: string, params: Record<string, string>, text: string): Promise<void> {
    const answer = await call(sim, command, params);
    expect(answer.status).toBe(431);
    expect(inner(answer, command)).toMatchObject({ errorcode: 431, cserrorcode: 4350, errortext: text });
  }

  it('creates a volume (Allocated), attaches it (Ready, device 1) and lists it with the VM', async () => {
    const vm = await deployVm(sim, { name: 'storage-1' });
    const started = await ok(sim, 'createVolume', {
      name: 'data-20g',
      zoneid: sim.seeded.advancedZoneId,
      diskofferingid: offerings.Custom ?? '',
      size: '20',
    });
    expect(Object.keys(started).sort()).toEqual(['id', 'jobid']);
    const created = await newVolume({ diskofferingid: offerings.Custom ?? '', size: '20' });
    expect(created).toMatchObject({ state: 'Allocated', type: 'DATADISK', size: 20 * GiB });
    expect(created.storage).toBeUndefined();
    const attached = volumeOf(
      await runJob(sim, 'attachVolume', { id: String(created.id), virtualmachineid: String(vm.id) }),
    );
    expect(attached).toMatchObject({
      state: 'Ready',
      deviceid: 1,
      virtualmachineid: vm.id,
      vmstate: 'Running',
    });
    expect(attached.storage).toBe('SimPrimaryStorage');
    const list = (await ok(sim, 'listVolumes', { virtualmachineid: String(vm.id) })) as { volume: Json[] };
    expect(list.volume.map((v) => v.type).sort()).toEqual(['DATADISK', 'ROOT']);
  });

  it('refuses a custom offering without size and a fixed one with another size', async () => {
    await refusedSync(
      'createVolume',
      { zoneid: sim.seeded.advancedZoneId, diskofferingid: offerings.Custom ?? '' },
      'This disk offering requires a custom size specified',
    );
    await refusedSync(
      'createVolume',
      { zoneid: sim.seeded.advancedZoneId, diskofferingid: offerings.Small ?? '', size: '7' },
      'This disk offering does not allow custom size',
    );
    await refusedSync(
      'createVolume',
      { zoneid: sim.seeded.advancedZoneId },
      'At least one of disk Offering ID or snapshot ID must be passed whilst creating volume',
    );
  });

  it('refuses to attach a volume to a destroyed VM, or one already attached', async () => {
    const vm = await deployVm(sim, { name: 'storage-destroyed' });
    await runJob(sim, 'destroyVirtualMachine', { id: String(vm.id) });
    const volume = await newVolume();
    refusedInJob(
      await runJob(sim, 'attachVolume', { id: String(volume.id), virtualmachineid: String(vm.id) }),
      'Please specify a VM that is either running or stopped.',
    );
    const other = await deployVm(sim, { name: 'storage-other' });
    await runJob(sim, 'attachVolume', { id: String(volume.id), virtualmachineid: String(other.id) });
    refusedInJob(
      await runJob(sim, 'attachVolume', { id: String(volume.id), virtualmachineid: String(other.id) }),
      'Please specify a volume that is not attached to any VM.',
    );
  });

  it('refuses to delete an attached volume; deletes it once detached', async () => {
    const vm = await deployVm(sim, { name: 'storage-delete' });
    const volume = await newVolume();
    await runJob(sim, 'attachVolume', { id: String(volume.id), virtualmachineid: String(vm.id) });
    await refusedSync(
      'deleteVolume',
      { id: String(volume.id) },
      'Please specify a volume that is not attached to any VM.',
    );
    const detached = volumeOf(await runJob(sim, 'detachVolume', { id: String(volume.id) }));
    expect(detached.virtualmachineid).toBeUndefined();
    refusedInJob(
      await runJob(sim, 'detachVolume', { id: String(volume.id) }),
      'The specified volume is not attached to a VM.',
    );
    expect(await ok(sim, 'deleteVolume', { id: String(volume.id) })).toEqual({ success: true });
    const list = (await ok(sim, 'listVolumes', { id: String(volume.id) })) as { volume?: Json[] };
    expect(list.volume).toBeUndefined();
  });

  it('resizes a custom volume, refusing to shrink without shrinkok and a fixed offering without a new one', async () => {
    const custom = await newVolume({ diskofferingid: offerings.Custom ?? '', size: '20' });
    const grown = volumeOf(await runJob(sim, 'resizeVolume', { id: String(custom.id), size: '40' }));
    expect(grown.size).toBe(40 * GiB);
    refusedInJob(
      await runJob(sim, 'resizeVolume', { id: String(custom.id), size: '10' }),
      `Going from existing size of ${40 * GiB} to size of ${10 * GiB} would shrink the volume.Need to sign off by supplying the shrinkok parameter with value of true.`,
    );
    const shrunk = volumeOf(
      await runJob(sim, 'resizeVolume', { id: String(custom.id), size: '10', shrinkok: 'true' }),
    );
    expect(shrunk.size).toBe(10 * GiB);
    const fixed = await newVolume();
    const job = await runJob(sim, 'resizeVolume', { id: String(fixed.id), size: '30' });
    expect(job.jobstatus).toBe(2);
    expect(String(job.jobresult?.errortext)).toContain('its current disk offering must be customizable');
    const larger = volumeOf(
      await runJob(sim, 'resizeVolume', { id: String(fixed.id), diskofferingid: offerings.Large ?? '' }),
    );
    expect(larger).toMatchObject({ size: 100 * GiB, diskofferingname: 'Large' });
  });

  it('migrates a volume to another pool of its zone, not to another zone', async () => {
    const vm = await deployVm(sim, { name: 'storage-migrate' });
    const volume = await newVolume();
    await runJob(sim, 'attachVolume', { id: String(volume.id), virtualmachineid: String(vm.id) });
    const pools = (await ok(sim, 'listStoragePools')) as { storagepool: Json[] };
    const second = pools.storagepool.find((p) => p.name === 'SimPrimaryStorage-2');
    const elsewhere = pools.storagepool.find((p) => p.zoneid === sim.seeded.basicZoneId);
    const running = await runJob(sim, 'migrateVolume', {
      volumeid: String(volume.id),
      storageid: String(second?.id),
    });
    expect(running.jobstatus).toBe(2);
    const moved = volumeOf(
      await runJob(sim, 'migrateVolume', {
        volumeid: String(volume.id),
        storageid: String(second?.id),
        livemigrate: 'true',
      }),
    );
    expect(moved).toMatchObject({ storage: 'SimPrimaryStorage-2', storageid: second?.id });
    const across = await runJob(sim, 'migrateVolume', {
      volumeid: String(volume.id),
      storageid: String(elsewhere?.id),
      livemigrate: 'true',
    });
    expect(across.jobstatus).toBe(2);
    expect(String(across.jobresult?.errortext)).toContain('not in the zone of the volume');
  });

  it('snapshots a volume, refuses to revert it while its VM runs, reverts once stopped, deletes it', async () => {
    const vm = await deployVm(sim, { name: 'storage-snap' });
    const volume = await newVolume();
    await refusedSync(
      'createSnapshot',
      { volumeid: String(volume.id) },
      `VolumeId: ${volume.id} is not in Ready state but Allocated. Cannot take snapshot.`,
    );
    await runJob(sim, 'attachVolume', { id: String(volume.id), virtualmachineid: String(vm.id) });
    const taken = await runJob(sim, 'createSnapshot', { volumeid: String(volume.id) });
    expect(taken.jobstatus).toBe(1);
    const snapshot = taken.jobresult?.snapshot as Json;
    expect(snapshot).toMatchObject({ state: 'BackedUp', volumeid: volume.id, snapshottype: 'MANUAL' });
    const list = (await ok(sim, 'listSnapshots', { volumeid: String(volume.id) })) as { snapshot: Json[] };
    expect(list.snapshot.map((s) => s.id)).toEqual([snapshot.id]);
    refusedInJob(
      await runJob(sim, 'revertSnapshot', { id: String(snapshot.id) }),
      'The VM the specified disk is attached to is not in the shutdown state.',
    );
    await runJob(sim, 'stopVirtualMachine', { id: String(vm.id) });
    expect((await runJob(sim, 'revertSnapshot', { id: String(snapshot.id) })).jobstatus).toBe(1);
    const fromSnapshot = volumeOf(
      await runJob(sim, 'createVolume', { snapshotid: String(snapshot.id), name: 'restored' }),
    );
    expect(fromSnapshot).toMatchObject({ snapshotid: snapshot.id, size: 20 * GiB });
    const deleted = await runJob(sim, 'deleteSnapshot', { id: String(snapshot.id) });
    expect(deleted.jobresult).toEqual({ success: true });
  });

  it('keeps one recurring policy per volume and interval, lists and deletes it', async () => {
    const volume = await newVolume();
    const policy = (await ok(sim, 'createSnapshotPolicy', {
      volumeid: String(volume.id),
      intervaltype: 'daily',
      schedule: '30:02',
      timezone: 'Europe/Paris',
      maxsnaps: '7',
    })) as { snapshotpolicy: Json };
    expect(policy.snapshotpolicy).toMatchObject({ intervaltype: 1, schedule: '30:02', maxsnaps: 7 });
    await refusedSync(
      'createSnapshotPolicy',
      {
        volumeid: String(volume.id),
        intervaltype: 'daily',
        schedule: '30:99',
        timezone: 'UTC',
        maxsnaps: '7',
      },
      'Invalid schedule: 30:99 for interval type: DAILY',
    );
    const list = (await ok(sim, 'listSnapshotPolicies', { volumeid: String(volume.id) })) as {
      snapshotpolicy: Json[];
    };
    expect(list.snapshotpolicy).toHaveLength(1);
    expect(await ok(sim, 'deleteSnapshotPolicies', { id: String(policy.snapshotpolicy.id) })).toEqual({
      success: true,
    });
  });

  it('VM snapshots: a disk-only one cannot be reverted to while the VM runs', async () => {
    const vm = await deployVm(sim, { name: 'storage-vmsnap' });
    const taken = await runJob(sim, 'createVMSnapshot', { virtualmachineid: String(vm.id), name: 'before' });
    const snapshot = taken.jobresult?.vmsnapshot as Json;
    expect(snapshot).toMatchObject({ state: 'Ready', type: 'Disk', current: true, displayname: 'before' });
    const list = (await ok(sim, 'listVMSnapshot', { virtualmachineid: String(vm.id) })) as {
      vmSnapshot: Json[];
    };
    expect(list.vmSnapshot.map((s) => s.id)).toEqual([snapshot.id]);
    refusedInJob(
      await runJob(sim, 'revertToVMSnapshot', { vmsnapshotid: String(snapshot.id) }),
      'VM Snapshot revert not allowed. This will result in VM state change. You can revert running VM to disk and memory type snapshot only',
    );
    await runJob(sim, 'stopVirtualMachine', { id: String(vm.id) });
    const reverted = await runJob(sim, 'revertToVMSnapshot', { vmsnapshotid: String(snapshot.id) });
    expect(reverted.jobresult?.virtualmachine).toMatchObject({ id: vm.id });
    expect((await runJob(sim, 'deleteVMSnapshot', { vmsnapshotid: String(snapshot.id) })).jobresult).toEqual({
      success: true,
    });
  });

  it('uploads a volume from a URL (Uploaded, then Ready once attached); refuses other schemes', async () => {
    await refusedSync(
      'uploadVolume',
      { name: 'up', url: 'ftp://example.com/disk.qcow2', format: 'QCOW2', zoneid: sim.seeded.advancedZoneId },
      'Unsupported scheme for url: ftp://example.com/disk.qcow2',
    );
    const uploaded = volumeOf(
      await runJob(sim, 'uploadVolume', {
        name: 'up',
        url: 'https://example.com/disk.qcow2',
        format: 'QCOW2',
        zoneid: sim.seeded.advancedZoneId,
      }),
    );
    expect(uploaded.state).toBe('Uploaded');
    const vm = await deployVm(sim, { name: 'storage-upload' });
    const attached = volumeOf(
      await runJob(sim, 'attachVolume', { id: String(uploaded.id), virtualmachineid: String(vm.id) }),
    );
    expect(attached.state).toBe('Ready');
  });

  it('seeds pools, image stores, data volumes and a snapshot, the same for the same seed', async () => {
    const again = await startSimulator({});
    try {
      for (const [command, key] of [
        ['listVolumes', 'volume'],
        ['listSnapshots', 'snapshot'],
        ['listStoragePools', 'storagepool'],
        ['listImageStores', 'imagestore'],
      ] as const) {
        const mine = (await ok(again, command, { listall: 'true' })) as Record<string, Json[]>;
        const fresh = await startSimulator({});
        try {
          const theirs = (await ok(fresh, command, { listall: 'true' })) as Record<string, Json[]>;
          expect(mine[key]?.map((o) => o.id)).toEqual(theirs[key]?.map((o) => o.id));
          expect(mine[key]?.length).toBeGreaterThan(0);
        } finally {
          await fresh.close();
        }
      }
      const volumes = (await ok(again, 'listVolumes', { listall: 'true' })) as { volume: Json[] };
      expect(volumes.volume.map((v) => [v.name, v.state])).toEqual([
        ['data-01', 'Ready'],
        ['data-02', 'Allocated'],
      ]);
    } finally {
      await again.close();
    }
  });
});
