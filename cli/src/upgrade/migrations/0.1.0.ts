import { defineMigration } from './migration.js';

/**
 * 0.1.0, the first release. Before it the pdk exported one catalog of every error code as
 * `errorCatalog` (entries typed `ErrorCatalogEntry`); each package now declares its own with
 * `defineErrors`, and the pdk's is `pdkErrors` (entries `ErrorEntry`), which holds every code a
 * plugin meets.
 */
export default defineMigration({
  version: '0.1.0',
  summary: 'pdk errorCatalog -> pdkErrors, ErrorCatalogEntry -> ErrorEntry; validate --fix',
  importRenames: [
    { module: '@stack-plugin/pdk', from: 'errorCatalog', to: 'pdkErrors' },
    { module: '@stack-plugin/pdk', from: 'ErrorCatalogEntry', to: 'ErrorEntry' },
  ],
  fixManifest: true,
});
