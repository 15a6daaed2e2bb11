// antd's styles for the console's theme, written at build time into a stylesheet the page links
// (the module `virtual:antd-styles.css`), so that the browser does not compute them in JavaScript
// on every first render of a component (antd's zeroRuntime, ADR 0044 "the first page").
// @ant-design/static-style-extract renders every antd component once on the server side and
// collects what antd's CSS-in-JS produced; the few styles a bare component does not produce (a
// Form.Item, a bordered Pagination) are rendered beside them. Components the console neither uses
// nor gets through one it uses (a Table's filter menu is a Dropdown with a Tree) are left out.
import { createElement as h, type ReactNode } from 'react';
import { ConfigProvider, Form, Input, Pagination } from 'antd';
import { extractStyle } from '@ant-design/static-style-extract';
import type { Plugin } from 'vite';
import { THEME } from './src/theme.ts';

const ID = 'virtual:antd-styles.css';
// Vite's convention for a virtual module: its resolved id starts with \0 and ends with the type.
const RESOLVED = '\0antd-styles.css';

const UNUSED = [
  'Affix',
  'Anchor',
  'AutoComplete',
  'Avatar',
  'BackTop',
  'BorderBeam',
  'Breadcrumb',
  'Calendar',
  'Carousel',
  'Cascader',
  'ColorPicker',
  'FloatButton',
  'Image',
  'Listy',
  'Masonry',
  'Mentions',
  'QRCode',
  'Rate',
  'Segmented',
  'Slider',
  'Splitter',
  'Tour',
  'Transfer',
  'Watermark',
];

export function antdStylesCss(): string {
  return extractStyle({
    excludes: UNUSED,
    customTheme: (node: ReactNode) =>
      h(ConfigProvider, { theme: THEME }, node, h(Form, null, h(Form.Item, { label: '字段' }, h(Input))), h(Pagination, { total: 50 })),
  });
}

export function antdStyles(): Plugin {
  let css: string | undefined;
  return {
    name: 'antd-styles',
    resolveId: (id) => (id === ID ? RESOLVED : undefined),
    load(id) {
      if (id !== RESOLVED) return undefined;
      css ??= antdStylesCss();
      return css;
    },
  };
}
