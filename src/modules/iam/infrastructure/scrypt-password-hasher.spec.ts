import { ScryptPasswordHasher } from './scrypt-password-hasher';

describe('ScryptPasswordHasher', () => {
  const sut = new ScryptPasswordHasher();
  let hash: string;

  beforeAll(async () => {
    hash = await sut.hash('correct horse');
  });

  it('encodes scheme, parameters, salt and key', () => {
    const parts = hash.split('$');

    expect(parts.slice(0, 4)).toEqual(['scrypt', '32768', '8', '1']);
    expect(Buffer.from(parts[4], 'base64url')).toHaveLength(16);
    expect(Buffer.from(parts[5], 'base64url')).toHaveLength(32);
  });

  it('verifies the right password', async () => {
    await expect(sut.verify('correct horse', hash)).resolves.toBe(true);
  });

  it('rejects a wrong password', async () => {
    await expect(sut.verify('correct horse!', hash)).resolves.toBe(false);
  });

  it.each(['correct horse\u0000', 'correct horse\u0000\u0000'])(
    'rejects trailing NULs: %j',
    async (password) => {
      await expect(sut.verify(password, hash)).resolves.toBe(false);
    },
  );

  it('rejects lone surrogates, which scrypt reads as U+FFFD', async () => {
    const replaced = await sut.hash('\ufffd'.repeat(8));

    await expect(sut.verify('\ud800'.repeat(8), replaced)).resolves.toBe(false);
  });

  it('salts each hash', async () => {
    const second = await sut.hash('correct horse');

    expect(second).not.toBe(hash);
    await expect(sut.verify('correct horse', second)).resolves.toBe(true);
  });

  it.each([
    '',
    'plain-text',
    'bcrypt$10$abc',
    'scrypt$32768$8$1$c2FsdA',
    'scrypt$abc$8$1$c2FsdA$a2V5',
    'scrypt$3$8$1$c2FsdA$a2V5',
    'scrypt$1048576$8$1$c2FsdA$a2V5',
  ])('rejects unknown format %j', async (stored) => {
    await expect(sut.verify('correct horse', stored)).resolves.toBe(false);
  });
});
