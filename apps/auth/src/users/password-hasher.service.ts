import { randomBytes, scrypt, ScryptOptions, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Environment } from '@app/platform';

// scrypt, memory-hard: N=2^14, r=8, p=5 is one of OWASP's equivalent minimum settings
// (16 MiB a hash, about 170 ms on a 2-core machine); N comes from PASSWORD_SCRYPT_LOG2_COST.
// The settings are stored with each hash, so they can be raised later without breaking
// existing accounts.
const BLOCK_SIZE = 8;
const PARALLELISM = 5;
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password, salt, KEY_LENGTH, { ...options, maxmem: 256 * options.N! * options.r! }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

/** Hashes and checks passwords: `scrypt$N$r$p$salt$key`, base64url. */
@Injectable()
export class PasswordHasher {
  private readonly cost: ScryptOptions;
  // Checked against when the email is unknown, so both failures take the same time.
  private readonly dummyHash: Promise<string>;

  constructor(config: ConfigService<Environment, true>) {
    this.cost = { N: 2 ** config.get('PASSWORD_SCRYPT_LOG2_COST', { infer: true }), r: BLOCK_SIZE, p: PARALLELISM };
    this.dummyHash = this.hash(randomBytes(16).toString('hex'));
  }

  async hash(password: string): Promise<string> {
    const salt = randomBytes(SALT_LENGTH);
    const key = await derive(password, salt, this.cost);
    const { N, r, p } = this.cost;
    return ['scrypt', N, r, p, salt.toString('base64url'), key.toString('base64url')].join('$');
  }

  /** Checks a password against a stored hash, or against a dummy one when there is none. */
  async verify(password: string, stored: string | undefined): Promise<boolean> {
    const [scheme, N, r, p, salt, key] = (stored ?? (await this.dummyHash)).split('$');
    if (scheme !== 'scrypt') return false;
    const expected = Buffer.from(key, 'base64url');
    const actual = await derive(password, Buffer.from(salt, 'base64url'), { N: +N, r: +r, p: +p });
    return timingSafeEqual(actual, expected) && stored !== undefined;
  }
}
