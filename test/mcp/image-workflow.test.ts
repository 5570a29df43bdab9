// Issue 14, images family, through the product: a real MCP Client against the server in process, whose
// CloudStack is the embedded simulator. An agent registers a template from a URL, watches its download until
// it is ready, and deploys a VM from it.
import { describe, expect, it } from 'vitest';
import { call, itemsOf } from './harness.js';
import { simulatorWorld } from './simulator-world.js';

describe('image workflows an agent is asked for, against the embedded simulator', () => {
  const world = simulatorWorld({ seed: 14, jobDurationMs: 20 });

  it('registers a template from a URL and deploys from it once it is ready', async () => {
    const search = await call(world.server.client, 'searchApis', { query: 'register template from url' });
    expect((search.structured.apis as Array<{ name: string }>).map((a) => a.name)).toContain(
      'registerTemplate',
    );

    const registered = await call(world.server.client, 'callApi', {
      api: 'registerTemplate',
      params: {
        name: 'app-image',
        displaytext: 'App image',
        url: 'https://images.example.com/app-image.qcow2',
        format: 'QCOW2',
        hypervisor: 'Simulator',
        zoneid: world.simulator.seeded.advancedZoneId,
      },
    });
    expect(registered.isError, registered.text).toBe(false);
    // Registering answers at once, before the download: not ready yet.
    expect(registered.text).toContain('0% Downloaded');

    // The agent polls until the download completes (bounded: the simulator's download takes 4 job durations).
    let ready = false;
    const statuses: string[] = [];
    for (let i = 0; i < 100 && !ready; i++) {
      const listed = await call(world.server.client, 'callApi', {
        api: 'listTemplates',
        params: { templatefilter: 'self', name: 'app-image' },
        fields: ['id', 'isready', 'status'],
      });
      const template = itemsOf(listed.structured)[0];
      statuses.push(String(template?.status));
      ready = template?.isready === true;
      if (!ready) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(ready).toBe(true);
    expect(statuses.at(-1)).toBe('Download Complete');

    const deployed = await call(world.server.client, 'deployVM', {
      zone: 'advanced',
      template: 'app-image',
      serviceOffering: 'small',
      name: 'app-1',
    });
    expect(deployed.isError, deployed.text).toBe(false);
    expect(deployed.structured).toMatchObject({
      status: 'done',
      vm: { name: 'app-1', state: 'Running' },
      resolved: { template: 'app-image' },
    });
  });
});
