// Annotations, resetConfiguration and uploadCustomCertificate (issue 14): what they refuse and what they change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../../src/simulator/index.js';
import { call, ok } from './helpers.js';

type Json = Record<string, unknown>;

describe('simulator annotations and smaller administration APIs', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ jobDurationMs: 5 });
  });
  afterAll(() => sim.close());

  it('annotates objects that exist, lists them by entity, and removes each once', async () => {
    const hosts = (await ok(sim, 'listHosts')) as { host: Json[] };
    const hostId = String(hosts.host[0]?.id);
    const added = (await ok(sim, 'addAnnotation', {
      entitytype: 'HOST',
      entityid: hostId,
      annotation: 'disk replaced',
    })) as { annotation: Json };
    expect(added.annotation).toMatchObject({ entityname: hosts.host[0]?.name, username: 'admin' });
    const listed = (await ok(sim, 'listAnnotations', { entityid: hostId })) as { annotation: Json[] };
    expect(listed.annotation.map((a) => a.annotation)).toEqual(['disk replaced']);
    const missing = await call(sim, 'addAnnotation', {
      entitytype: 'HOST',
      entityid: 'nope',
      annotation: 'x',
    });
    expect(missing.status).toBe(431);
    await ok(sim, 'removeAnnotation', { id: String(added.annotation.id) });
    const twice = await call(sim, 'removeAnnotation', { id: String(added.annotation.id) });
    expect(twice.status).toBe(431);
    expect(await ok(sim, 'listAnnotations', { entityid: hostId })).toEqual({});
  });

  it('resetConfiguration puts a setting back to its default', async () => {
    await ok(sim, 'updateConfiguration', { name: 'expunge.delay', value: '5' });
    const reset = (await ok(sim, 'resetConfiguration', { name: 'expunge.delay' })) as { configuration: Json };
    expect(reset.configuration.value).toBe(reset.configuration.defaultvalue);
    const unknown = await call(sim, 'resetConfiguration', { name: 'no.such.setting' });
    expect(unknown.status).toBe(431);
  });

  it('uploadCustomCertificate refuses what is not a PEM certificate', async () => {
    const refused = await call(sim, 'uploadCustomCertificate', {
      certificate: 'garbage',
      domainsuffix: 'x.org',
    });
    expect(refused.status).toBe(431);
  });
});
