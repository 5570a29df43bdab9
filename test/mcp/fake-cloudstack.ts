// A small in-memory CloudStack for unit tests of the MCP layer: zones, templates, offerings, networks and
// VMs, list filters and paging as CloudStack does them, async jobs, and injectable failures. The real
// embedded simulator is exercised by the e2e tests.
import { randomUUID } from 'node:crypto';
import {
  AsyncJobFailedError,
  CloudStackApiError,
  CloudStackInputError,
} from '../../src/cloudstack/errors.js';
import type {
  ApiParams,
  AsyncJobResult,
  CallerIdentity,
  CallOptions,
  CloudStackCaller,
  ListAllOptions,
  ListAllResult,
  WaitOptions,
} from '../../src/cloudstack/types.js';

type Item = Record<string, unknown>;

interface Job {
  jobid: string;
  cmd: string;
  status: number;
  result: unknown;
  instanceId?: string;
}

const listKeys: Record<string, string> = {
  listZones: 'zone',
  listTemplates: 'template',
  listServiceOfferings: 'serviceoffering',
  listNetworks: 'network',
  listVirtualMachines: 'virtualmachine',
  listVolumes: 'volume',
};

export class FakeCloudStack implements CloudStackCaller {
  readonly calls: { command: string; params: ApiParams }[] = [];
  readonly zones: Item[] = [
    { id: randomUUID(), name: 'zone-a', networktype: 'Advanced', allocationstate: 'Enabled' },
    { id: randomUUID(), name: 'zone-b', networktype: 'Advanced', allocationstate: 'Enabled' },
  ];
  readonly templates: Item[];
  readonly offerings: Item[] = [
    { id: randomUUID(), name: 'Small', displaytext: 'Small instance', cpunumber: 1, memory: 512 },
    { id: randomUUID(), name: 'Medium', displaytext: 'Medium instance', cpunumber: 2, memory: 2048 },
  ];
  readonly networks: Item[];
  readonly vms: Item[] = [];
  readonly volumes: Item[] = [];
  readonly jobs = new Map<string, Job>();
  /** Thrown by the next call of that command. */
  readonly failures = new Map<string, Error>();
  /** Jobs of these commands fail with this errortext. */
  readonly failingJobs = new Map<string, string>();
  /** Polls a job takes before it ends. */
  jobPolls = 2;
  /** Who the caller is (CloudStackCaller.identity); left out, the server cannot tell. */
  identity?: () => Promise<CallerIdentity>;

  constructor() {
    const [zoneA, zoneB] = this.zones as [Item, Item];
    this.templates = [
      {
        id: randomUUID(),
        name: 'Ubuntu 22.04',
        displaytext: 'Ubuntu',
        zoneid: zoneA.id,
        zonename: zoneA.name,
        isready: true,
      },
      {
        id: randomUUID(),
        name: 'CentOS 7',
        displaytext: 'CentOS',
        zoneid: zoneA.id,
        zonename: zoneA.name,
        isready: true,
      },
      {
        id: randomUUID(),
        name: 'CentOS 7',
        displaytext: 'CentOS again',
        zoneid: zoneB.id,
        zonename: zoneB.name,
        isready: true,
      },
    ];
    this.networks = [
      {
        id: randomUUID(),
        name: 'net-a',
        zoneid: zoneA.id,
        zonename: zoneA.name,
        type: 'Isolated',
        state: 'Implemented',
      },
    ];
  }

  addVms(count: number, zone = this.zones[0] as Item): void {
    for (let i = 0; i < count; i++) this.vms.push(this.makeVm(`vm-${this.vms.length + 1}`, zone, 'Running'));
  }

  async request<T = Record<string, unknown>>(
    command: string,
    params: ApiParams = {},
    options: CallOptions = {},
  ): Promise<T> {
    options.signal?.throwIfAborted();
    this.calls.push({ command, params });
    const failure = this.failures.get(command);
    if (failure) {
      this.failures.delete(command);
      throw failure;
    }
    return this.handle(command, params) as T;
  }

