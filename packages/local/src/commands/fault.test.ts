import { describe, expect, it } from 'vitest';
import { faultPatch } from './fault.js';

describe('faultPatch', () => {
  it('turns flags into the fields they change, leaving the rest alone', () => {
    expect(faultPatch({ latency: 150 })).toEqual({ latencyMs: 150 });
    expect(faultPatch({ down: true, failBuilds: true })).toEqual({ down: true, failBuilds: true });
    expect(faultPatch({ up: true })).toEqual({ down: false });
  });

  it('clears every fault with --clear', () => {
    expect(faultPatch({ clear: true })).toEqual({
      latencyMs: 0,
      keystoneLatencyMs: 0,
      errorRate: 0,
      down: false,
      hang: false,
      failBuilds: false,
    });
  });

  it('refuses contradictions and empty requests with a message naming the flags', () => {
    expect(() => faultPatch({ down: true, up: true })).toThrow(/--down and --up/);
    expect(() => faultPatch({})).toThrow(/--latency.*--clear/);
  });
});
