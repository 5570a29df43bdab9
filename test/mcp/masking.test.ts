// Masking secrets in answers must never turn a good answer into an error: it works on the values, not on
// the serialised JSON. Through the SDK's real Client, against the embedded simulator (in process).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DeployParams, deployParams } from '../../bench/lib/deploy-params.js';
import { type InProcess, startInProcess } from '../../bench/lib/in-process.js';
import { pollScheduleFor } from '../../src/cloudstack/poll.js';
import { REDACTED } from '../../src/cloudstack/redact.js';
import { javaUrlEncode } from '../../src/cloudstack/sign.js';
import { DEFAULT_FAULTS, type RunningSimulator, startSimulator } from '../../src/simulator/index.js';
import { call, errorOf, itemsOf } from './harness.js';

// A secret of the server's (e.g. a password) whose encodings differ from it: space, ~, !, ', (, ), *, /.
const ODD_SECRET = "odd secret~!'()*/value-42";

describe('masking answers', () => {
  let simulator: RunningSimulator;
  let server: InProcess;
  let target: { zone: string; template: string; serviceOffering: string; networks?: string[] };

  beforeAll(async () => {
    simulator = await startSimulator({ port: 0, seed: 23 });
    const { apiKey, secretKey } = simulator.admin;
    server = await startInProcess(
      { url: simulator.url, apiKey, secretKey },
      {
        server: { secrets: [apiKey, secretKey, ODD_SECRET] },
        clientOptions: { pollSchedule: pollScheduleFor(DEFAULT_FAULTS.jobDurationMs) },
      },
    );
    const params: DeployParams = await deployParams(server.cloudstack);
    target = {
      zone: params.zoneid,
      template: params.templateid,
      serviceOffering: params.serviceofferingid,
      ...(params.networkids ? { networks: [params.networkids] } : {}),
    };
  });

  afterAll(async () => {
    await server?.close();
    await simulator?.close();
  });

  async function listedVm(name: string) {
    const listed = await call(server.client, 'listVirtualMachines', { keyword: name });
    expect(listed.isError, listed.text).toBe(false);
    expect(listed.json).toEqual(listed.structured);
    const items = itemsOf(listed.structured);
    const vm = items.find((item) => item.name === name);
    expect(vm, listed.text).toBeDefined();
    return { vm: vm as Record<string, unknown>, text: listed.text };
  }

  it('deploys a VM whose display name looks like a password pair, answers its job id, and lists it', async () => {
    const displayName = 'root password:"hunter2"';
    const deployed = await call(server.client, 'deployVM', { ...target, name: 'mask-quoted', displayName });
    expect(deployed.isError, deployed.text).toBe(false);
    expect(deployed.structured.status).toBe('done');
    expect(typeof deployed.structured.jobId).toBe('string');
    expect(deployed.json).toEqual(deployed.structured);
    // The user's own data, not a secret this server holds: shown as it is.
    expect((deployed.structured.vm as Record<string, unknown>).displayname).toBe(displayName);

    const { vm } = await listedVm('mask-quoted');
    expect(vm.displayname).toBe(displayName);
    // callApi's raw list too.
    const raw = await call(server.client, 'callApi', {
      api: 'listVirtualMachines',
      params: { keyword: 'mask-quoted' },
    });
    expect(raw.isError, raw.text).toBe(false);
  });

  it("masks the server's API key anywhere in an answer, as it is and URL-encoded", async () => {
    const { apiKey } = simulator.admin;
    const deployed = await call(server.client, 'deployVM', {
      ...target,
      name: 'mask-key',
      displayName: `key ${apiKey} inside`,
    });
    expect(deployed.isError, deployed.text).toBe(false);
    expect(deployed.text).not.toContain(apiKey);
    expect((deployed.structured.vm as Record<string, unknown>).displayname).toBe(`key ${REDACTED} inside`);

    const forms = [ODD_SECRET, encodeURIComponent(ODD_SECRET), javaUrlEncode(ODD_SECRET)];
    expect(new Set(forms).size).toBe(3);
    for (const [i, form] of forms.entries()) {
      const name = `mask-odd-${i}`;
      const answer = await call(server.client, 'deployVM', { ...target, name, displayName: `[${form}]` });
      expect(answer.isError, answer.text).toBe(false);
      expect(answer.text).not.toContain(form);
      const { vm, text } = await listedVm(name);
      expect(text).not.toContain(form);
      expect(vm.displayname).toBe(`[${REDACTED}]`);
    }
    const all = await call(server.client, 'listVirtualMachines', { fields: ['name', 'displayname'] });
    expect(all.isError, all.text).toBe(false);
    expect(all.text).not.toContain(apiKey);
  });

  it("never shows a cut value: the server's key pasted into a uuid parameter stays out of the answer", async () => {
    const { apiKey } = simulator.admin;
    const pasted = await call(server.client, 'callApi', {
      api: 'listVirtualMachines',
      params: { zoneid: apiKey },
    });
    expect(errorOf(pasted).kind, pasted.text).toBe('invalid_params');
    expect(pasted.text).toContain(`<${apiKey.length} characters, not shown>`);
    // Not even its start: a cut copy escapes the mask, which matches the key whole.
    expect(pasted.text).not.toContain(apiKey.slice(0, 16));

    // A secret the server does not know, of a key's shape, is not shown either; a plain wrong value is.
    const hex = 'a3f9c2e1b4d5f6a7b8c9d0e1f2a3b4c5';
    for (const [value, shown] of [
      [hex, `<${hex.length} characters, not shown>`],
      ['not-an-id', 'got \\"not-an-id\\"'],
      ['x'.repeat(80), '<80 characters, not shown>'],
    ] as const) {
      const answer = await call(server.client, 'callApi', {
        api: 'listVirtualMachines',
        params: { zoneid: value },
      });
      expect(errorOf(answer).kind, answer.text).toBe('invalid_params');
      expect(answer.text).toContain(shown);
    }
  });

  it('keeps an error answer one valid JSON object when its message holds a password-like pair', async () => {
    const answer = await call(server.client, 'startVM', { vm: 'root password:"hunter2" x' });
    expect(answer.isError).toBe(true);
    // The harness parses the text; a broken text would come back as {text}.
    expect(errorOf(answer).kind).toBe('not_found');
    expect(String(errorOf(answer).message)).not.toContain('hunter2');
  });
});
