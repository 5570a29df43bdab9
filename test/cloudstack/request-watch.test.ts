// The transport's one timer for the timeouts and cancellations of requests in flight.
import { describe, expect, it } from 'vitest';
import { CANCEL_CHECK_MS, RequestWatch } from '../../src/cloudstack/request-watch.js';

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('RequestWatch', () => {
  it('times each request out at its own deadline, whatever order they came in', async () => {
    const watch = new RequestWatch();
    const started = performance.now();
    const fired: [string, number][] = [];
    const at = (name: string) => () => fired.push([name, performance.now() - started]);
    watch.watch(300, undefined, at('slow'), at('slow aborted'));
    watch.watch(100, undefined, at('quick'), at('quick aborted'));
    await wait(450);
    expect(fired.map(([name]) => name)).toEqual(['quick', 'slow']);
    const [quick, slow] = fired.map(([, ms]) => ms);
    expect(quick).toBeGreaterThanOrEqual(99);
    expect(slow).toBeGreaterThanOrEqual(299);
  });

  it('stops a request whose signal aborts within CANCEL_CHECK_MS, and only that one', async () => {
    const watch = new RequestWatch();
    const controller = new AbortController();
    const fired: string[] = [];
    watch.watch(
      10_000,
      controller.signal,
      () => fired.push('timeout'),
      () => fired.push('aborted'),
    );
    watch.watch(
      10_000,
      new AbortController().signal,
      () => fired.push('other timeout'),
      () => fired.push('other aborted'),
    );
    await wait(20);
    controller.abort();
    await wait(CANCEL_CHECK_MS + 30);
    expect(fired).toEqual(['aborted']);
    watch.clear();
  });

  it('calls nothing for a request unwatched before its deadline, nor after clear', async () => {
    const watch = new RequestWatch();
    const fired: string[] = [];
    const done = watch.watch(
      50,
      undefined,
      () => fired.push('done timed out'),
      () => fired.push('done aborted'),
    );
    watch.unwatch(done);
    const controller = new AbortController();
    watch.watch(
      50,
      controller.signal,
      () => fired.push('cleared timed out'),
      () => fired.push('cleared aborted'),
    );
    watch.clear();
    controller.abort();
    await wait(120);
    expect(fired).toEqual([]);
  });
});
