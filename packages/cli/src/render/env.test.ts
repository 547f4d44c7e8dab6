import { describe, expect, it } from 'vitest';
import { detectShell, formatEnvLine, printEnv, renderEnv } from './env.js';

describe('formatEnvLine', () => {
  it('prints fedcloudclient syntax per shell', () => {
    expect(formatEnvLine('OS_PROJECT_ID', 'abc', 'bash')).toBe('export OS_PROJECT_ID="abc";');
    expect(formatEnvLine('OS_PROJECT_ID', 'abc', 'zsh')).toBe('export OS_PROJECT_ID="abc";');
    expect(formatEnvLine('OS_PROJECT_ID', 'abc', 'fish')).toBe('set -x OS_PROJECT_ID "abc";');
    expect(formatEnvLine('OS_PROJECT_ID', 'abc', 'powershell')).toBe('$Env:OS_PROJECT_ID="abc";');
    expect(formatEnvLine('OS_PROJECT_ID', 'abc', 'cmd')).toBe('set OS_PROJECT_ID=abc');
  });

  it('keeps quotes and dollars from being interpreted', () => {
    expect(formatEnvLine('X', 'a"$b`c\\', 'sh')).toBe('export X="a\\"\\$b\\`c\\\\";');
    expect(formatEnvLine('X', 'a"$b', 'fish')).toBe('set -x X "a\\"\\$b";');
    expect(formatEnvLine('X', 'a"$b', 'powershell')).toBe('$Env:X="a`"`$b";');
  });
});

describe('renderEnv', () => {
  it('prints comments as # or rem', () => {
    const exports = { comments: ['environment for A'], vars: [{ name: 'N', value: 'v' }] };
    expect(renderEnv(exports, 'bash')).toBe('# environment for A\nexport N="v";\n');
    expect(renderEnv(exports, 'cmd')).toBe('rem environment for A\nset N=v\n');
  });
});

describe('detectShell', () => {
  it('follows FEDCLOUD_SHELL first', () => {
    expect(detectShell({ FEDCLOUD_SHELL: 'fish', SHELL: '/bin/bash' }, 'linux')).toBe('fish');
    expect(detectShell({ FEDCLOUD_SHELL: 'pwsh' }, 'linux')).toBe('powershell');
  });
  it('recognises PowerShell and cmd on Windows', () => {
    expect(detectShell({ PSModulePath: 'C:\\x' }, 'win32')).toBe('powershell');
    expect(detectShell({ ComSpec: 'C:\\Windows\\system32\\cmd.exe' }, 'win32')).toBe('cmd');
  });
  it('uses the basename of SHELL, else POSIX syntax', () => {
    expect(detectShell({ SHELL: '/usr/bin/fish' }, 'linux')).toBe('fish');
    expect(detectShell({ SHELL: '/bin/zsh', PSModulePath: '/opt/ps' }, 'linux')).toBe('zsh');
    expect(detectShell({}, 'linux')).toBe('bash');
  });
});

describe('printEnv', () => {
  it('writes to the context stdout in the detected syntax', () => {
    let out = '';
    printEnv(
      { env: { SHELL: '/usr/bin/fish' }, stdout: { write: (t: string) => (out += t) } },
      { vars: [{ name: 'A', value: '1' }] },
    );
    expect(out).toBe('set -x A "1";\n');
  });
});
