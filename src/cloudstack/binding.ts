// Types shared by the generated bindings (generated/ imports types only from here) and the catalog.
import type { ZodType } from 'zod';

/** One parameter as listApis describes it. */
export interface ApiParamDoc {
  name: string;
  /** CloudStack's type: string, uuid, integer, long, short, boolean, date, tzdate, list, map, object, ... */
  type: string;
  required: boolean;
  description: string;
  length?: number;
  since?: string;
  related?: string[];
}

/** One response field as listApis describes it; `fields` for nested objects and lists of objects. */
export interface ApiResponseDoc {
  name: string;
  type: string;
  description: string;
  fields?: ApiResponseDoc[];
}

/** One entry of the generated `apis` registry. Schemas are built on first use. */
export interface ApiDefinition<P = Record<string, unknown>, R = unknown> {
  readonly name: string;
  readonly isAsync: boolean;
  readonly since: string | undefined;
  readonly description: string;
  /** Related API names from listApis' `related`. */
  readonly related: readonly string[];
  readonly paramDocs: readonly ApiParamDoc[];
  readonly responseDocs: readonly ApiResponseDoc[];
  /** zod schema of the request parameters. */
  readonly params: ZodType<P>;
  /** zod schema of the unwrapped response (for async APIs: the job's result object). */
  readonly response: ZodType<R>;
}
