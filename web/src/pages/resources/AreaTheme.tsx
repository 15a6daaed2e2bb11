// The catalog pages' colours for links and danger actions: antd's defaults (#1677ff, #ff4d4f) fall
// short of WCAG AA contrast on white, so this area uses the bureau's blue and a darker red.
import type { ReactNode } from 'react';
import { ConfigProvider } from 'antd';
import './resources.css';

const THEME = { token: { colorLink: '#1d4f91', colorLinkHover: '#2b68b8', colorError: '#b42318', colorInfo: '#1d4f91' } };

export function AreaTheme({ children }: { children: ReactNode }) {
  return (
    <ConfigProvider theme={THEME}>
      <div className="resources-area">{children}</div>
    </ConfigProvider>
  );
}
