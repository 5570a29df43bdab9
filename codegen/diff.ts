// api-diff: what changed between two listApis dumps (two CloudStack versions), from their normalised form.
import type { DumpApi, DumpParam, NormalisedDump } from '../src/cloudstack/listapis.js';

export interface ParamSummary {
  name: string;
  type: string;
  required: boolean;
}

export interface ApiChange {
  api: string;
  /** Set when the API became async or stopped being async. */
  async?: { from: boolean; to: boolean };
  paramsAdded: ParamSummary[];
  paramsRemoved: ParamSummary[];
  madeRequired: string[];
  madeOptional: string[];
  retyped: { name: string; from: string; to: string }[];
}

export interface ApiDiff {
  from: { name: string; apiCount: number };
  to: { name: string; apiCount: number };
  added: string[];
  removed: string[];
  changed: ApiChange[];
}

function summary(param: DumpParam): ParamSummary {
  return { name: param.name, type: param.type, required: param.required };
}

function compareApi(a: DumpApi, b: DumpApi): ApiChange | undefined {
  const before = new Map(a.params.map((param) => [param.name, param]));
  const after = new Map(b.params.map((param) => [param.name, param]));
  const change: ApiChange = {
    api: a.name,
    paramsAdded: b.params.filter((param) => !before.has(param.name)).map(summary),
    paramsRemoved: a.params.filter((param) => !after.has(param.name)).map(summary),
    madeRequired: [],
    madeOptional: [],
    retyped: [],
  };
  if (a.isasync !== b.isasync) change.async = { from: a.isasync, to: b.isasync };
  for (const param of b.params) {
    const old = before.get(param.name);
    if (!old) continue;
    if (!old.required && param.required) change.madeRequired.push(param.name);
    if (old.required && !param.required) change.madeOptional.push(param.name);
    if (old.type !== param.type) change.retyped.push({ name: param.name, from: old.type, to: param.type });
  }
  const changed =
    change.async ||
    change.paramsAdded.length ||
    change.paramsRemoved.length ||
    change.madeRequired.length ||
    change.madeOptional.length ||
    change.retyped.length;
  return changed ? change : undefined;
}

/** Compares two normalised dumps; everything comes out sorted by name. */
export function diffDumps(
  from: NormalisedDump,
  to: NormalisedDump,
  names: { from: string; to: string } = { from: 'A', to: 'B' },
): ApiDiff {
  const before = new Map(from.api.map((api) => [api.name, api]));
  const after = new Map(to.api.map((api) => [api.name, api]));
  const changed: ApiChange[] = [];
  for (const api of to.api) {
    const old = before.get(api.name);
    const change = old && compareApi(old, api);
    if (change) changed.push(change);
  }
  return {
    from: { name: names.from, apiCount: from.api.length },
    to: { name: names.to, apiCount: to.api.length },
    added: to.api.filter((api) => !before.has(api.name)).map((api) => api.name),
    removed: from.api.filter((api) => !after.has(api.name)).map((api) => api.name),
    changed,
  };
}

function param(p: ParamSummary): string {
  return `${p.name} (${p.type}${p.required ? ', required' : ''})`;
}

/** The diff for people: counts first, then each section. */
export function formatDiff(diff: ApiDiff): string {
  const lines = [
    `${diff.from.name} (${diff.from.apiCount} APIs) → ${diff.to.name} (${diff.to.apiCount} APIs): ` +
      `${diff.added.length} added, ${diff.removed.length} removed, ${diff.changed.length} changed`,
  ];
  if (diff.added.length > 0) {
    lines.push('', `Added APIs (${diff.added.length}):`, ...diff.added.map((name) => `  + ${name}`));
  }
  if (diff.removed.length > 0) {
    lines.push('', `Removed APIs (${diff.removed.length}):`, ...diff.removed.map((name) => `  - ${name}`));
  }
  if (diff.changed.length > 0) {
    lines.push('', `Changed APIs (${diff.changed.length}):`);
    for (const change of diff.changed) {
      lines.push(`  ${change.api}`);
      if (change.async) lines.push(`    async: ${change.async.from} → ${change.async.to}`);
      for (const p of change.paramsAdded) lines.push(`    + param ${param(p)}`);
      for (const p of change.paramsRemoved) lines.push(`    - param ${param(p)}`);
      for (const name of change.madeRequired) lines.push(`    ! param ${name}: now required`);
      for (const name of change.madeOptional) lines.push(`    ? param ${name}: now optional`);
      for (const r of change.retyped) lines.push(`    ~ param ${r.name}: ${r.from} → ${r.to}`);
    }
  }
  return lines.join('\n');
}
