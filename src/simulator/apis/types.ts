// What one simulated API is: its catalog entry, who may call it, and its handler.
import type { ApiSpec, FieldSpec } from '../catalog/types.js';
import type { AsyncJob, JobWork } from '../jobs.js';
import type { Account, User } from '../state/model.js';
import type { Store } from '../state/store.js';
import type { Params } from '../validation.js';
import type { RenderContext } from '../views/view.js';

/**
 * A response body already serialised: `head`, then `items` joined by commas, then `tail`. Large lists are
 * assembled from the cached UTF-8 bytes of each object, so answering 500 VMs copies bytes instead of
 * joining and re-encoding a megabyte of text.
 */
export class JsonText {
  constructor(
    readonly head: string,
    readonly items: readonly Buffer[] = [],
    readonly tail = '',
  ) {}

  /** The whole text wrapped as `{"<name>":...}`, in one buffer. */
  wrapped(responseName: string): Buffer {
    const head = `{"${responseName}":${this.head}`;
    const tail = `${this.tail}}`;
    let size = Buffer.byteLength(head) + Buffer.byteLength(tail) + Math.max(0, this.items.length - 1);
    for (const item of this.items) size += item.length;
    const out = Buffer.allocUnsafe(size);
    let offset = out.write(head);
    this.items.forEach((item, index) => {
      if (index > 0) out[offset++] = 0x2c;
      out.set(item, offset);
      offset += item.length;
    });
    out.write(tail, offset);
    return out;
  }
}

export type ApiResult = Record<string, unknown> | JsonText;

export interface Caller {
  user: User;
  account: Account;
  isRootAdmin: boolean;
  isDomainAdmin: boolean;
}

export interface CallContext {
  store: Store;
  caller: Caller;
  params: Params;
  now: number;
  /** The API name as called. */
  command: string;
  /** CloudStack's lower-case command name used in its messages. */
  commandName: string;
  rc: RenderContext;
  /** Starts an async job for this call; the handler returns `{jobid, id?}`. */
  startJob(work: JobWork): AsyncJob;
  /** `listApis` entries of the loaded catalog, as JSON. */
  listApisJson(name: string | undefined): string | undefined;
}

/** Who may call an API: everyone, domain admins and root admins, or root admins only. */
export type Access = 'user' | 'domainadmin' | 'admin';

export interface SimulatedApi {
  spec: ApiSpec;
  access: Access;
  /** The command class CloudStack reports as a job's `cmd`. */
  cmdClass?: string;
  /** The class CloudStack reports instead when a root admin calls (the `...ByAdmin` variants). */
  adminCmdClass?: string;
  handle(ctx: CallContext): ApiResult;
}

export function defineApi(api: SimulatedApi): SimulatedApi {
  return api;
}

/** The answer of delete-style APIs (and of their jobs): `{success: true}`. */
export const SUCCESS_FIELDS: FieldSpec[] = [
  { name: 'success', type: 'boolean', description: 'true when the operation succeeded' },
  { name: 'displaytext', type: 'string', description: 'any text the operation returned' },
];

/** What an async API answers at once: the job id, and for create-style APIs the new object's id. */
export function jobStarted(jobId: string, objectId?: string): Record<string, unknown> {
  return objectId === undefined ? { jobid: jobId } : { id: objectId, jobid: jobId };
}
