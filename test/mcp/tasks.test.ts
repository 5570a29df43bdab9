// MCP tasks over CloudStack's async jobs (src/mcp/tasks.ts), through the SDK's real Client: a task-augmented
// tools/call answers at once with a task named after the job, tasks/get and tasks/result ask CloudStack, and
// the result is the answer the call would have given.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  CallToolResultSchema,
  type CreateTaskResult,
  CreateTaskResultSchema,
  ErrorCode,
  RELATED_TASK_META_KEY,
} from '@modelcontextprotocol/sdk/types.js';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/mcp/logger.js';
import { createServer } from '../../src/mcp/server.js';
import { TokenSigner } from '../../src/mcp/signed-token.js';
import { type RunningHttpServer, startHttpTransport } from '../../src/mcp/transports/http.js';
import { DEFAULT_FAULTS } from '../../src/simulator/index.js';
import { FakeCloudStack } from './fake-cloudstack.js';
import { call, connect, dumpCatalog, errorOf, type Harness } from './harness.js';
import { deployTarget, simulatorWorld } from './simulator-world.js';

const TASK_TOOLS = ['deployVM', 'startVM', 'stopVM', 'rebootVM', 'destroyVM', 'callApi'];

function createTask(client: Client, name: string, args: Record<string, unknown>): Promise<CreateTaskResult> {
  return client.request(
    { method: 'tools/call', params: { name, arguments: args, task: { ttl: 60_000 } } },
    CreateTaskResultSchema,
  );
}

async function taskResult(client: Client, taskId: string) {
  return client.experimental.tasks.getTaskResult(taskId, CallToolResultSchema);
}

/** The JSON-RPC error code a request was refused with. */
async function refusal(promise: Promise<unknown>): Promise<number | undefined> {
  try {
    await promise;
  } catch (error) {
    return (error as { code?: number }).code;
  }
  throw new Error('expected the request to be refused');
}

const deployArgs = { zone: 'zone-a', template: 'Ubuntu 22.04', serviceOffering: 'Small' };

