// API discovery and capabilities: listApis, listCapabilities.
import { param } from '../catalog/params.js';
import type { FieldSpec } from '../catalog/types.js';
import { ErrorCode, serverApiError } from '../errors.js';
import { capabilitiesView } from '../views/misc.js';
import { defineApi, JsonText } from './types.js';

const apiParamFields: FieldSpec[] = [
  { name: 'name', type: 'string', description: 'name of the parameter' },
  { name: 'description', type: 'string', description: 'what the parameter does' },
  {
    name: 'type',
    type: 'string',
    description: 'type of the parameter (string, uuid, integer, long, boolean, ...)',
  },
  { name: 'length', type: 'int', description: 'longest value accepted' },
  { name: 'required', type: 'boolean', description: 'whether the parameter must be given' },
  { name: 'since', type: 'string', description: 'CloudStack version that added the parameter' },
  {
    name: 'related',
    type: 'string',
    description: 'APIs that return values for the parameter, comma-separated',
  },
];

const apiResponseFields: FieldSpec[] = [
  { name: 'name', type: 'string', description: 'name of the response field' },
  { name: 'description', type: 'string', description: 'what the field holds' },
  { name: 'type', type: 'string', description: 'type of the field' },
  { name: 'response', type: 'set', description: 'fields of a nested object' },
];

export const discoveryApis = [
  defineApi({
    access: 'user',
    spec: {
      name: 'listApis',
      description:
        'Describes the APIs the caller may use: parameters, response fields and whether each is async.',
      isAsync: false,
      since: '4.1.0',
      related: [],
      params: [param('name', 'string', 'describe only the API with this exact name')],
      response: [
        { name: 'name', type: 'string', description: 'name of the API' },
        { name: 'description', type: 'string', description: 'what the API does' },
        { name: 'isasync', type: 'boolean', description: 'whether the API runs as an async job' },
        { name: 'since', type: 'string', description: 'CloudStack version that added the API' },
        { name: 'related', type: 'string', description: 'related APIs, comma-separated' },
        { name: 'type', type: 'string', description: 'response type' },
        { name: 'params', type: 'set', description: 'parameters of the API', fields: apiParamFields },
        {
          name: 'response',
          type: 'set',
          description: 'fields of the API response',
          fields: apiResponseFields,
        },
      ],
    },
    handle(ctx) {
      const name = ctx.params.text('name');
      const json = ctx.listApisJson(name);
      if (json === undefined) {
        throw serverApiError(
          ErrorCode.INTERNAL_ERROR,
          'Api Discovery plugin was unable to find an api by that name or process any apis',
        );
      }
      return new JsonText(json);
    },
  }),
  defineApi({
    access: 'user',
    spec: {
      name: 'listCapabilities',
      description: 'Reports the features and limits of this cloud, including the CloudStack version.',
      isAsync: false,
      related: [],
      params: [],
      response: capabilitiesView.fields,
    },
    handle(ctx) {
      return { capability: capabilitiesView.render(null, ctx.rc) };
    },
  }),
];
