// The console's antd theme: the bureau's blue, a CJK font first, and secondary text dark enough
// for WCAG AA contrast (4.5:1). Read by main.tsx and, at build time, by web/antd-styles.mts, which
// writes antd's styles for exactly this theme into a stylesheet (ADR 0044, "the first page").
export const THEME = {
  // Plain class names (.ant-btn), the same in the built stylesheet and in the page.
  hashed: false,
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