describe('MCP tasks (fake CloudStack)', () => {
  let harness: Harness;
  afterEach(async () => harness?.close());

  it('declares tools/call tasks only, and taskSupport only on the tools that start jobs', async () => {
    harness = await connect();
    expect(harness.client.getServerCapabilities()?.tasks).toEqual({ requests: { tools: { call: {} } } });
    const { tools } = await harness.client.listTools();
    const withTasks = tools
      .filter((tool) => tool.execution?.taskSupport === 'optional')
      .map((tool) => tool.name);
    expect(withTasks.sort()).toEqual([...TASK_TOOLS].sort());
    expect(
      tools.every((tool) => tool.execution === undefined || tool.execution.taskSupport === 'optional'),
    ).toBe(true);
  });

  it('offers no tasks in read-only mode (no tool starts a job)', async () => {
    harness = await connect({ readOnly: true });
    expect(harness.client.getServerCapabilities()?.tasks).toBeUndefined();
    const { tools } = await harness.client.listTools();
    expect(tools.some((tool) => tool.execution !== undefined)).toBe(false);
  });

  it('deploys as a task: working while the job runs, then completed with the answer the call gives', async () => {
    harness = await connect();
    const { client, cloud } = harness;
    const normal = await call(client, 'deployVM', { ...deployArgs, name: 'web-1' });
    expect(normal.isError, normal.text).toBe(false);

    const created = await createTask(client, 'deployVM', { ...deployArgs, name: 'web-2' });
    expect(created.task.status).toBe('working');
    const jobId = created.task.taskId.slice(0, created.task.taskId.indexOf('.'));
    const job = cloud.jobs.get(jobId);
    expect(job?.cmd).toBe('deployVirtualMachine');
    expect(created.task).toMatchObject({ ttl: 60_000, pollInterval: expect.any(Number) });

    // The job is still running in CloudStack: one queryAsyncJobResult, and the task says working.
    if (job) job.status = 0;
    const before = cloud.calls.length;
    const working = await client.experimental.tasks.getTask(created.task.taskId);
    expect(working).toMatchObject({ taskId: created.task.taskId, status: 'working' });
    expect(working.statusMessage).toContain(jobId);
    expect(cloud.calls.slice(before).map((c) => c.command)).toEqual(['queryAsyncJobResult']);

    if (job) job.status = 1;
    const done = await client.experimental.tasks.getTask(created.task.taskId);
    expect(done.status).toBe('completed');

    const result = await taskResult(client, created.task.taskId);
    expect(result._meta?.[RELATED_TASK_META_KEY]).toEqual({ taskId: created.task.taskId });
    const structured = result.structuredContent as Record<string, unknown>;
    const vm = structured.vm as Record<string, unknown>;
    const normalVm = normal.structured.vm as Record<string, unknown>;
    // The normal answer of the same call, but for its own job and VM.
    expect(structured).toEqual({
      ...normal.structured,
      jobId,
      vm: { ...normalVm, id: vm.id, name: 'web-2' },
    });
    expect(result.content).toEqual([{ type: 'text', text: JSON.stringify(structured) }]);
    expect(result.isError).toBeFalsy();
  });

  it('runs through the SDK client task stream (callToolStream) to the same result', async () => {
    harness = await connect();
    harness.cloud.addVms(1);
    const id = String(harness.cloud.vms[0]?.id);
    await harness.client.listTools(); // the client learns which tools take tasks
    const kinds: string[] = [];
    let final: Record<string, unknown> | undefined;
    for await (const message of harness.client.experimental.tasks.callToolStream({
      name: 'callApi',
      arguments: { api: 'stopVirtualMachine', params: { id } },
    })) {
      kinds.push(message.type);
      if (message.type === 'result') final = message.result.structuredContent as Record<string, unknown>;
      if (message.type === 'error') throw message.error;
    }
    expect(kinds[0]).toBe('taskCreated');
    expect(kinds.at(-1)).toBe('result');
    expect(final).toMatchObject({ api: 'stopVirtualMachine', status: 'done', jobId: expect.any(String) });
  });

  it('a call that starts no job is a task that has ended with its answer (a confirmation, nothing destroyed)', async () => {
    harness = await connect();
    const { client, cloud } = harness;
    cloud.addVms(1);
    const created = await createTask(client, 'destroyVM', { vm: 'vm-1' });
    expect(created.task.taskId.startsWith('done.')).toBe(true);
    expect(cloud.calls.some((c) => c.command === 'destroyVirtualMachine')).toBe(false);
    expect((await client.experimental.tasks.getTask(created.task.taskId)).status).toBe('completed');
    const result = await taskResult(client, created.task.taskId);
    expect(result.structuredContent).toMatchObject({ status: 'confirmation_required' });

    // An error answer is a failed task whose result is that answer.
    const bad = await createTask(client, 'startVM', { vm: 'no-such-vm' });
    const failed = await client.experimental.tasks.getTask(bad.task.taskId);
    expect(failed.status).toBe('failed');
    const answer = await taskResult(client, bad.task.taskId);
    expect(answer.isError).toBe(true);
    const normal = await call(client, 'startVM', { vm: 'no-such-vm' });
    expect(answer.content).toEqual([{ type: 'text', text: normal.text }]);
    expect(failed.statusMessage).toBe(errorOf(normal).message);
  });

  it('answers unknown, altered and foreign task ids with -32602; cancel and list are not offered (-32601)', async () => {
    harness = await connect();
    const { client } = harness;
    const tasks = client.experimental.tasks;
    expect(await refusal(tasks.getTask('no-such-task'))).toBe(ErrorCode.InvalidParams);
    expect(await refusal(tasks.getTaskResult('no-such-task', CallToolResultSchema))).toBe(
      ErrorCode.InvalidParams,
    );

    const created = await createTask(client, 'deployVM', deployArgs);
    const { taskId } = created.task;
    const [jobId, body, mac] = taskId.split('.') as [string, string, string];
    // The job id in front must be the one signed.
    expect(
      await refusal(tasks.getTask(`${jobId.replace(/^./, jobId[0] === 'a' ? 'b' : 'a')}.${body}.${mac}`)),
    ).toBe(ErrorCode.InvalidParams);
    expect(await refusal(tasks.getTask(`${jobId}.${body}x.${mac}`))).toBe(ErrorCode.InvalidParams);
    // Issued by another server (another key): not found.
    const other = await connect({ secret: 'another-secret' });
    try {
      expect(await refusal(other.client.experimental.tasks.getTask(taskId))).toBe(ErrorCode.InvalidParams);
    } finally {
      await other.close();
    }

    // CloudStack cannot cancel a job: no tasks.cancel capability, and tasks/cancel is not a method here.
    expect(await refusal(tasks.cancelTask(taskId))).toBe(ErrorCode.MethodNotFound);
    expect((await tasks.getTask(taskId)).status).toBe('completed');
    expect(await refusal(tasks.listTasks())).toBe(ErrorCode.MethodNotFound);

    // A tool that starts no job does not run as a task.
    expect(
      await refusal(
        client.request(
          { method: 'tools/call', params: { name: 'listZones', arguments: {}, task: {} } },
          CreateTaskResultSchema,
        ),
      ),
    ).toBe(ErrorCode.MethodNotFound);
  });

  it('leaves clients that do not ask for tasks as they were: the call waits, with progress', async () => {
    harness = await connect();
    const progress: string[] = [];
    const result = await harness.client.callTool({ name: 'deployVM', arguments: deployArgs }, undefined, {
      onprogress: (p) => progress.push(String(p.message)),
    });
    expect(result.structuredContent).toMatchObject({ status: 'done', jobId: expect.any(String) });
    expect(progress.length).toBeGreaterThan(0);
  });
});

