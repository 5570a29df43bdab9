// Images family (issue 14): a registered template or ISO downloads from its URL over simulated time. Like
// jobs, progress is settled lazily before each request, so no timers run and the outcome depends only on the
// clock and the order of requests.
import type { Store } from '../state/store.js';

export function settleDownloads(store: Store, now: number): void {
  for (const image of store.templates.values()) {
    const download = image.download;
    if (!download) continue;
    const elapsed = now - download.startedAt;
    const percent =
      download.durationMs <= 0 ? 100 : Math.min(100, Math.floor((elapsed / download.durationMs) * 100));
    if (percent === download.percent) continue;
    download.percent = percent;
    if (percent >= 100) {
      image.download = undefined;
      image.isReady = true;
    }
    store.touch(image.id);
  }
}
