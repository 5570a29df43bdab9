// The paging baseline in its own process, so its peak memory is measured like the server's: fetches every
// page of listVirtualMachines one after another with the client, keeping all items, and reports over IPC.
import { createClient } from '../../src/cloudstack/client.js';

interface Job {
  url: string;
  apiKey: string;
  secretKey: string;
  pageSize: number;
  mode: 'sequential' | 'listAll';
}

process.once('message', async (job: Job) => {
  const client = createClient({ apiUrl: job.url, apiKey: job.apiKey, secretKey: job.secretKey });
  const rssBeforeMb = process.memoryUsage().rss / 2 ** 20;
  const started = performance.now();
  const items: unknown[] = [];
  if (job.mode === 'listAll') {
    const all = await client.listAll('listVirtualMachines', { listall: true }, { pageSize: job.pageSize });
    items.push(...all.items);
  } else {
    for (let page = 1; ; page++) {
      const answer = await client.request<{ count?: number; virtualmachine?: unknown[] }>(
        'listVirtualMachines',
        {
          listall: true,
          page,
          pagesize: job.pageSize,
        },
      );
      const batch = answer.virtualmachine ?? [];
      items.push(...batch);
      if (batch.length < job.pageSize || items.length >= (answer.count ?? 0)) break;
    }
  }
  const ms = performance.now() - started;
  const peakMb = process.resourceUsage().maxRSS / 1024;
  await client.close();
  process.send?.({ ms, items: items.length, rssBeforeMb, peakMb }, () => process.exit(0));
});
