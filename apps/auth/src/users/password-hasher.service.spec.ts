import { ConfigService } from '@nestjs/config';
import { Environment } from '@app/platform';
import { PasswordHasher } from './password-hasher.service';

describe('PasswordHasher', () => {
  const hasher = new PasswordHasher(new ConfigService<Environment, true>({ PASSWORD_SCRYPT_LOG2_COST: 14 }));

  it('stores scrypt with its settings and a random salt', async () => {
    const first = await hasher.hash('correct horse battery');
    const second = await hasher.hash('correct horse battery');
    expect(first).toMatch(/^scrypt\$16384\$8\$5\$[\w-]{22}\$[\w-]{43}$/);
    expect(second).not.toBe(first);
  });

  it('accepts the right password and refuses a wrong one', async () => {
    const stored = await hasher.hash('correct horse battery');
    await expect(hasher.verify('correct horse battery', stored)).resolves.toBe(true);
    await expect(hasher.verify('correct horse batterY', stored)).resolves.toBe(false);
  });

  it('refuses every password when there is no stored hash, after the same work', async () => {
    const stored = await hasher.hash('correct horse battery');
    const timed = async (hash: string | undefined): Promise<number> => {
      const started = process.hrtime.bigint();
      await hasher.verify('correct horse battery', hash);
      return Number(process.hrtime.bigint() - started) / 1e6;
    };
    await timed(undefined); // the dummy hash is made on first use
    await expect(hasher.verify('correct horse battery', undefined)).resolves.toBe(false);
    const [known, unknown] = [await timed(stored), await timed(undefined)];
    expect(unknown).toBeGreaterThan(known / 3);
  });
});
