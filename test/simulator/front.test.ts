// The simulator's socket apart from its engine (serve --simulator opens it before loading the engine):
// requests wait for the engine, a failed load is told, and closing drops what still waits.
import { afterEach, describe, expect, it } from 'vitest';
import { openFront, type SimulatorFront, startSimulator } from '../../src/simulator/index.js';

const opened: SimulatorFront[] = [];
afterEach(async () => {
  for (const front of opened.splice(0)) await front.close();
});

async function front(): Promise<SimulatorFront> {
  const opening = await openFront('127.0.0.1', 0);
  opened.push(opening);
  return opening;
}

describe('simulator front', () => {
  it('holds requests until the engine is attached, then answers them with its keys', async () => {
    const keys = { apiKey: 'k'.repeat(40), secretKey: 's'.repeat(40) };
    const sim = await front();
    const early = fetch(`${sim.url}?command=listApis&response=json`);
    let settled = false;
    void early.then(() => {
      settled = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(settled).toBe(false);
    const running = await startSimulator({ front: sim, adminKeys: keys });
    expect(running.url).toBe(sim.url);
    expect(running.admin.apiKey).toBe(keys.apiKey);
    expect(running.admin.secretKey).toBe(keys.secretKey);
    // Unsigned: CloudStack's 401, from the engine, for the request that waited.
    const answer = await early;
    expect(answer.status).toBe(401);
    expect(await answer.json()).toMatchObject({ listapisresponse: { errorcode: 401 } });
  });

  it('answers waiting and later requests with a 500 naming why the engine did not load', async () => {
    const sim = await front();
    const early = fetch(`${sim.url}?command=listZones`);
    await new Promise((resolve) => setTimeout(resolve, 20));
    sim.fail(new Error('chunk missing'));
    for (const answer of [await early, await fetch(`${sim.url}?command=listZones`)]) {
      expect(answer.status).toBe(500);
      expect(await answer.text()).toBe('Simulator error: chunk missing\n');
    }
  });

  it('drops waiting requests and stops listening on close', async () => {
    const sim = await openFront('127.0.0.1', 0);
    const early = fetch(`${sim.url}?command=listZones`).then(
      () => 'answered',
      () => 'dropped',
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    await sim.close();
    expect(await early).toBe('dropped');
    const after = await fetch(sim.url).then(
      () => 'answered',
      (error: Error) => String((error.cause as { code?: string } | undefined)?.code),
    );
    expect(after).toBe('ECONNREFUSED');
  });

  it('keeps every other seeded value when the admin keys are given, and refuses short keys', async () => {
    const drawn = await startSimulator({ seed: 3 });
    const given = await startSimulator({
      seed: 3,
      adminKeys: { apiKey: 'a'.repeat(20), secretKey: 'b'.repeat(20) },
    });
    try {
      expect(given.admin.apiKey).not.toBe(drawn.admin.apiKey);
      expect(given.seeded).toEqual(drawn.seeded);
    } finally {
      await drawn.close();
      await given.close();
    }
    await expect(
      startSimulator({ adminKeys: { apiKey: 'short', secretKey: 'b'.repeat(20) } }),
    ).rejects.toThrow(/at least 16 characters/);
  });
});
