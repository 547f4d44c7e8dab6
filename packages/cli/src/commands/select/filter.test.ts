import { describe, expect, it } from 'vitest';
import { gpuCount, matches, parseFilter, parseSpecs } from './filter.js';

const flavor = {
  Name: 'g1',
  VCPUs: 8,
  RAM: 32768,
  Properties: { 'Accelerator:Number': '1.0', 'pci_passthrough:alias': 'V100:1' },
};

describe('select filter expressions', () => {
  it('compares numbers, strings and regular expressions', () => {
    expect(matches(parseFilter('VCPUs==8 & RAM>2048'), flavor)).toBe(true);
    expect(matches(parseFilter('VCPUs<8 | Name=="g1"'), flavor)).toBe(true);
    expect(matches(parseFilter('(VCPUs<8 | RAM<1) & Name=="g1"'), flavor)).toBe(false);
    expect(matches(parseFilter('Name=~"^g"'), flavor)).toBe(true);
    expect(matches(parseFilter('Name!=g1'), flavor)).toBe(false);
  });

  it("reads dotted and quoted paths; '1' equals 1.0", () => {
    expect(matches(parseFilter("Properties.'Accelerator:Number'==1"), flavor)).toBe(true);
    expect(matches(parseFilter('Properties.Missing==1'), flavor)).toBe(false);
  });

  it('reports the position of a malformed spec', () => {
    expect(() => parseFilter('VCPUs==2 & RAM>')).toThrow(/position 16/);
    expect(() => parseFilter('VCPUs=2')).toThrow(/position 6/);
    expect(() => parseFilter('Name=~"(("')).toThrow(/regular expression/);
    expect(() => parseSpecs(['VCPUs==2', 'RAM>>1'])).toThrow(/position 5/);
  });

  it('counts GPUs from Accelerator:Number or the PCI aliases', () => {
    expect(gpuCount(flavor.Properties)).toBe(1);
    expect(gpuCount({ 'pci_passthrough:alias': 'A100:2,T4:1' })).toBe(3);
    expect(gpuCount({})).toBe(0);
  });
});
