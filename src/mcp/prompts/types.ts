// A prompt is data (name, title, description, arguments, the tools it leads through) plus a function that
// writes its instructions from the arguments given. Arguments that name a cloud object say which kind, and
// completion/complete offers those objects from the connected cloud (complete.ts).

/** Cloud objects an argument can complete from. */
export type CompletionKind = 'zone' | 'template' | 'serviceOffering' | 'network' | 'vm' | 'job';

export interface PromptArgumentDefinition {
  name: string;
  description: string;
  required?: boolean;
  /** The cloud objects this argument names; completion/complete lists them. */
  completes?: CompletionKind;
}

/** Arguments as given: every value a string (MCP prompt arguments are strings); absent or empty left out. */
export type PromptArgs = Readonly<Record<string, string>>;

export interface PromptDefinition {
  name: string;
  title: string;
  description: string;
  arguments: readonly PromptArgumentDefinition[];
  /** Our tools the instructions cannot do without: the prompt is offered only when the policy offers them. */
  tools: readonly string[];
  /** CloudStack APIs it cannot do without beyond those tools' own (offered only when the policy allows them). */
  apis?: readonly string[];
  /** The instructions, as the user's message to the model. */
  text(args: PromptArgs): string;
}

/** A value for the prompt text: quoted as JSON, so a value cannot end the sentence it sits in. */
export function quoted(value: string): string {
  return JSON.stringify(value);
}
