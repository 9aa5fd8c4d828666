// The Student-t predictive's quantiles (main/model/predictive-t.ts) against published t tables,
// and its limit: with many degrees of freedom it is the normal's.
import { describe, expect, it } from 'vitest';
import { predictiveZ, tQuantile } from '../../main/model/predictive-t.ts';
import { zForCentral } from '../../main/model/predict.ts';

describe('Student-t predictive intervals', () => {
  it('has the tabulated quantiles', () => {
    expect(tQuantile(0.975, 7)).toBeCloseTo(2.364624, 5);
    expect(tQuantile(0.9, 7)).toBeCloseTo(1.414924, 5);
    expect(tQuantile(0.995, 4)).toBeCloseTo(4.604095, 4);
    expect(tQuantile(0.5, 7)).toBeCloseTo(0, 9);
    expect(tQuantile(0.975, 100_000)).toBeCloseTo(zForCentral(0.95), 3);
  });

  it('gives unit-variance half-widths: narrower than the normal at 80%, about the same at 95%', () => {
    expect(predictiveZ(0.8)).toBeCloseTo(1.414924 * Math.sqrt(5 / 7), 5);
    expect(predictiveZ(0.8)).toBeLessThan(zForCentral(0.8) - 0.05);
    expect(Math.abs(predictiveZ(0.95) - zForCentral(0.95))).toBeLessThan(0.05);
    expect(() => tQuantile(0.2, 7)).toThrow(RangeError);
  });
});
