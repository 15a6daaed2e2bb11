import type { ComponentProps } from 'react';
import { Link } from 'react-router';

/**
 * The theme's link colour (antd's default #1677ff is below WCAG AA contrast on white, 4.1:1); the
 * bureau's blue reads 8:1. Used for this area's links until the console's theme sets colorLink.
 */
export const LINK_COLOR = '#1d4f91';

export function DarkLink({ style, ...props }: ComponentProps<typeof Link>) {
  return <Link {...props} style={{ color: LINK_COLOR, ...style }} />;
}
