// tools/list is the product's most visible contract: a committed snapshot shows every change to names,
// descriptions, schemas and annotations in review. Update with `npx vitest run test/mcp -u` on purpose.
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import { connect, type Harness } from './harness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function listTools(options: Parameters<typeof connect>[0] = {}) {
  harness = await connect(options);
  return (await harness.client.listTools()).tools;
}

describe('tools/list', () => {
  it('matches the committed snapshot', async () => {
    const tools = await listTools();
    await expect(`${JSON.stringify({ tools }, null, 2)}\n`).toMatchFileSnapshot(
      './__snapshots__/tools-list.json.snap',
    );
  });

  it('matches the committed read-only snapshot', async () => {
    const tools = await listTools({ readOnly: true });
    await expect(`${JSON.stringify({ tools }, null, 2)}\n`).toMatchFileSnapshot(
      './__snapshots__/tools-list.read-only.json.snap',
    );
  });

  it('gives every tool a title, a description, an output schema and all four annotations', async () => {
    for (const readOnly of [false, true]) {
      const tools = await listTools({ readOnly });
      for (const tool of tools) {
        const where = `${tool.name}${readOnly ? ' (read-only)' : ''}`;
        expect(tool.title, where).toBeTruthy();
        expect(tool.description?.length, where).toBeGreaterThan(20);
        expect(tool.outputSchema?.type, where).toBe('object');
        for (const hint of ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const) {
          expect(typeof tool.annotations?.[hint], `${where} ${hint}`).toBe('boolean');
        }
        if (readOnly) expect(tool.annotations?.readOnlyHint, where).toBe(true);
      }
      await harness?.close();
      harness = undefined;
    }
  });

  // Issue 13's bound, by the tokenizer the bench counts with (bench/sections/tokens.ts): every tool added or
  // described longer pays here first.
  it('stays within 2,500 tokens (Claude tokenizer)', async () => {
    const { countTokens } = createRequire(import.meta.url)('@anthropic-ai/tokenizer') as {
      countTokens: (text: string) => number;
    };
    const tools = await listTools();
    expect(countTokens(JSON.stringify({ tools }))).toBeLessThanOrEqual(2500);
  });
});
