import { HmacRunInputDigest } from './hmac-run-input-digest';

const SECRET = 'unit-test-secret-that-is-32-characters';

describe('HmacRunInputDigest', () => {
  const sut = new HmacRunInputDigest({ jwtSecret: SECRET });

  it('keys the HMAC with the HKDF-SHA256 key of the secret', () => {
    // Computed with OpenSSL, apart from Node:
    //   openssl kdf -keylen 32 -kdfopt digest:SHA256 -kdfopt key:$SECRET \
    //     -kdfopt salt: -kdfopt info:"run input digest" HKDF
    //   printf Hello | openssl dgst -sha256 -mac HMAC -macopt hexkey:<that key>
    expect(sut.of('Hello')).toBe(
      '9e422ea5ced2241dd39e369b479c49222824b241f1674973473037d5dbfb00fc',
    );
  });

  it('distinguishes nearly equal inputs', () => {
    const digests = [
      'Hello',
      'Hello ',
      'hello',
      'Héllo',
      'He\u0301llo',
      '',
    ].map((input) => sut.of(input));

    expect(new Set(digests).size).toBe(6);
  });

  it('depends on the secret', () => {
    const other = new HmacRunInputDigest({
      jwtSecret: 'another-secret-that-is-32-characters-long',
    });

    expect(other.of('Hello')).not.toBe(sut.of('Hello'));
  });
});
