import type http from 'node:http';
import { loadConfig } from '../config';
import { OriginPolicy } from './cors';

const upgrade = (headers: Record<string, string>) => ({ headers }) as unknown as http.IncomingMessage;

describe('OriginPolicy', () => {
  it('allows any localhost origin by default outside production', () => {
    const policy = new OriginPolicy(undefined, false);
    for (const o of [
      'http://localhost:5173',
      'https://localhost',
      'http://127.0.0.1:3000',
      'http://[::1]:8080',
    ]) {
      expect(policy.allows(o)).toBe(true);
    }
    expect(policy.allows('http://localhost.evil.example')).toBe(false);
    expect(policy.allows('https://app.example.fi')).toBe(false);
  });

  it('allows no other origin by default in production, only the hub itself', () => {
    const policy = new OriginPolicy(undefined, true);
    expect(policy.allows('http://localhost:5173')).toBe(false);
    expect(policy.allowsUpgrade(upgrade({ origin: 'http://localhost:5173', host: 'hub.example.fi' }))).toBe(
      false,
    );
    expect(policy.allowsUpgrade(upgrade({ origin: 'https://hub.example.fi', host: 'hub.example.fi' }))).toBe(
      true,
    );
    expect(policy.allowsUpgrade(upgrade({ host: 'hub.example.fi' }))).toBe(true);
  });

  it('takes CORS_ORIGINS as it is, or * for any origin', () => {
    const { CORS_ORIGINS } = loadConfig({ CORS_ORIGINS: 'https://App.example.fi/, http://localhost:5173' });
    const policy = new OriginPolicy(CORS_ORIGINS, true);
    expect(policy.allows('https://app.example.fi')).toBe(true);
    expect(policy.allows('http://localhost:5173')).toBe(true);
    expect(policy.allows('http://localhost:5174')).toBe(false);
    expect(new OriginPolicy(['*'], true).allows('https://anything.example')).toBe(true);
  });

  it('refuses a CORS_ORIGINS entry that is not an origin', () => {
    expect(() => loadConfig({ CORS_ORIGINS: 'https://app.example.fi/path' })).toThrow(/is not an origin/);
    expect(() => loadConfig({ CORS_ORIGINS: 'app.example.fi' })).toThrow(/is not an origin/);
  });
});
