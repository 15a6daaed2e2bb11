import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError } from './config';

// The key of the keyed-hash masking rule (docs/exchange.md, ADR 0029): 32 random bytes, hex, in
// MASKING_KEY_FILE (default <DATA_DIR>/masking-key), made on first start. A masked token is an
// HMAC of the value under this key and the consumer's department, so whoever has the key can test
// guesses against tokens: it is a secret, kept apart from the database, and every instance of one
// installation needs the same one (tokens would differ between instances otherwise). Replacing it
// changes every consumer's tokens.

const HEX_KEY = /^[0-9a-f]{64}$/;

export function loadMaskingKey(file: string): { key: Buffer; source: string } {
  if (fs.existsSync(file)) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8').trim();
    } catch (err) {
      const reason = (err as NodeJS.ErrnoException).code ?? String(err);
      throw new ConfigError(`MASKING_KEY_FILE 指向的文件 ${file} 无法读取：${reason} (MASKING_KEY_FILE: cannot read ${file}: ${reason})`);
    }
    if (!HEX_KEY.test(text)) {
      throw new ConfigError(
        `MASKING_KEY_FILE 指向的文件 ${file} 须为 64 位十六进制密钥 (MASKING_KEY_FILE: ${file} must hold 64 hex digits)`,
      );
    }
    return { key: Buffer.from(text, 'hex'), source: file };
  }
  const key = randomBytes(32);
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${key.toString('hex')}\n`, { mode: 0o600 });
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new ConfigError(`MASKING_KEY_FILE 指向的文件 ${file} 无法创建：${reason} (MASKING_KEY_FILE: cannot create ${file}: ${reason})`);
  }
  return { key, source: `${file} (new)` };
}
