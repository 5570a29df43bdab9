// bench/RESULTS.md after a run of some sections (--only): their rows and notes are replaced where they
// stood, every other section's are kept from the previous report.
import { expect, it } from 'vitest';
import { markdownReport, parseReport, type SectionResult } from '../../bench/report.js';

const machine = { date: 'D', cpuModel: 'CPU', cores: 2, memoryGb: 4, os: 'linux', node: 'v20' };
const section = (title: string, value: number): SectionResult => ({
  name: title.toLowerCase(),
  title,
  method: [`how ${title} measures`],
  figures: [{ metric: `${title} metric`, value, unit: 'ms', baseline: { label: 'floor', value: 1 } }],
  wallMs: 1000,
});

it('keeps the sections a run of some sections left out, in their places', () => {
  const full = markdownReport({
    machine: { ...machine, date: 'first' },
    results: [section('Alpha', 10), section('Beta', 20), section('Gamma', 30)],
    wallMs: 3000,
    command: 'npm run bench',
  });
  const partial = markdownReport(
    { machine, results: [section('Beta', 25)], wallMs: 1000, command: 'node dist/bench/run.js --only beta' },
    parseReport(full),
  );
  const rows = partial.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| Section'));
  expect(rows).toEqual([
    '| Alpha | Alpha metric | 10.0 ms | 1.00 ms (floor) | 10.00x |',
    '| Beta | Beta metric | 25.0 ms | 1.00 ms (floor) | 25.00x |',
    '| Gamma | Gamma metric | 30.0 ms | 1.00 ms (floor) | 30.00x |',
  ]);
  expect(partial).toContain('Only Beta ran this time; the other rows are from the run of first.');
  expect(partial.match(/^### /gm)).toHaveLength(3);
  expect(partial.indexOf('### Alpha')).toBeLessThan(partial.indexOf('### Beta'));
  expect(partial).toContain('- how Gamma measures');
});