describe('MCP tasks (embedded world.simulator)', () => {
  // The default schedules, only faster, so failing polls are not retried for seconds.
  const world = simulatorWorld(
    { seed: 41 },
    { retry: { baseDelayMs: 5, maxDelayMs: 20 }, pollRetry: { baseDelayMs: 10, maxDelayMs: 40 } },
  );
  let target: Awaited<ReturnType<typeof deployTarget>>;

  beforeAll(async () => {
    target = await deployTarget(world.server);
  });

  afterEach(() => world.simulator.setFaults(DEFAULT_FAULTS));

  it('a failing job is a failed task whose result is the job_failed answer of the normal call', async () => {
    world.simulator.setFaults({ jobFailureRate: 1 });
    const normal = await call(world.server.client, 'deployVM', { ...target, name: 'task-fails-1' });
    expect(errorOf(normal).kind).toBe('job_failed');

    const created = await createTask(world.server.client, 'deployVM', { ...target, name: 'task-fails-2' });
    const jobId = created.task.taskId.slice(0, created.task.taskId.indexOf('.'));
    // tasks/result blocks until the job has ended.
    const result = await taskResult(world.server.client, created.task.taskId);
    expect(result.isError).toBe(true);
    const text = (result.content[0] as { text: string }).text;
    const normalJob = String(errorOf(normal).jobId);
    expect(text).toBe(normal.text.replaceAll(normalJob, jobId));

    const task = await world.server.client.experimental.tasks.getTask(created.task.taskId);
    expect(task.status).toBe('failed');
    expect(task.statusMessage).toBe(errorOf(normal).message);
  });

  it('a job whose status CloudStack does not give is an internal error (-32603), the task still there', async () => {
    const created = await createTask(world.server.client, 'deployVM', { ...target, name: 'task-unsettled' });
    world.simulator.setFaults({ failureRate: 1, failureCommands: ['queryAsyncJobResult'] });
    const tasks = world.server.client.experimental.tasks;
    for (const refused of [
      tasks.getTask(created.task.taskId),
      taskResult(world.server.client, created.task.taskId),
    ]) {
      try {
        await refused;
        throw new Error('expected -32603');
      } catch (error) {
        expect((error as { code?: number }).code).toBe(ErrorCode.InternalError);
        expect(String(error)).not.toContain(world.simulator.admin.secretKey);
      }
    }
    world.simulator.setFaults(DEFAULT_FAULTS);
    const result = await taskResult(world.server.client, created.task.taskId);
    expect(result.structuredContent).toMatchObject({ status: 'done', vm: { name: 'task-unsettled' } });
  });

  it('deploys as a task against the simulator: tasks/result waits for the job and gives the deployed VM', async () => {
    const created = await createTask(world.server.client, 'deployVM', { ...target, name: 'task-deploy' });
    const result = await taskResult(world.server.client, created.task.taskId);
    expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
    expect(result.structuredContent).toMatchObject({
      status: 'done',
      vm: { name: 'task-deploy', state: 'Running' },
    });
    expect((await world.server.client.experimental.tasks.getTask(created.task.taskId)).status).toBe(
      'completed',
    );
  });
});

describe('MCP tasks over HTTP', () => {
  const servers: RunningHttpServer[] = [];
  const clients: Client[] = [];
  afterEach(async () => {
    for (const client of clients.splice(0)) await client.close().catch(() => {});
    for (const server of servers.splice(0)) await server.close();
  });

  /** One replica: its own process state, the shared CloudStack and the shared MCP_CONFIRM_SECRET. */
  async function replica(cloud: FakeCloudStack, stateless: boolean): Promise<string> {
    const signer = new TokenSigner('shared-secret');
    const running = await startHttpTransport({
      host: '127.0.0.1',
      port: 0,
      logger: silentLogger,
      stateless,
      createMcpServer: () => createServer({ caller: cloud, catalog: dumpCatalog(), signer }),
    });
    servers.push(running);
    return running.url;
  }

  async function client(url: string): Promise<Client> {
    const connected = new Client({ name: 'tasks-http', version: '1.0.0' });
    await connected.connect(new StreamableHTTPClientTransport(new URL(url)));
    clients.push(connected);
    return connected;
  }

  it('stateless: a task created on one server instance is answered by another', async () => {
    const cloud = new FakeCloudStack();
    const first = await client(await replica(cloud, true));
    const second = await client(await replica(cloud, true));
    const created = await createTask(first, 'deployVM', { ...deployArgs, name: 'replica-vm' });
    const task = await second.experimental.tasks.getTask(created.task.taskId);
    expect(task).toMatchObject({ taskId: created.task.taskId, status: 'completed' });
    const result = await taskResult(second, created.task.taskId);
    expect(result.structuredContent).toMatchObject({ status: 'done', vm: { name: 'replica-vm' } });
  });

  it('with sessions: a task is found only by the session that created it', async () => {
    const url = await replica(new FakeCloudStack(), false);
    const mine = await client(url);
    const theirs = await client(url);
    const created = await createTask(mine, 'deployVM', deployArgs);
    expect((await mine.experimental.tasks.getTask(created.task.taskId)).status).toBe('completed');
    expect(await refusal(theirs.experimental.tasks.getTask(created.task.taskId))).toBe(
      ErrorCode.InvalidParams,
    );
    expect(await refusal(taskResult(theirs, created.task.taskId))).toBe(ErrorCode.InvalidParams);
  });
});
