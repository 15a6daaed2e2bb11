/** A stamp of every source the build reads (scripts/source-stamp.js). */
export function sourceStamp(root: string): string;
