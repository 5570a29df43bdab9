// Every tool the server can offer, in the order tools/list shows them.
import type { Policy } from '../policy.js';
import { callApiTool } from './call-api.js';
import { describeApiTool, searchApisTool } from './catalog-tools.js';
import { inventoryTools } from './inventory.js';
import { getAsyncJobStatusTool } from './jobs-tool.js';
import type { ToolDefinition } from './types.js';
import { vmTools } from './vm.js';

export function allTools(policy: Policy): ToolDefinition[] {
  return [
    ...inventoryTools,
    ...vmTools,
    getAsyncJobStatusTool,
    callApiTool(policy),
    searchApisTool,
    describeApiTool,
  ];
}
