export { ApiCatalog, type CatalogEntry, type LookupResult, type SearchOptions } from './catalog.js';
export { type ApiClass, type Classification, classifyApi, verbOf } from './classify.js';
export { type ApiDescription, describeEntry } from './describe.js';
export {
  definitionFromListApis,
  fetchLiveApis,
  liveDefinition,
  type ParamsSchemaBuilder,
  type RawApiDoc,
} from './live.js';
export { editDistance, suggestNames } from './suggest.js';
