import fs from 'node:fs';
import path from 'node:path';

let root: string | null = null;

/** The project's top folder (where package.json is), from the source tree or the compiled build. */
export function logicalRoot(): string {
  if (root) return root;
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json')) || !fs.existsSync(path.join(dir, 'openapi'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot find the project root (package.json and openapi/)');
    dir = parent;
  }
  root = dir;
  return dir;
}
