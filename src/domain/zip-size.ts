// How large a zip archive (an .xlsx is one) becomes once inflated, read from its central directory
// without inflating anything: an import refuses a small file that would inflate to gigabytes (a
// "zip bomb") before its spreadsheet reader holds it in memory. Null when the bytes are not a zip.

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const END_RECORD_SIZE = 22;
const ENTRY_HEADER_SIZE = 46;
/** A ZIP64 archive marks its sizes so; it is counted as larger than any cap. */
const ZIP64_MARK = 0xffffffff;

export function zipInflatedSize(file: Buffer): number | null {
  if (file.length < END_RECORD_SIZE) return null;
  // The end record is the last 22 bytes, followed by a comment of at most 65,535 bytes.
  let end = -1;
  for (let i = file.length - END_RECORD_SIZE; i >= Math.max(0, file.length - END_RECORD_SIZE - 0xffff); i--) {
    if (file.readUInt32LE(i) === END_OF_DIRECTORY) {
      end = i;
      break;
    }
  }
  if (end < 0) return null;
  const entries = file.readUInt16LE(end + 10);
  const offset = file.readUInt32LE(end + 16);
  if (offset === ZIP64_MARK) return Number.MAX_SAFE_INTEGER;
  let at = offset;
  let total = 0;
  for (let n = 0; n < entries; n++) {
    if (at + ENTRY_HEADER_SIZE > file.length || file.readUInt32LE(at) !== DIRECTORY_ENTRY) return null;
    const size = file.readUInt32LE(at + 24);
    if (size === ZIP64_MARK) return Number.MAX_SAFE_INTEGER;
    total += size;
    at += ENTRY_HEADER_SIZE + file.readUInt16LE(at + 28) + file.readUInt16LE(at + 30) + file.readUInt16LE(at + 32);
  }
  return total;
}
