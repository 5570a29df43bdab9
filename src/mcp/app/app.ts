// MCP Apps (@modelcontextprotocol/ext-apps): listVirtualMachines and getVMStatus name a `ui://` resource, a
// self-contained HTML page (view.ts) that shows the VMs as a sortable, filterable table and a VM's detail
// with its recent jobs. Hosts that render MCP Apps fetch it with resources/read and pass it the tool's
// result; every other client ignores `_meta` and gets the same answers as before (the tools' output is
// not touched). Only `_meta.ui.resourceUri`, where the spec puts it, not the package's legacy
// `ui/resourceUri` key as well: tools/list is read on every conversation (its budget: README, "Tools").
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ReadResourceResult, Resource } from '@modelcontextprotocol/sdk/types.js';
import { VIEW_BODY, VIEW_SCRIPT, VIEW_STYLE } from './view.js';

/**
 * The MCP Apps page type, as ext-apps' RESOURCE_MIME_TYPE (test/mcp/app.test.ts compares them). Written out
 * because importing '@modelcontextprotocol/ext-apps/server' for one constant cost ~100 ms of every start-up.
 */
const RESOURCE_MIME_TYPE = 'text/html;profile=mcp-app';

export const VM_VIEW_URI = 'ui://cloudstack/vms';

/** The tools whose result the view shows; its actions call startVM, stopVM, rebootVM, destroyVM, callApi. */
export const APP_TOOLS: ReadonlySet<string> = new Set(['listVirtualMachines', 'getVMStatus']);

export const appToolMeta = { ui: { resourceUri: VM_VIEW_URI } } as const;

export const vmViewResource: Resource = {
  uri: VM_VIEW_URI,
  name: 'vm-inventory',
  title: 'VM inventory',
  description: 'Table of VMs with filters, details, recent jobs and actions',
  mimeType: RESOURCE_MIME_TYPE,
};

let page: string | undefined;

/**
 * The package's App class bundled with its dependencies (one ES module, no imports), made a classic
 * script: its one `export{a as App,...}` becomes `var McpApps={App:a,...}`, so the page needs no module
 * loader, no other URL and no network.
 */
function appLibrary(): string {
  const require = createRequire(import.meta.url);
  const source = readFileSync(require.resolve('@modelcontextprotocol/ext-apps/app-with-deps'), 'utf8');
  const exported = /export\s*\{([^}]*)\};?\s*$/.exec(source);
  if (!exported?.[1]) throw new Error('@modelcontextprotocol/ext-apps/app-with-deps: no export list found');
  const members = exported[1].split(',').map((entry) => {
    const [local, name = local] = entry.trim().split(/\s+as\s+/);
    return `${JSON.stringify(name)}:${local}`;
  });
  return `${source.slice(0, exported.index)}\nvar McpApps={${members.join(',')}};`;
}

/** `</script` inside inline script text would end the element early. */
const inlineScript = (code: string) => `<script>${code.replace(/<\/script/gi, '<\\/script')}</script>`;

/** The view's HTML, built once per process (~350 KB, nearly all of it the package's App bundle). */
export function vmViewHtml(): string {
  page ??= [
    '<!doctype html><html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width,initial-scale=1">',
    `<title>CloudStack VMs</title><style>${VIEW_STYLE}</style></head><body>`,
    VIEW_BODY,
    inlineScript(appLibrary()),
    inlineScript(VIEW_SCRIPT),
    '</body></html>',
  ].join('\n');
  return page;
}

export function readVmView(): ReadResourceResult {
  return { contents: [{ uri: VM_VIEW_URI, mimeType: RESOURCE_MIME_TYPE, text: vmViewHtml() }] };
}
