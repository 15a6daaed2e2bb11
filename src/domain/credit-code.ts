// Unified social credit code (统一社会信用代码), GB 32100-2015.
// 18 characters from a 31-symbol alphabet (no I, O, Z, S, V); the last is a check character
// computed from the first 17 with fixed weights modulo 31.

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character for the first 17 characters, or null when they use a symbol outside the alphabet. */
export function creditCodeCheckChar(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = ALPHABET.indexOf(first17[i]);
    if (value < 0) return null;
    sum += value * WEIGHTS[i];
  }
  const check = (31 - (sum % 31)) % 31;
  return ALPHABET[check];
}

export type CreditCodeProblem = 'length' | 'alphabet' | 'check_character';

/** Why a code is invalid, or null when it is valid. */
export function creditCodeProblem(code: string): CreditCodeProblem | null {
  if (code.length !== 18) return 'length';
  const expected = creditCodeCheckChar(code.slice(0, 17));
  if (expected === null || ALPHABET.indexOf(code[17]) < 0) return 'alphabet';
  return expected === code[17] ? null : 'check_character';
}

/** Completes 17 characters into a valid 18-character code (used by the demo data and tests). */
export function withCreditCodeCheckChar(first17: string): string {
  const check = creditCodeCheckChar(first17);
  if (check === null) throw new Error(`not a credit-code prefix: ${first17}`);
  return first17 + check;
}
