// Paging cursors: everything needed to fetch the next window (API, parameters, start index, fields, and the
// item size seen so far), signed, so the next call needs nothing from this process.
import type { ApiParams } from '../cloudstack/types.js';
import type { TokenSigner } from './signed-token.js';

const PURPOSE = 'cursor';

export interface PageCursor {
  /** API name. */
  api: string;
  params: ApiParams;
  /** Index of the first item of the next window (from 0). */
  start: number;
  /**
   * Mean bytes of one item of the window that made this cursor (as shaped with `fields`), so the next
   * window reads from CloudStack about what the byte budget lets it return. Only an estimate: any value
   * (or none) reads the same items, since `start` is absolute.
   */
  itemBytes?: number;
  fields?: string[];
}

export function encodeCursor(signer: TokenSigner, cursor: PageCursor): string {
  return signer.sign(PURPOSE, cursor);
}

/** How long the cursor's token is, without signing it. */
export function cursorLength(signer: TokenSigner, cursor: PageCursor): number {
  return signer.signedLength(cursor);
}

export function decodeCursor(signer: TokenSigner, token: string): PageCursor {
  const verified = signer.verify<PageCursor>(PURPOSE, token);
  if (!verified.ok) throw new Error(`invalid cursor: ${verified.reason}`);
  return verified.payload;
}
