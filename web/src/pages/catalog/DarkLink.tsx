import type { ComponentProps } from 'react';
import { Link } from 'react-router';

/**
 * The theme's link colour (the bureau's blue, 8:1 on white; main.tsx), set on the router's links
 * themselves: a plain <a> outside an antd component gets no colour from the theme.
 */
export const LINK_COLOR = '#1d4f91';

export function DarkLink({ style, ...props }: ComponentProps<typeof Link>) {
  return <Link {...props} style={{ color: LINK_COLOR, ...style }} />;
}
