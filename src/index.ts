// Programmatic entry point: the CloudStack client and its types.
export type * from './cloudstack/binding.js';
export type * from './cloudstack/types.js';
