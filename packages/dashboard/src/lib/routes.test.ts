import { describe, expect, it } from 'vitest';
import { matchRoute, sitePath, toAppPath, toBrowserPath, voImagesPath, voPath } from './routes.js';

describe('routes', () => {
  it('maps the pages', () => {
    expect(matchRoute('/')).toEqual({ page: 'overview' });
    expect(matchRoute('/sites/CESNET-MCC')).toEqual({ page: 'site', name: 'CESNET-MCC' });
    expect(matchRoute('/sites/CESNET-MCC/')).toEqual({ page: 'site', name: 'CESNET-MCC' });
    expect(matchRoute('/vos')).toEqual({ page: 'vos' });
    expect(matchRoute('/vos/vo.access.egi.eu')).toEqual({ page: 'vo', name: 'vo.access.egi.eu' });
    expect(matchRoute('/vos/vo.access.egi.eu/images')).toEqual({
      page: 'vo-images',
      name: 'vo.access.egi.eu',
    });
  });

  it('sends anything else to the not-found page', () => {
    expect(matchRoute('/sites')).toEqual({ page: 'not-found', path: '/sites' });
    expect(matchRoute('/sites/a/b')).toEqual({ page: 'not-found', path: '/sites/a/b' });
    expect(matchRoute('/vos/a/flavors')).toEqual({ page: 'not-found', path: '/vos/a/flavors' });
    expect(matchRoute('/nothing')).toEqual({ page: 'not-found', path: '/nothing' });
  });

  it('decodes each segment on its own, so an encoded slash stays inside a name', () => {
    expect(matchRoute('/sites/a%2Fb')).toEqual({ page: 'site', name: 'a/b' });
    expect(matchRoute(sitePath('site with spaces'))).toEqual({
      page: 'site',
      name: 'site with spaces',
    });
    expect(matchRoute(voPath('vo/x'))).toEqual({ page: 'vo', name: 'vo/x' });
    expect(matchRoute(voImagesPath('vo/x'))).toEqual({ page: 'vo-images', name: 'vo/x' });
    // A stray "%" is matched literally instead of throwing.
    expect(matchRoute('/sites/100%')).toEqual({ page: 'site', name: '100%' });
  });

  it('adds and strips the base path', () => {
    expect(toBrowserPath('/sites/x', '/dashboard')).toBe('/dashboard/sites/x');
    expect(toBrowserPath('vos', '/dashboard')).toBe('/dashboard/vos');
    expect(toAppPath('/dashboard/sites/x', '/dashboard')).toBe('/sites/x');
    expect(toAppPath('/dashboard', '/dashboard')).toBe('/');
    expect(toAppPath('/dashboard/', '/dashboard')).toBe('/');
    // Not under the base (e.g. /dashboardx): left alone rather than half-stripped.
    expect(toAppPath('/dashboardx/y', '/dashboard')).toBe('/dashboardx/y');
  });
});
