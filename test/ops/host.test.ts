// Host detection for `task cloudstack:setup` (scripts/lib/host.sh), fed with the uname values of many hosts.
import { describe, expect, it } from 'vitest';
import { hostFn } from './shell.js';

describe('host_plan', () => {
  const cases: [os: string, arch: string, translated: string, docker: string, plan: string][] = [
    ['Linux', 'x86_64', '0', 'engine', 'compose'],
    ['Linux', 'amd64', '0', 'engine', 'compose'],
    ['Darwin', 'x86_64', '0', 'engine', 'compose'],
    ['Darwin', 'arm64', '0', 'engine', 'compose-emulated'],
    // A shell running under Rosetta on Apple Silicon says x86_64, yet containers still need emulation.
    ['Darwin', 'x86_64', '1', 'engine', 'compose-emulated'],
    ['Linux', 'aarch64', '0', 'engine', 'compose-emulated'],
    ['Darwin', 'arm64', '0', 'none', 'no-docker'],
    ['Linux', 'x86_64', '0', 'none', 'no-docker'],
    ['Darwin', 'arm64', '0', 'cli-only', 'engine-down'],
    ['Linux', 'x86_64', '0', 'cli-only', 'engine-down'],
    ['MINGW64_NT-10.0-19045', 'x86_64', '0', 'engine', 'unsupported'],
  ];
  it.each(cases)('%s %s (translated=%s, docker=%s) → %s', (os, arch, translated, docker, plan) => {
    expect(hostFn(`host_plan ${os} ${arch} ${translated} ${docker}`)).toBe(plan);
  });

  it('describes Apple Silicon, Intel Macs and Linux', () => {
    expect(hostFn('host_description Darwin arm64 0')).toBe('macOS on Apple Silicon (arm64)');
    expect(hostFn('host_description Darwin x86_64 1')).toBe('macOS on Apple Silicon (arm64)');
    expect(hostFn('host_description Darwin x86_64 0')).toBe('macOS on Intel (x86-64)');
    expect(hostFn('host_description Linux aarch64 0')).toBe('Linux on arm64');
  });

  it('adds the emulation override only for arm64 hosts', () => {
    expect(hostFn('compose_override_for_plan compose-emulated')).toBe('docker/docker-compose.emulated.yml');
    expect(hostFn('compose_override_for_plan compose')).toBe('');
  });

  it('reports this machine without failing', () => {
    expect(hostFn('docker_state')).toMatch(/^(engine|cli-only|none)$/);
    expect(hostFn('rosetta_translated')).toMatch(/^[01]$/);
  });
});
