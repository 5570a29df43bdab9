// Code generation as the codegen command does it (parse and normalise the dump, generate, write the
// output), in a fresh process, without the command's api-cache step, which would write into the
// repository. Message in: {dump, outDir}; out: {apis, files}.
import { readFileSync } from 'node:fs';
import { generateBindings, writeOutput } from '../../codegen/generate.js';
import { parseDumpText } from '../../codegen/normalise.js';

process.once('message', (job: { dump: string; outDir: string }) => {
  const { dump } = parseDumpText(readFileSync(job.dump, 'utf8'), job.dump);
  const output = generateBindings(dump, { outDir: job.outDir, source: job.dump });
  writeOutput(job.outDir, output.files);
  process.send?.({ apis: output.manifest.apiCount, files: output.files.size }, () => process.exit(0));
});
