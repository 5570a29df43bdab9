import { describe, expect, it } from 'vitest';
import { classificationExceptions } from '../../src/catalog/classification-exceptions.js';
import { classifyApi, verbOf } from '../../src/catalog/classify.js';
import { isReadCommand } from '../../src/cloudstack/retry.js';
import { readDump } from './dump.js';

describe('classifyApi', () => {
  for (const version of ['4.18.0', '4.15.2']) {
    it(`classifies every API of the ${version} dump by a verb rule or an exception`, () => {
      const apis = readDump(version);
      expect(apis.length).toBeGreaterThan(600);
      const unclassified = apis
        .map((api) => api.name)
        .filter((name) => classifyApi(name).rule === 'fallback');
      expect(unclassified).toEqual([]);
    });
  }

  for (const version of ['4.18.0', '4.15.2']) {
    it(`retries (as a read) no API of the ${version} dump that the catalog calls a write`, () => {
      const repeatedWrites = readDump(version)
        .map((api) => api.name)
        .filter((name) => isReadCommand(name) && classifyApi(name).apiClass !== 'read');
      expect(repeatedWrites).toEqual([]);
    });
  }

  it('reads, writes and destroys by verb', () => {
    expect(classifyApi('listVirtualMachines')).toEqual({ apiClass: 'read', rule: 'verb' });
    expect(classifyApi('queryAsyncJobResult').apiClass).toBe('read');
    expect(classifyApi('deployVirtualMachine').apiClass).toBe('write');
    expect(classifyApi('stopVirtualMachine').apiClass).toBe('write');
    expect(classifyApi('destroyVirtualMachine').apiClass).toBe('destructive');
    expect(classifyApi('expungeVirtualMachine').apiClass).toBe('destructive');
    expect(classifyApi('deleteNetwork').apiClass).toBe('destructive');
    expect(classifyApi('restoreVirtualMachine').apiClass).toBe('destructive');
  });

  it('lets the exception table override misleading verbs', () => {
    expect(classifyApi('getUploadParamsForTemplate')).toEqual({ apiClass: 'write', rule: 'exception' });
    expect(classifyApi('quotaIsEnabled').apiClass).toBe('read');
    expect(classifyApi('releaseIpAddress').apiClass).toBe('destructive');
    expect(classifyApi('releaseDedicatedZone').apiClass).toBe('write');
  });

  it('treats an unknown verb as write, so read-only mode refuses it', () => {
    expect(classifyApi('frobnicateCluster')).toEqual({ apiClass: 'write', rule: 'fallback' });
  });

  it('has no exception that merely repeats its verb rule', () => {
    const redundant = Object.entries(classificationExceptions).filter(([name, exception]) => {
      const withoutException = classifyApi(`${verbOf(name)}Zz`);
      return withoutException.rule === 'verb' && withoutException.apiClass === exception.apiClass;
    });
    expect(redundant.map(([name]) => name)).toEqual([]);
  });
});
