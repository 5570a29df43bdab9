// --- Accounts family (issue 15) ---
// `expunge.delay`: a destroyed VM is expunged that many seconds after its destroy (UserVmManagerImpl's
// expunge thread, which CloudStack runs every `expunge.interval`). The simulator runs no timers: VMs due are
// expunged when the next request arrives, so `expunge.delay=0` expunges at the first request after the destroy.
import { configValue } from './configurations.js';
import type { Store } from './store.js';

const destroyedAtByStore = new WeakMap<Store, Map<string, number>>();

function destroyedAt(store: Store): Map<string, number> {
  let map = destroyedAtByStore.get(store);
  if (!map) {
    map = new Map();
    destroyedAtByStore.set(store, map);
  }
  return map;
}

/** Called when a destroy (without expunge) is requested. */
export function noteDestroyed(store: Store, vmId: string, now: number): void {
  destroyedAt(store).set(vmId, now);
}

/** Expunges the destroyed VMs whose delay has passed, with `expunge` (vms.ts's expungeNow). */
export function settleExpunges(store: Store, now: number, expunge: (vmId: string) => void): void {
  const due = destroyedAt(store);
  if (due.size === 0) return;
  const delayMs = Number(configValue(store, 'expunge.delay') ?? 86400) * 1000;
  for (const [vmId, at] of [...due]) {
    const vm = store.vms.get(vmId);
    if (vm?.state !== 'Destroyed') {
      due.delete(vmId); // recovered or already expunged
      continue;
    }
    if (now - at < delayMs || store.jobs.pendingJobFor(vmId) !== undefined) continue;
    due.delete(vmId);
    expunge(vmId);
  }
}
// --- end Accounts family ---
