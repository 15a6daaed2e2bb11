import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { App } from './App';
import { SessionProvider } from './session/session';
import 'virtual:antd-styles.css';
import './console.css';
import { startVisit } from './startVisit';
import { THEME } from './theme';

dayjs.locale('zh-cn');
startVisit(window.location);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ConfigProvider locale={zhCN} theme={{ ...THEME, zeroRuntime: true }}>
      <AntApp>
        <SessionProvider>
          <App />
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  </StrictMode>,
);
