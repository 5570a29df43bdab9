// The floor under code generation: a Node process that parses the same dump and writes the same bytes to
// the same number of files, without generating anything. Message in: {dump, sourceDir, outDir}; out:
// {files, bytes, maxRssMb}.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? listFiles(path.join(dir, entry.name), path.join(prefix, entry.name))
      : [path.join(prefix, entry.name)],
  );
}

process.once('message', (job: { dump: string; sourceDir: string; outDir: string }) => {
  const parsed = JSON.parse(readFileSync(job.dump, 'utf8')) as unknown;
  if (!parsed) throw new Error('empty dump');
  const files = listFiles(job.sourceDir).map((name) => ({
    name,
    content: readFileSync(path.join(job.sourceDir, name)),
  }));
  let bytes = 0;
  for (const file of files) {
    const target = path.join(job.outDir, file.name);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, file.content);
    bytes += file.content.length;
  }
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  process.send?.({ files: files.length, bytes, maxRssMb }, () => process.exit(0));
});
