import { createSqliteDbService } from '../src/index.js';
import { dbHostCases } from './_db-host-cases.js';

dbHostCases('sqlite', async () => createSqliteDbService({ dir: ':memory:' }));
