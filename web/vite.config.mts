// The console's build (web/README section in README.md, ADR 0044): Vite with React, emitted into
// dist/web, which the service serves at / (src/modules/system/console.ts). Each page is its own
// chunk (React.lazy in the route lists), and the heavy libraries get chunks of their own so the
// sign-in and home pages load without ECharts.
import { defineConfig } from 'vite';
import path from 'node:path';
import { compression } from 'vite-plugin-compression2';
import { antdStyles } from './antd-styles.mjs';

const HERE = import.meta.dirname;

export default defineConfig({
  root: HERE,
  base: '/',
  // Vite 8 compiles TSX itself (oxc); the React plugin would only add Fast Refresh in development.
  oxc: { jsx: { runtime: 'automatic' } },
  // Scripts and styles are compressed once, here (.br and .gz beside each file), not by the service
  // on every cold load (src/modules/system/console.ts serves them with express-static-gzip).
  plugins: [antdStyles(), compression({ include: /\.(js|css)$/, algorithms: ['gzip', 'brotliCompress'], logLevel: 'silent' })],
  resolve: {
    alias: { '@contract': path.resolve(HERE, '../src/generated/openapi.ts') },
  },
  build: {
    outDir: path.resolve(HERE, '../dist/web'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      // antd's modules start with React's "use client", which means nothing outside server components.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
      output: {
        codeSplitting: {
          groups: [
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)/ },
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    // `npm run web:dev`: the page from Vite, the API from the service on :3000.
    proxy: { '/api': 'http://127.0.0.1:3000', '/problems': 'http://127.0.0.1:3000', '/docs': 'http://127.0.0.1:3000' },
  },
});
