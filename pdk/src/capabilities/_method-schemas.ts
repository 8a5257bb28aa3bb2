/**
 * JSON Schema building blocks of capability method parameters and results, shared by the
 * descriptors (docs, typegen and the sandbox wire checks read them from there).
 */

export const STRING = { type: 'string' } as const;
export const NAME = { type: 'string', minLength: 1 } as const;
export const PATH = {
  type: 'string',
  minLength: 1,
  description: 'workspace-relative path',
} as const;
export const NOTHING = { type: 'null', description: 'resolves with undefined' } as const;
export const ANY = {} as const;
export const OPTIONAL_STRING = {
  type: ['string', 'null'],
  description: 'undefined when unset',
} as const;
export const RECURSIVE = {
  type: 'object',
  properties: { recursive: { type: 'boolean' } },
} as const;
export const STATE_METHODS = {
  get: { summary: 'The value stored under a key.', params: [NAME], result: ANY },
  set: { summary: 'Store a structured-clonable value.', params: [NAME, ANY], result: NOTHING },
  delete: { summary: 'Remove a key.', params: [NAME], result: NOTHING },
  keys: {
    summary: 'Every stored key.',
    params: [],
    result: { type: 'array', items: STRING },
  },
} as const;