  async requestAsync<T = Record<string, unknown>>(
    command: string,
    params?: ApiParams,
    options: CallOptions & WaitOptions = {},
  ): Promise<T> {
    const started = await this.request<{ jobid: string }>(command, params, options);
    return (await this.waitForJob<T>(started.jobid, options)).jobresult as T;
  }

  async waitForJob<T = unknown>(jobId: string, options: WaitOptions = {}): Promise<AsyncJobResult<T>> {
    const job = this.jobs.get(jobId);
    if (!job) throw new CloudStackInputError('jobid', 'unknown');
    for (let poll = 1; poll <= this.jobPolls; poll++) {
      options.signal?.throwIfAborted();
      await new Promise((resolve) => setTimeout(resolve, 1));
      options.onProgress?.({
        jobId,
        polls: poll,
        elapsedMs: poll * 10,
        status: poll < this.jobPolls ? 0 : job.status,
      });
    }
    const answer = this.jobAnswer(job);
    if (job.status === 2) {
      const result = job.result as { errorcode: number; errortext: string };
      throw new AsyncJobFailedError({
        jobId,
        command: job.cmd,
        errorCode: result.errorcode,
        csErrorCode: 4250,
        errorText: result.errortext,
        jobResultCode: 530,
        jobResult: result,
      });
    }
    return answer as AsyncJobResult<T>;
  }

  async listAll<T = Record<string, unknown>>(
    command: string,
    params: ApiParams = {},
    options: ListAllOptions = {},
  ): Promise<ListAllResult<T>> {
    const pageSize = options.pageSize ?? 500;
    const items: T[] = [];
    let count = 0;
    let pages = 0;
    let itemKey: string | undefined;
    for (let page = 1; ; page++) {
      const answer = await this.request<Record<string, unknown>>(
        command,
        { ...params, page, pagesize: pageSize },
        options,
      );
      pages++;
      itemKey = listKeys[command];
      const pageItems = (itemKey ? (answer[itemKey] as T[] | undefined) : undefined) ?? [];
      count = typeof answer.count === 'number' ? answer.count : 0;
      items.push(...pageItems);
      if (pageItems.length < pageSize || items.length >= count) break;
      if (options.maxItems !== undefined && items.length >= options.maxItems) break;
    }
    return { count, items: options.maxItems ? items.slice(0, options.maxItems) : items, itemKey, pages };
  }

  private makeVm(name: string, zone: Item, state: string): Item {
    return {
      id: randomUUID(),
      name,
      displayname: name,
      state,
      zoneid: zone.id,
      zonename: zone.name,
      templatename: 'Ubuntu 22.04',
      serviceofferingname: 'Small',
      cpunumber: 1,
      memory: 512,
      created: '2024-01-01T00:00:00+0000',
      nic: [
        { id: randomUUID(), ipaddress: '10.1.1.10', networkname: 'net-a', macaddress: '02:00:00:00:00:01' },
      ],
      tags: [],
      details: { rootdisksize: '8' },
      password: 'hunter2-vm-password',
    };
  }

  private startJob(cmd: string, result: () => unknown, instanceId?: string): { jobid: string; id?: string } {
    const jobid = randomUUID();
    const failure = this.failingJobs.get(cmd);
    const job: Job = failure
      ? { jobid, cmd, status: 2, result: { errorcode: 530, errortext: failure } }
      : { jobid, cmd, status: 1, result: result() };
    if (instanceId) job.instanceId = instanceId;
    this.jobs.set(jobid, job);
    return instanceId ? { jobid, id: instanceId } : { jobid };
  }

  private jobAnswer(job: Job): AsyncJobResult {
    const answer: AsyncJobResult = {
      jobid: job.jobid,
      jobstatus: job.status,
      cmd: `org.apache.cloudstack.api.command.user.vm.${job.cmd}Cmd`,
      jobresult: job.result,
    };
    if (job.instanceId) {
      answer.jobinstancetype = 'VirtualMachine';
      answer.jobinstanceid = job.instanceId;
    }
    return answer;
  }

  private vm(id: unknown): Item {
    const vm = this.vms.find((candidate) => candidate.id === id);
    if (!vm) {
      throw new CloudStackApiError({
        command: 'vm',
        httpStatus: 431,
        errorCode: 431,
        csErrorCode: 4350,
        errorText: `Unable to find virtual machine with specified id ${String(id)}`,
        uuidList: [],
      });
    }
    return vm;
  }

