import { describe, expect, it } from 'vitest';
import { defaultDatabasePath, isPostgresUrl, resolveSettings } from './config.js';

describe('hub settings', () => {
  it('defaults to 127.0.0.1:7400 and an SQLite file under ~/.local/share', () => {
    const settings = resolveSettings({}, { HOME: '/home/op' });
    expect(settings).toEqual({
      host: '127.0.0.1',
      port: 7400,
      database: defaultDatabasePath({ HOME: '/home/op' }),
      admins: [],
      audience: ['fedcloud'],
      info: { historyCount: 100, historyDays: 30, publishesPerMinute: 12 },
    });
    expect(settings.database).toMatch(/\.local\/share\/fedcloud-hub\/hub\.db$/);
    expect(defaultDatabasePath({ XDG_DATA_HOME: '/data' })).toBe('/data/fedcloud-hub/hub.db');
  });

  it('reads FEDCLOUD_HUB_* and lets flags win', () => {
    const env = {
      FEDCLOUD_HUB_HOST: '0.0.0.0',
      FEDCLOUD_HUB_PORT: '8000',
      FEDCLOUD_HUB_DB: 'postgres://hub:pw@db/hub',
      FEDCLOUD_HUB_ISSUER: 'https://aai.egi.eu/auth/realms/egi',
      FEDCLOUD_HUB_ADMINS: ' a@egi.eu, ,hub-admin ',
      FEDCLOUD_HUB_CA_FILE: '/etc/ca.pem',
      FEDCLOUD_HUB_PUBLIC_URL: 'https://hub.example.org/',
      FEDCLOUD_HUB_AUDIENCE: 'fedcloud, https://hub.example.org',
      FEDCLOUD_HUB_HISTORY_COUNT: '10',
      FEDCLOUD_HUB_HISTORY_DAYS: '7',
      FEDCLOUD_HUB_PUBLISH_RATE: '2',
    };
    expect(resolveSettings({}, env)).toEqual({
      host: '0.0.0.0',
      port: 8000,
      database: 'postgres://hub:pw@db/hub',
      issuerUrl: 'https://aai.egi.eu/auth/realms/egi',
      admins: ['a@egi.eu', 'hub-admin'],
      caFile: '/etc/ca.pem',
      publicUrl: 'https://hub.example.org',
      audience: ['fedcloud', 'https://hub.example.org'],
      info: { historyCount: 10, historyDays: 7, publishesPerMinute: 2 },
    });
    expect(resolveSettings({ port: '0', admins: 'x', database: 'hub.db' }, env)).toMatchObject({
      port: 0,
      admins: ['x'],
      database: 'hub.db',
    });
    expect(isPostgresUrl('postgresql://h/db')).toBe(true);
    expect(isPostgresUrl('/var/lib/hub.db')).toBe(false);
  });

  it('names the flag and the variable of a bad value', () => {
    expect(() => resolveSettings({ historyCount: '0' }, {})).toThrow(
      '--history-count / FEDCLOUD_HUB_HISTORY_COUNT must be at least 1',
    );
    expect(() => resolveSettings({}, { FEDCLOUD_HUB_PUBLISH_RATE: 'often' })).toThrow(
      '--publish-rate / FEDCLOUD_HUB_PUBLISH_RATE must be a number',
    );
    expect(() => resolveSettings({ audience: ' , ' }, {})).toThrow(
      '--audience / FEDCLOUD_HUB_AUDIENCE must name at least one audience',
    );
    expect(() => resolveSettings({ port: 'http' }, {})).toThrow(
      '--port / FEDCLOUD_HUB_PORT must be a number',
    );
    expect(() => resolveSettings({}, { FEDCLOUD_HUB_PORT: '70000' })).toThrow(
      '--port / FEDCLOUD_HUB_PORT must be between 0 and 65535',
    );
    expect(() => resolveSettings({ issuer: 'aai.egi.eu' }, {})).toThrow(
      '--issuer / FEDCLOUD_HUB_ISSUER must be an http(s) URL',
    );
  });

  it('takes the trusted CAs and the TLS certificate and key, the two together only', () => {
    expect(
      resolveSettings(
        { tlsCert: '/etc/hub/cert.pem' },
        {
          FEDCLOUD_HUB_TLS_KEY: '/etc/hub/key.pem',
          FEDCLOUD_HUB_TRUSTED_CA: '/etc/grid-security/certificates',
        },
      ),
    ).toMatchObject({
      trustedCa: '/etc/grid-security/certificates',
      tls: { certFile: '/etc/hub/cert.pem', keyFile: '/etc/hub/key.pem' },
    });
    expect(() => resolveSettings({ tlsCert: '/etc/hub/cert.pem' }, {})).toThrow(
      '--tls-cert / FEDCLOUD_HUB_TLS_CERT and --tls-key / FEDCLOUD_HUB_TLS_KEY go together: give both or neither',
    );
    expect(() => resolveSettings({}, { FEDCLOUD_HUB_TLS_KEY: '/k.pem' })).toThrow('go together');
  });
});
