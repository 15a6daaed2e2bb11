// The catalog-work pages inside the area's class, which resources.css styles (the links' and the
// danger red's colours come from the console's theme).
import type { ReactNode } from 'react';
import './resources.css';

export function AreaTheme({ children }: { children: ReactNode }) {
  return <div className="resources-area">{children}</div>;
}
