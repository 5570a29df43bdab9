// Reads a real listApis dump from ../shared (never copied into the repo) as catalog definitions.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { definitionFromListApis, type RawApiDoc } from '../../src/catalog/live.js';
import type { ApiDefinition } from '../../src/cloudstack/binding.js';

export function dumpPath(version: string): string {
  return fileURLToPath(new URL(`../../../shared/api-dumps/${version}.json`, import.meta.url));
}

export function readDump(version: string): RawApiDoc[] {
  const parsed = JSON.parse(readFileSync(dumpPath(version), 'utf8')) as {
    api?: RawApiDoc[];
    listapisresponse?: { api: RawApiDoc[] };
  };
  return parsed.api ?? parsed.listapisresponse?.api ?? [];
}

export function dumpDefinitions(version: string): ApiDefinition[] {
  return readDump(version).map((doc) => definitionFromListApis(doc));
}
