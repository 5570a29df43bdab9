// Parameters for a deployVirtualMachine that the simulator accepts: the first zone (Basic preferred, so no
// network is needed), a template and a service offering, found with ordinary list calls.
import type { CloudStackCaller } from '../../src/cloudstack/types.js';

type Item = Record<string, unknown>;

function firstId(items: Item[] | undefined, what: string): string {
  const id = items?.[0]?.id;
  if (typeof id !== 'string') throw new Error(`the simulator lists no ${what}`);
  return id;
}

// A type, not an interface: it passes where request() takes a record of parameters.
export type DeployParams = {
  zoneid: string;
  templateid: string;
  serviceofferingid: string;
  networkids?: string;
};

export async function deployParams(client: CloudStackCaller): Promise<DeployParams> {
  const zones = (await client.request<{ zone?: Item[] }>('listZones', { available: true })).zone ?? [];
  const zone = zones.find((z) => z.networktype === 'Basic') ?? zones[0];
  const zoneid = firstId(zone ? [zone] : [], 'zone');
  const templates = await client.request<{ template?: Item[] }>('listTemplates', {
    templatefilter: 'executable',
    zoneid,
  });
  const offerings = await client.request<{ serviceoffering?: Item[] }>('listServiceOfferings', {});
  const params: DeployParams = {
    zoneid,
    templateid: firstId(templates.template, 'template'),
    serviceofferingid: firstId(offerings.serviceoffering, 'service offering'),
  };
  if (zone?.networktype === 'Advanced') {
    const networks = await client.request<{ network?: Item[] }>('listNetworks', { zoneid });
    params.networkids = firstId(networks.network, 'network');
  }
  return params;
}
