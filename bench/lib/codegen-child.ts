// Code generation as the codegen command does it (parse and normalise the dump, generate, write the
// output, with the command's heap setting), in a fresh process, without the command's api-cache step, which
// would write into the repository. Message in: {dump, outDir, typesDir?} (typesDir: where the output imports
// src/cloudstack from; default the repository's sources); out: {apis, files, maxRssMb}.
import { readFileSync } from 'node:fs';
import { generateBindings, writeOutput } from '../../codegen/generate.js';
import { tuneHeapForBatchRun } from '../../codegen/run.js';
import { parseDumpText } from '../../src/cloudstack/listapis.js';

process.once('message', (job: { dump: string; outDir: string; typesDir?: string }) => {
  tuneHeapForBatchRun();
  const { dump } = parseDumpText(readFileSync(job.dump, 'utf8'), job.dump);
  const output = generateBindings(dump, {
    outDir: job.outDir,
    source: job.dump,
    ...(job.typesDir ? { typesDir: job.typesDir } : {}),
  });
  writeOutput(job.outDir, output.files);
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  process.send?.({ apis: output.manifest.apiCount, files: output.files.size, maxRssMb }, () =>
    process.exit(0),
  );
});
