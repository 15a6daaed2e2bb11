import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { App } from './App';
import { SessionProvider } from './session/session';
import './console.css';

dayjs.locale('zh-cn');

// The bureau's blue, a CJK font first, and secondary text dark enough for WCAG AA contrast (4.5:1).
const THEME = {
  token: {
    colorPrimary: '#1d4f91',
    // antd's link blue (#1677ff, 4.1:1) and error red (#ff4d4f, 3.4:1) fall short on white.
    colorLink: '#1d4f91',
    colorLinkHover: '#2a65b3',
    colorLinkActive: '#163d70',
    colorInfo: '#1d4f91',
    colorError: '#b42318',
    colorErrorHover: '#d0352a',
    colorTextSecondary: 'rgba(0, 0, 0, 0.65)',
    colorTextDescription: 'rgba(0, 0, 0, 0.65)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.6)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.55)',
    fontFamily: '"Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif',
  },
};

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ConfigProvider locale={zhCN} theme={THEME}>
      <AntApp>
        <SessionProvider>
          <App />
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  </StrictMode>,
);
