import { describe, expect, it } from 'vitest';
import { describePermission } from './describe-permission.js';
import { highestRisk, riskRank } from './highest-risk.js';

describe('highestRisk', () => {
  it('is the riskiest permission as describePermission rates it, with every one at that level', () => {
    expect(highestRisk([])).toEqual({ risk: 'low', permissions: [] });
    expect(highestRisk(['state', 'events:emit:a.b'])).toEqual({
      risk: 'low',
      permissions: ['state', 'events:emit:a.b'],
    });
    const mixed = ['state', 'net:api.github.com', 'exec:bash', 'fs:write:**'];
    expect(highestRisk(mixed)).toEqual({
      risk: 'critical',
      permissions: ['exec:bash', 'fs:write:**'],
    });
    for (const p of mixed) {
      expect(riskRank(describePermission(p).risk)).toBeLessThanOrEqual(riskRank('critical'));
    }
  });

  it('ranks an unknown level as critical, so a typo fails safe', () => {
    expect(riskRank('low')).toBe(0);
    expect(riskRank('critical')).toBe(3);
    expect(riskRank('severe')).toBe(3);
  });
});
