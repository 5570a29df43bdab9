// The simulator's documented interface (issue 4), declared here so the benchmark compiles before
// src/simulator lands; the child loads the real module at run time.

export interface SimulatorOptions {
  port?: number;
  seed?: number;
  latencyMs?: number;
  failureRate?: number;
  dropRate?: number;
  jobDurationMs?: number;
  jobFailureRate?: number;
  seedVms?: number;
  sessionTimeoutMs?: number;
}

export interface SimulatorAdmin {
  apiKey: string;
  secretKey: string;
  username: string;
  password: string;
  domain: string;
  userId: string;
}

export interface SimulatorHandle {
  url: string;
  admin: SimulatorAdmin;
  setFaults(faults: Partial<SimulatorOptions>): void;
  expireSessions(): void;
  close(): Promise<void>;
}

export interface SimulatorModule {
  startSimulator(options?: SimulatorOptions): Promise<SimulatorHandle>;
}
