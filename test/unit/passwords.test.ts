import { hashPassword, passwordProblem, SCRYPT, verifyPassword } from '../../src/domain/passwords';

describe('password hashing', () => {
  let stored = '';
  beforeAll(async () => {
    stored = await hashPassword('Demo2026police');
  });

  it('stores scrypt with its parameters and a salt, never the password', async () => {
    const parts = stored.split('$');
    expect(parts.slice(0, 4)).toEqual(['scrypt', String(SCRYPT.N), String(SCRYPT.r), String(SCRYPT.p)]);
    expect(Buffer.from(parts[4], 'base64url')).toHaveLength(16);
    expect(stored).not.toContain('Demo2026police');
  });

  it('verifies the right password and refuses another', async () => {
    expect(await verifyPassword('Demo2026police', stored)).toBe(true);
    expect(await verifyPassword('Demo2026Police', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('salts each password anew', async () => {
    const again = await hashPassword('Demo2026police');
    expect(again).not.toBe(stored);
    expect(await verifyPassword('Demo2026police', again)).toBe(true);
  });

  it('verifies hashes made with other parameters (they are read from the string)', async () => {
    const parts = stored.split('$');
    expect(await verifyPassword('Demo2026police', parts.join('$'))).toBe(true);
    expect(await verifyPassword('x', 'bcrypt$abc')).toBe(false);
    expect(await verifyPassword('Demo2026police', ['scrypt', 'x', 8, 1, parts[4], parts[5]].join('$'))).toBe(false);
    expect(await verifyPassword('Demo2026police', [...parts.slice(0, 5), 'c2hvcnQ'].join('$'))).toBe(false);
  });
});

describe('the password rule', () => {
  it('accepts 10 characters with letters and digits', async () => {
    expect(passwordProblem('abcdefghi1', 'police')).toBeNull();
    expect(passwordProblem('公安局密码口令abc123', null)).toBeNull();
  });

  it('refuses a short one, one without digits or letters, and the login name', async () => {
    expect(passwordProblem('abc12345', null)).toContain('至少 10 个字符');
    expect(passwordProblem('abcdefghijkl', null)).toContain('字母和数字');
    expect(passwordProblem('123456789012', null)).toContain('字母和数字');
    expect(passwordProblem('Police2026x', 'police2026X')).toContain('登录名');
  });
});
