import { describe, expect, it } from 'vitest';
import { groupByDimension, groupInputsByDimension } from './dimensions.js';

describe('groupByDimension', () => {
  it('groups by the key, in key order, unassigned last', () => {
    const records = [
      { id: 1, dims: { team: 't2' } },
      { id: 2, dims: { team: null } },
      { id: 3, dims: { team: 't1' } },
      { id: 4 },
      { id: 5, dims: { team: 't2' } },
    ];
    expect(groupByDimension(records, 'team', (g) => g.map((r) => r.id))).toEqual([
      { key: 't1', value: [3] },
      { key: 't2', value: [1, 5] },
      { key: null, value: [2, 4] },
    ]);
    expect(groupByDimension([], 'team', (g) => g.length)).toEqual([]);
  });

  it('gives each list of a many-list KPI its own records of the key, empty where it has none', () => {
    const groups = groupInputsByDimension(
      {
        a: [{ dims: { region: '310000' } }],
        b: [{ dims: { region: '110000' } }, { dims: { region: '310000' } }],
      },
      'region',
      (g) => [g.a.length, g.b.length],
    );
    expect(groups).toEqual([
      { key: '110000', value: [0, 1] },
      { key: '310000', value: [1, 1] },
    ]);
  });
});
