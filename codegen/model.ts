// The shapes codegen works with: what listApis sends (loose), and the normalised dump (validated, sorted,
// de-duplicated) that api-cache/ stores and every later stage reads. The normalised dump keeps listApis'
// own shape, so a cache file is itself a valid listApis answer.

/** One listApis entry as CloudStack sends it. */
export interface RawApi {
  name?: unknown;
  description?: unknown;
  isasync?: unknown;
  since?: unknown;
  related?: unknown;
  params?: unknown;
  response?: unknown;
}

export interface DumpParam {
  name: string;
  description: string;
  type: string;
  required: boolean;
  length?: number;
  since?: string;
  /** Comma-joined API names, sorted. */
  related?: string;
}

export interface DumpResponseField {
  name: string;
  description: string;
  type: string;
  /** Fields of a nested object or of the elements of a nested list. */
  response?: DumpResponseField[];
}

export interface DumpApi {
  name: string;
  description: string;
  isasync: boolean;
  since?: string;
  /** Comma-joined API names, sorted. */
  related?: string;
  params: DumpParam[];
  response: DumpResponseField[];
}

/** A normalised listApis answer (without the wrapper): APIs by name, params and fields by name. */
export interface NormalisedDump {
  count: number;
  api: DumpApi[];
}

/** A problem found while loading a dump that did not stop it (duplicates merged, and the like). */
export interface DumpNotice {
  api?: string;
  message: string;
}

/** A CloudStack type codegen does not know, mapped to a fallback. */
export interface UnknownType {
  api: string;
  /** `param` or the dotted path of a response field. */
  where: 'param' | 'response';
  name: string;
  type: string;
}
