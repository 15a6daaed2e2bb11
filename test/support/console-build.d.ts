/** Where the browser tests' build of the console is kept for the present state of its sources. */
export function consoleBuildDir(): string;
declare function buildConsole(): Promise<void>;
export default buildConsole;
