// @modelcontextprotocol/conformance imports `globSync` from 'fs', which Node gained in 22; this project runs on
// Node 20. Loaded with `node --import`, this hook hands that package (and only it) an 'fs' with globSync.
import { register } from 'node:module';

register('./node20-fs-resolve.mjs', import.meta.url);
