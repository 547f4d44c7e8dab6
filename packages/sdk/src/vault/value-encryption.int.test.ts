import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { decryptSecretValues, encryptSecretValues } from './value-encryption.js';

/**
 * Round trips with the real python3-cryptography, running fedcloudclient 1.4.4's own steps
 * (secret.py generate_derived_key / encrypt_data / decrypt_data, written out below). Inputs go
 * through stdin, never argv.
 */
const PYTHON_STEPS = `
import base64, json, os, sys
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

def derived(salt, passphrase):
    kdf = PBKDF2HMAC(algorithm=hashes.SHA256(), length=32, salt=salt, iterations=390000)
    return base64.b64encode(kdf.derive(passphrase.encode()))

job = json.load(sys.stdin)
secrets = job["secrets"]
if job["op"] == "encrypt":
    salt = os.urandom(16)
    fernet = Fernet(derived(salt, job["key"]))
    for k in secrets:
        secrets[k] = fernet.encrypt(secrets[k].encode()).decode()
    secrets["fedcloud_salt"] = base64.b64encode(salt).decode()
else:
    salt = base64.b64decode(secrets.pop("fedcloud_salt"))
    fernet = Fernet(derived(salt, job["key"]))
    for k in secrets:
        secrets[k] = fernet.decrypt(secrets[k].encode()).decode()
json.dump(secrets, sys.stdout)
`;

function findPython(): string | undefined {
  for (const python of ['/usr/bin/python3', 'python3']) {
    const probe = spawnSync(python, ['-c', 'import cryptography.fernet'], { stdio: 'ignore' });
    if (probe.status === 0) return python;
  }
  return undefined;
}

const python = findPython();
if (!python) {
  console.warn(
    'SKIPPED Fernet round trips with python3-cryptography: no python3 with the cryptography module (Debian: apt-get install python3-cryptography)',
  );
}

function runPython(job: object): Record<string, string> {
  const result = spawnSync(python!, ['-c', PYTHON_STEPS], {
    input: JSON.stringify(job),
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`python3 failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as Record<string, string>;
}

const VALUES = { user: 'ann', password: 'p@ss=wörd ✓', empty: '', multi: 'line 1\nline 2\n' };

describe.skipIf(!python)('value encryption against python3-cryptography', () => {
  it('what we encrypt, fedcloudclient’s steps decrypt', () => {
    const stored = encryptSecretValues('a passphrase', VALUES);
    expect(runPython({ op: 'decrypt', key: 'a passphrase', secrets: stored })).toEqual(VALUES);
  });

  it('what fedcloudclient’s steps encrypt, we decrypt', () => {
    const stored = runPython({ op: 'encrypt', key: 'another one', secrets: { ...VALUES } });
    expect(Object.keys(stored)).toEqual([...Object.keys(VALUES), 'fedcloud_salt']);
    expect(decryptSecretValues('another one', stored)).toEqual(VALUES);
  });
});
