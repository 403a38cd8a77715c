/**
 * Keyed hashes for erasure (shared/interactions/anonymise.ts › SubjectHasher), the secret never stored beside
 * the data:
 * - AWS: a KMS HMAC key (KeySpec HMAC_256, KeyUsage GENERATE_VERIFY_MAC; infra/constructs/interactions.ts
 *   grants the erasure function kms:GenerateMac on that key only). The key material never leaves KMS.
 * - Sandbox: HMAC-SHA-256 with a 32-byte key kept in the sandbox state directory (`erasure-hmac.key`, created
 *   once, mode 0600), or given directly (tests).
 */
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GenerateMacCommand, type KMSClient } from '@aws-sdk/client-kms';
import type { SubjectHasher } from '../../interactions/anonymise.ts';

export class SubjectHasherError extends Error {
  override readonly name = 'SubjectHasherError';
}

/** Environment variable infra sets on the erasure function: the KMS HMAC key's ARN. */
export const ERASURE_HMAC_KEY_ENV = 'ERASURE_HMAC_KEY_ID';

export class KmsSubjectHasher implements SubjectHasher {
  constructor(
    private readonly kms: KMSClient,
    private readonly keyId: string,
  ) {}

  async mac(message: string): Promise<string> {
    try {
      const out = await this.kms.send(
        new GenerateMacCommand({
          KeyId: this.keyId,
          MacAlgorithm: 'HMAC_SHA_256',
          Message: Buffer.from(message, 'utf8'),
        }),
      );
      if (!out.Mac) throw new SubjectHasherError('KMS GenerateMac answered without a MAC');
      return Buffer.from(out.Mac).toString('hex');
    } catch (err) {
      if (err instanceof SubjectHasherError) throw err;
      throw new SubjectHasherError(`KMS GenerateMac with ${this.keyId} failed`, { cause: err });
    }
  }
}

export class LocalSubjectHasher implements SubjectHasher {
  constructor(private readonly key: Buffer) {
    if (key.length < 32) throw new SubjectHasherError('the erasure HMAC key must be at least 32 bytes');
  }
  async mac(message: string): Promise<string> {
    return createHmac('sha256', this.key).update(message, 'utf8').digest('hex');
  }
}

/** The sandbox's key (created on first use in `stateDir`). */
export function sandboxSubjectHasher(stateDir: string): LocalSubjectHasher {
  const file = join(stateDir, 'erasure-hmac.key');
  if (!existsSync(file)) {
    mkdirSync(stateDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
  }
  return new LocalSubjectHasher(Buffer.from(readFileSync(file, 'utf8').trim(), 'hex'));
}
