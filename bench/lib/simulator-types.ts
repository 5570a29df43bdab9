// What the benchmark passes to and gets from a simulator process.
export type { SimulatorAdmin, SimulatorOptions } from '../../src/simulator/index.js';
