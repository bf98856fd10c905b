import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject, sign } from 'node:crypto';
import { mkdirSync, openSync, readFileSync, statSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../common/errors';

export const SIGNING_KEY_FILE = 'signing-key.pem';

/**
 * The Ed25519 checkpoint key. It lives outside the database — a 0600 file in the data
 * directory, created on first start, or a PEM handed in by env/secret — so whoever can
 * rewrite the database still cannot sign a checkpoint for the rewrite.
 */
export class SigningKeyRepository {
  private readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly publicKeyPem: string;
  readonly keyId: string;

  constructor(dataDir: string, pemFromEnv?: string) {
    this.privateKey = pemFromEnv ? parseKey(pemFromEnv, 'EVIDENT_SIGNING_KEY') : loadOrCreate(dataDir);
    this.publicKey = createPublicKey(this.privateKey);
    this.publicKeyPem = this.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const der = this.publicKey.export({ type: 'spki', format: 'der' });
    this.keyId = createHash('sha256').update(der).digest('hex').slice(0, 16);
  }

  sign(message: string): Buffer {
    return sign(null, Buffer.from(message, 'utf8'), this.privateKey);
  }
}

function parseKey(pem: string, where: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    throw new ConfigError(`${where} is not a PKCS#8 PEM private key`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new ConfigError(`${where} must be an Ed25519 key, not ${key.asymmetricKeyType}`);
  return key;
}

function loadOrCreate(dataDir: string): KeyObject {
  const file = join(dataDir, SIGNING_KEY_FILE);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  try {
    // 'wx' fails if the file exists, so concurrent first starts cannot overwrite each other's key.
    const fd = openSync(file, 'wx', 0o600);
    const { privateKey } = generateKeyPairSync('ed25519');
    writeSync(fd, privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    closeSync(fd);
    return privateKey;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const mode = statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new ConfigError(`${file} is readable by others (mode ${mode.toString(8)}); run: chmod 600 ${file}`);
  }
  return parseKey(readFileSync(file, 'utf8'), file);
}
