// The verification page's headline: what a certificate's verdict means to the person holding the paper.
import type { components } from '@contract';

type LinkVerdict = components['schemas']['CertificateLinkVerdict'];

export interface Verdict {
  tone: 'valid' | 'revoked' | 'warning' | 'forged';
  text: string;
  hint: string;
}

const FORGED: Verdict = {
  tone: 'forged',
  text: '无法核验（可能是伪造）',
  hint: '本平台无法确认这份证照由平台签发，可能是伪造或被篡改的证照。',
};

/** The headline of a verdict; null: the platform has no such certificate. */
export function verdictOf(v: LinkVerdict | null): Verdict {
  if (!v) return FORGED;
  if (v.valid) return { tone: 'valid', text: '有效', hint: '该证照由平台签发，在有效期内，未被撤销。' };
  switch (v.reason) {
    case 'revoked':
      return { tone: 'revoked', text: '已撤销', hint: '该证照已被签发部门撤销，不能再作为有效证明使用。' };
    case 'expired':
      return { tone: 'warning', text: '已过期', hint: '该证照已超过有效期，不能再作为有效证明使用。' };
    case 'not_yet_valid':
      return { tone: 'warning', text: '尚未生效', hint: '该证照的有效期尚未开始。' };
    default:
      // malformed, unsupported_algorithm, unknown_kid, bad_signature, unknown_certificate: the signature does not hold.
      return FORGED;
  }
}