  private list(items: Item[], key: string, params: ApiParams): Item {
    let matched = items;
    for (const field of ['id', 'name', 'zoneid', 'state'] as const) {
      const wanted = params[field];
      // Like CloudStack, an object without a zone is available in every zone.
      if (wanted !== undefined)
        matched = matched.filter(
          (item) => item[field] === wanted || (field === 'zoneid' && item.zoneid === undefined),
        );
    }
    if (typeof params.keyword === 'string') {
      const keyword = params.keyword.toLowerCase();
      matched = matched.filter((item) => String(item.name).toLowerCase().includes(keyword));
    }
    if (matched.length === 0) return {};
    let page = matched;
    if (params.page !== undefined || params.pagesize !== undefined) {
      const size = Number(params.pagesize ?? 500);
      const number = Number(params.page ?? 1);
      page = matched.slice((number - 1) * size, number * size);
    }
    return { count: matched.length, [key]: page };
  }

  private handle(command: string, params: ApiParams): unknown {
    switch (command) {
      case 'listZones':
        return this.list(this.zones, 'zone', params);
      case 'listTemplates':
        return this.list(this.templates, 'template', params);
      case 'listServiceOfferings':
        return this.list(this.offerings, 'serviceoffering', params);
      case 'listNetworks':
        return this.list(this.networks, 'network', params);
      case 'listVirtualMachines':
        return this.list(this.vms, 'virtualmachine', params);
      case 'listVolumes':
        return this.list(this.volumes, 'volume', params);
      case 'listCapabilities':
        return { capability: { cloudstackversion: '4.18.0', apilimitmax: 0 } };
      case 'getUserKeys':
        return { userkeys: { apikey: 'listed-api-key-value', secretkey: 'listed-secret-key-value' } };
      case 'queryAsyncJobResult': {
        const job = this.jobs.get(String(params.jobid));
        if (!job) {
          throw new CloudStackApiError({
            command,
            httpStatus: 530,
            errorCode: 530,
            csErrorCode: 9999,
            errorText: `Unable to find async job ${String(params.jobid)}`,
            uuidList: [],
          });
        }
        return this.jobAnswer(job);
      }
      case 'deployVirtualMachine': {
        const zone = this.zones.find((candidate) => candidate.id === params.zoneid);
        if (!zone) {
          throw new CloudStackApiError({
            command,
            httpStatus: 431,
            errorCode: 431,
            csErrorCode: 4350,
            errorText: 'Unable to find zone by id',
            uuidList: [],
          });
        }
        const vm = this.makeVm(String(params.name ?? `VM-${randomUUID().slice(0, 8)}`), zone, 'Running');
        return this.startJob(
          command,
          () => {
            this.vms.push(vm);
            return { virtualmachine: vm };
          },
          String(vm.id),
        );
      }
      case 'startVirtualMachine':
      case 'stopVirtualMachine':
      case 'rebootVirtualMachine':
      case 'destroyVirtualMachine': {
        const vm = this.vm(params.id);
        const state = {
          startVirtualMachine: 'Running',
          stopVirtualMachine: 'Stopped',
          rebootVirtualMachine: 'Running',
          destroyVirtualMachine: 'Destroyed',
        }[command];
        return this.startJob(
          command,
          () => {
            vm.state = state;
            return { virtualmachine: vm };
          },
          String(vm.id),
        );
      }
      case 'registerUserKeys':
        return { userkeys: { apikey: 'new-api-key-value', secretkey: 'new-secret-key-value' } };
      case 'disableAccount':
        return { account: { id: params.id ?? randomUUID(), name: params.account, state: 'disabled' } };
      case 'deleteVolume': {
        const index = this.volumes.findIndex((volume) => volume.id === params.id);
        if (index >= 0) this.volumes.splice(index, 1);
        return { success: true };
      }
      default:
        throw new CloudStackApiError({
          command,
          httpStatus: 432,
          errorCode: 432,
          csErrorCode: 9999,
          errorText: `The given command ${command} does not exist or it is not available for the user`,
          uuidList: [],
        });
    }
  }
}
