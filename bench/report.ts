// Benchmark figures, the table printed on the terminal, and bench/RESULTS.md.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { MachineInfo } from './machine.js';
import { ratio } from './stats.js';

export type Unit = 'ms' | 's' | 'MB' | 'req/s' | 'calls/s' | 'tokens' | 'bytes' | 'chars' | 'count';

export interface Figure {
  metric: string;
  value: number;
  unit: Unit;
  /** What the figure is compared with, measured in the same run, in the same unit. */
  baseline?: { label: string; value: number };
  note?: string;
}

export interface SectionResult {
  name: string;
  title: string;
  figures: Figure[];
  /** How the section measured, and what its baselines are. */
  method: string[];
  /** Set when the section could not run (a dependency not built yet); the reason. */
  skipped?: string;
  /** Set when the section failed while running. */
  error?: string;
  wallMs: number;
}

function digits(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1000) return Math.round(value).toLocaleString('en-US');
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

export function formatValue(value: number, unit: Unit): string {
  if (!Number.isFinite(value)) return 'n/a';
  if (unit === 'count' || unit === 'tokens' || unit === 'bytes' || unit === 'chars') {
    return `${Math.round(value).toLocaleString('en-US')}${unit === 'count' ? '' : ` ${unit}`}`;
  }
  return `${digits(value)} ${unit}`;
}

export function formatRatio(figure: Figure): string {
  const r = ratio(figure.value, figure.baseline?.value);
  return Number.isFinite(r) ? `${r.toFixed(2)}x` : '';
}

interface TableRow {
  section: string;
  metric: string;
  value: string;
  baseline: string;
  ratio: string;
}

function rowsOf(results: readonly SectionResult[]): TableRow[] {
  const rows: TableRow[] = [];
  for (const result of results) {
    if (result.skipped || result.error) {
      rows.push({
        section: result.title,
        metric: result.skipped ? 'skipped' : 'failed',
        value: (result.skipped ?? result.error ?? '').slice(0, 160),
        baseline: '',
        ratio: '',
      });
    }
    for (const figure of result.figures) {
      rows.push({
        section: result.title,
        metric: figure.metric,
        value: formatValue(figure.value, figure.unit),
        baseline: figure.baseline
          ? `${formatValue(figure.baseline.value, figure.unit)} (${figure.baseline.label})`
          : '',
        ratio: formatRatio(figure),
      });
    }
  }
  return rows;
}

const HEADERS: TableRow = {
  section: 'Section',
  metric: 'Metric',
  value: 'Value',
  baseline: 'Baseline (same run)',
  ratio: 'Ratio',
};
const COLUMNS = Object.keys(HEADERS) as (keyof TableRow)[];

/** A plain-text table for the terminal. */
export function textTable(results: readonly SectionResult[]): string {
  const rows = [HEADERS, ...rowsOf(results)];
  const widths = COLUMNS.map((column) => Math.max(...rows.map((row) => row[column].length)));
  const line = (row: TableRow) =>
    COLUMNS.map((column, i) => row[column].padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(HEADERS), rule, ...rows.slice(1).map(line)].join('\n');
}

function escapeCell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

export function markdownTable(results: readonly SectionResult[]): string {
  const rows = rowsOf(results);
  const line = (row: TableRow) => `| ${COLUMNS.map((column) => escapeCell(row[column])).join(' | ')} |`;
  return [line(HEADERS), `|${COLUMNS.map(() => '---').join('|')}|`, ...rows.map(line)].join('\n');
}

export interface ReportInput {
  machine: MachineInfo;
  results: readonly SectionResult[];
  wallMs: number;
  command: string;
}

/** What a run of some sections keeps of the previous report: the other sections' rows and method notes. */
export interface KeptSections {
  /** Section title → its table rows (markdown lines), in the previous report's order. */
  rows: Map<string, string[]>;
  /** Section title → its `### title` block. */
  methods: Map<string, string>;
  date: string;
}

function cells(line: string): string[] {
  return line
    .slice(2, -2)
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim());
}

/** Reads a RESULTS.md written by this module (empty when it is not one). */
export function parseReport(text: string): KeptSections {
  const rows = new Map<string, string[]>();
  const methods = new Map<string, string>();
  const lines = text.split('\n');
  for (const line of lines) {
    if (!line.startsWith('| ') || line.startsWith('| Section |')) continue;
    const title = cells(line)[0] ?? '';
    rows.set(title, [...(rows.get(title) ?? []), line]);
  }
  const blocks = text.split(/\n(?=### )/);
  for (const block of blocks.slice(1)) {
    const title = block.slice(4, block.indexOf('\n') === -1 ? undefined : block.indexOf('\n')).trim();
    methods.set(title, block.trimEnd());
  }
  const date = /^- Date: (.*)$/m.exec(text)?.[1] ?? 'unknown';
  return { rows, methods, date };
}

export function markdownReport(
  { machine, results, wallMs, command }: ReportInput,
  kept?: KeptSections,
): string {
  // Sections run now replace their rows and notes where they stood; the others stay as they were.
  const ran = new Map(results.map((result) => [result.title, result]));
  const order = [...new Set([...(kept?.rows.keys() ?? []), ...ran.keys()])];
  const tableRows = order.flatMap((title) => {
    const result = ran.get(title);
    return result ? markdownTable([result]).split('\n').slice(2) : (kept?.rows.get(title) ?? []);
  });
  const keptNote = kept
    ? [
        `Only ${results.map((result) => result.title).join(', ')} ran this time; the other rows are from the ` +
          `run of ${kept.date}.`,
        '',
      ]
    : [];
  const lines = [
    '# Benchmark results',
    '',
    `Written by \`${command}\` (bench/run.ts). Every figure sits next to a baseline measured in the same run,`,
    'because this machine is shared and noisy: compare the ratios (value / baseline), not absolute numbers',
    'from different runs.',
    '',
    `- Date: ${machine.date}`,
    `- Machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGb} GB RAM, ${machine.os}`,
    `- Node: ${machine.node}`,
    `- Wall time of the whole run: ${(wallMs / 1000).toFixed(1)} s`,
    '',
    ...keptNote,
    [markdownTable([]), ...tableRows].join('\n'),
    '',
    '## How each section measures',
    '',
  ];
  for (const title of order) {
    const result = ran.get(title);
    if (!result) {
      const block = kept?.methods.get(title);
      if (block) lines.push(block, '');
      continue;
    }
    lines.push(`### ${result.title}`, '');
    if (result.skipped) lines.push(`Skipped: ${result.skipped}`, '');
    if (result.error) lines.push(`Failed: ${result.error}`, '');
    for (const item of result.method) lines.push(`- ${item}`);
    const notes = result.figures.filter((figure) => figure.note);
    for (const figure of notes) lines.push(`- ${figure.metric}: ${figure.note}`);
    lines.push(`- Section wall time: ${(result.wallMs / 1000).toFixed(1)} s`, '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

/** Writes RESULTS.md; with `keepOthers` (a run of some sections), the other sections' rows stay. */
export function writeReport(path: string, input: ReportInput, keepOthers = false): void {
  const kept = keepOthers && existsSync(path) ? parseReport(readFileSync(path, 'utf8')) : undefined;
  writeFileSync(path, markdownReport(input, kept));
}
