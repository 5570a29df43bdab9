// What codegen reports besides the output. The dump shapes (what listApis sends, and the normalised dump that
// api-cache/ stores) are in src/cloudstack/listapis.ts: the live catalog normalises listApis entries too.
/** A CloudStack type codegen does not know, mapped to a fallback. */
export interface UnknownType {
  api: string;
  /** `param` or the dotted path of a response field. */
  where: 'param' | 'response';
  name: string;
  type: string;
}
