import { lazyPage } from '../../lazyPage';
import type { ConsoleRoute } from '../../routes';

// Pages shown without signing in: the page a printed certificate's QR code opens.
export const publicRoutes: ConsoleRoute[] = [
  {
    path: '/verify/certificates/:certificateId',
    title: '电子证照核验',
    public: true,
    page: lazyPage(() => import('./CertificateVerificationPage')),
  },
];
