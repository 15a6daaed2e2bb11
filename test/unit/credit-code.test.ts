import { creditCodeCheckChar, creditCodeProblem, withCreditCodeCheckChar } from '../../src/domain/credit-code';

// GB 32100-2015: 18 characters from 0-9 and the capitals without I, O, Z, S, V; the 18th is a
// check character over the first 17 with weights 3^i mod 31, modulo 31.

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

describe('unified social credit code (GB 32100-2015)', () => {
  describe('published codes', () => {
    // Codes in real use (taken from the outside world, not made with withCreditCodeCheckChar).
    it.each([
      ['91350100M000100Y43', '3'],
      ['91440300708461136T', 'T'],
    ])('accepts %s, whose check character is %s', (code, check) => {
      expect(creditCodeProblem(code)).toBeNull();
      expect(creditCodeCheckChar(code.slice(0, 17))).toBe(check);
      expect(withCreditCodeCheckChar(code.slice(0, 17))).toBe(code);
    });
  });

  describe('computed codes', () => {
    const prefixes = [
      '11350100MB0000001',
      '12350100MB0000002',
      '11000000000000000',
      'Y1350100AAAAAAAAA',
      '93350102HJKLMNPQR',
      '5135010000000000U',
      'A1350100TUWXY0123',
    ];

    it.each(prefixes)('completes %s into a valid 18-character code', (first17) => {
      const code = withCreditCodeCheckChar(first17);
      expect(code).toHaveLength(18);
      expect(code.startsWith(first17)).toBe(true);
      expect(ALPHABET).toContain(code[17]);
      expect(creditCodeProblem(code)).toBeNull();
    });

    it('computes the check character by the standard weights (worked by hand)', () => {
      // 1×1 + 1×3 = 4 for '11' followed by zeros; (31 - 4 % 31) % 31 = 27 → 'U' (0-9, A-H = 10-17, J-N = 18-22, P Q R = 23-25, T U = 26 27).
      expect(creditCodeCheckChar('11000000000000000')).toBe('U');
      // All zeros: sum 0 → check value 0 → '0'.
      expect(creditCodeCheckChar('00000000000000000')).toBe('0');
      // A single 1 in the last position, weight 28: (31 - 28) = 3 → '3'.
      expect(creditCodeCheckChar('00000000000000001')).toBe('3');
    });

    it('uses every symbol of the alphabet as a check character somewhere', () => {
      const seen = new Set<string>();
      for (let i = 0; i < ALPHABET.length * 4; i++) {
        const first17 = `9135010000000${String(i).padStart(4, '0')}`;
        seen.add(creditCodeCheckChar(first17)!);
      }
      // 124 consecutive serial numbers reach every residue modulo 31.
      expect([...seen].sort()).toEqual([...ALPHABET].sort());
    });
  });

  describe('wrong check character', () => {
    it('reports every other check character of a valid code as check_character', () => {
      const valid = '91350100M000100Y43';
      const wrong = [...ALPHABET].filter((c) => c !== valid[17]);
      expect(wrong).toHaveLength(30);
      for (const c of wrong) {
        expect(creditCodeProblem(valid.slice(0, 17) + c)).toBe('check_character');
      }
    });

    it('catches a single changed character and two swapped characters in the body', () => {
      const valid = withCreditCodeCheckChar('11350100MB0000001');
      // Weights are non-zero modulo the prime 31, so one changed symbol always changes the sum.
      const changed = `${valid.slice(0, 5)}9${valid.slice(6)}`; // '1' → '9' at index 5
      expect(changed).not.toBe(valid);
      expect(creditCodeProblem(changed)).toBe('check_character');
      // Weights are distinct modulo 31, so swapping two different symbols changes the sum too.
      const swapped = `${valid.slice(0, 8)}${valid[9]}${valid[8]}${valid.slice(10)}`; // 'MB' → 'BM'
      expect(swapped).not.toBe(valid);
      expect(creditCodeProblem(swapped)).toBe('check_character');
    });
  });

  describe('wrong length', () => {
    it.each([
      ['empty', ''],
      ['17 characters', '91350100M000100Y4'],
      ['19 characters', '91350100M000100Y430'],
      ['15-digit old registration number', '350100100012345'],
    ])('reports %s as length', (_label, code) => {
      expect(creditCodeProblem(code)).toBe('length');
    });

    it('gives no check character for a prefix that is not 17 characters', () => {
      expect(creditCodeCheckChar('9135010')).toBeNull();
      expect(creditCodeCheckChar('91350100M000100Y43')).toBeNull();
      expect(() => withCreditCodeCheckChar('9135010')).toThrow();
    });
  });

  describe('forbidden letters I, O, Z, S, V and other symbols', () => {
    it.each(['I', 'O', 'Z', 'S', 'V'])('refuses %s in the body as alphabet', (letter) => {
      const first17 = `91350100${letter}000100Y4`;
      expect(first17).toHaveLength(17);
      expect(creditCodeCheckChar(first17)).toBeNull();
      expect(() => withCreditCodeCheckChar(first17)).toThrow(/not a credit-code prefix/);
      // Whatever the last character, the code is refused for its alphabet, not its check character.
      for (const last of ['0', '3', 'A', letter]) {
        expect(creditCodeProblem(first17 + last)).toBe('alphabet');
      }
    });

    it.each(['I', 'O', 'Z', 'S', 'V'])('refuses %s as the check character', (letter) => {
      expect(creditCodeProblem(`91350100M000100Y4${letter}`)).toBe('alphabet');
    });

    it('refuses lower case, punctuation and full-width characters', () => {
      expect(creditCodeProblem('91350100m000100y43')).toBe('alphabet');
      expect(creditCodeProblem('91350100M000100Y4a')).toBe('alphabet');
      expect(creditCodeProblem('91350100-000100Y43')).toBe('alphabet');
      expect(creditCodeProblem('９1350100M000100Y43')).toBe('alphabet');
    });
  });
});
