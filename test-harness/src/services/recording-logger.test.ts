import { expect, it } from 'vitest';
import { createRecordingLogger } from './recording-logger.js';

it('keeps records and formats them as lines', () => {
  const logger = createRecordingLogger();
  logger.write({ level: 'info', message: 'started', time: 1 });
  logger.write({ level: 'warn', message: 'slow', plugin: 'p', data: { ms: 3 }, time: 2 });
  expect(logger.lines()).toEqual(['info host: started', 'warn p: slow {"ms":3}']);
  logger.clear();
  expect(logger.records).toEqual([]);
});
