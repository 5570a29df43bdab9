import { describe, expect, it } from 'vitest';
import { ApiCatalog, type CatalogEntry } from '../../src/catalog/catalog.js';
import { describeEntry } from '../../src/catalog/describe.js';
import { editDistance, suggestNames } from '../../src/catalog/suggest.js';
import { splitCamel, tokenize } from '../../src/catalog/words.js';
import { dumpDefinitions } from './dump.js';

const catalog = new ApiCatalog(dumpDefinitions('4.18.0'));

const isRead = (entry: CatalogEntry) => entry.apiClass === 'read';

function topNames(query: string, limit = 5): string[] {
  return catalog.search(query, { limit }).map((hit) => hit.name);
}

describe('words', () => {
  it('splits camelCase names with acronyms and digits', () => {
    expect(splitCamel('createVPCOffering')).toEqual(['create', 'vpc', 'offering']);
    expect(splitCamel('listIpv6FirewallRules')).toEqual(['list', 'ipv6', 'firewall', 'rules']);
    expect(tokenize('List the virtual machines')).toEqual(['list', 'virtual', 'machine']);
  });
});

describe('searchApis', () => {
  it('finds APIs by the words of their names', () => {
    expect(topNames('virtual machine snapshot', 5)).toContain('createVMSnapshot');
    expect(topNames('list vm', 1)).toEqual(['listVirtualMachines']);
    expect(topNames('list virtual machines', 1)).toEqual(['listVirtualMachines']);
    expect(topNames('deploy vm', 3)).toContain('deployVirtualMachine');
  });

  it('uses descriptions and synonyms', () => {
    expect(topNames('disk resize', 3)).toContain('resizeVolume');
    expect(topNames('public ip address', 5)).toContain('associateIpAddress');
    expect(topNames('ssh key', 5)).toEqual(expect.arrayContaining(['createSSHKeyPair']));
  });

  it('understands the verbs people use, and ranks the API of that verb first', () => {
    // Not listFirewallRules (same nouns), nor addPaloAltoFirewall ("add" as a word of its name).
    expect(topNames('add a firewall rule', 1)).toEqual(['createFirewallRule']);
    // "open" is a verb here, not OpenDaylight: a port forwarding or firewall rule.
    expect(topNames('open a port', 3)).toContain('createPortForwardingRule');
    expect(topNames('open a port', 3).some((name) => name.startsWith('listOpenDaylight'))).toBe(false);
    expect(topNames('kill vm', 1)).toEqual(['destroyVirtualMachine']);
    expect(topNames('delete vm', 1)).toEqual(['destroyVirtualMachine']);
    expect(topNames('remove a volume', 2)).toEqual(expect.arrayContaining(['deleteVolume', 'destroyVolume']));
    expect(topNames('make a snapshot', 1)).toEqual(['createSnapshot']);
    expect(topNames('add volume', 1)).toEqual(['createVolume']);
    expect(topNames('get zones', 1)).toEqual(['listZones']);
    expect(topNames('create network', 1)).toEqual(['createNetwork']);
    expect(topNames('reboot server', 1)).toEqual(['rebootVirtualMachine']);
  });

  it('ranks an exact name first', () => {
    expect(topNames('listZones', 1)).toEqual(['listZones']);
  });

  it('filters by class', () => {
    const hits = catalog.search('virtual machine', { limit: 10, allow: isRead });
    expect(hits.length).toBe(10);
    expect(hits.every((hit) => hit.entry.apiClass === 'read')).toBe(true);
  });

  it('filters by class before the limit, so other classes cannot crowd out the matches', () => {
    // Most hits for "destroy vm" are writes and destroys; the reads among them rank far down.
    const name = (hit: { name: string }) => hit.name;
    const reads = catalog
      .search('destroy vm', { limit: 10_000 })
      .filter((hit) => hit.entry.apiClass === 'read')
      .slice(0, 30);
    expect(reads.length).toBeGreaterThan(10);
    expect(catalog.search('destroy vm', { limit: 30, allow: isRead }).map(name)).toEqual(reads.map(name));
  });

  it('answers nothing for words that match nothing', () => {
    expect(catalog.search('zzzqqq')).toEqual([]);
  });
});

describe('lookup and suggestions', () => {
  it('computes edit distance', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('listZones', 'listzones')).toBe(0);
  });

  it('suggests the closest names for a typo', () => {
    const result = catalog.lookup('listVirtualMachine');
    expect(result.found).toBe(false);
    if (!result.found) expect(result.suggestions[0]).toBe('listVirtualMachines');
    expect(suggestNames('zoneidd', ['zoneid', 'id', 'name'])).toEqual(['zoneid']);
  });

  it('accepts a name that differs only in case', () => {
    const result = catalog.lookup('listvirtualmachines');
    expect(result.found && result.entry.definition.name).toBe('listVirtualMachines');
  });
});

describe('describeEntry', () => {
  it('leaves out response fields and paging unless asked for all', () => {
    const entry = catalog.get('listVirtualMachines');
    expect(entry).toBeDefined();
    const short = describeEntry(entry!);
    expect(short.response).toBeUndefined();
    expect(short.params.map((param) => param.name)).not.toContain('pagesize');
    expect(short.params.map((param) => param.name)).toContain('state');
    const full = describeEntry(entry!, { full: true });
    expect(full.params.map((param) => param.name)).toEqual(expect.arrayContaining(['page', 'pagesize']));
    expect(full.response?.length).toBeGreaterThan(20);
    expect(JSON.stringify(short).length).toBeLessThan(JSON.stringify(full).length / 2);
  });

  it('lists required parameters first and nests response fields', () => {
    const entry = catalog.get('deployVirtualMachine');
    expect(entry).toBeDefined();
    const description = describeEntry(entry!, { full: true });
    expect(description.class).toBe('write');
    expect(description.async).toBe(true);
    const required = description.params.filter((param) => param.required).map((param) => param.name);
    expect(required).toEqual(expect.arrayContaining(['serviceofferingid', 'zoneid']));
    expect(description.params[0]?.required).toBe(true);
    const nic = description.response?.find((field) => field.name === 'nic');
    expect(nic?.fields?.some((field) => field.name === 'ipaddress')).toBe(true);
  });
});
