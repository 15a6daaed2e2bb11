// What an attachment (附件) may be, told by its content, not by what the client says it is
// (docs/attachments.md, ADR 0040): PDF, PNG, JPEG, OFD (the national electronic document format,
// GB/T 33190), the Office Open XML packages .docx, .xlsx and .pptx, and the legacy OLE compound
// files .doc and .xls. Everything else — executables, plain zips, HTML, scripts, Office files
// carrying macros — is refused. Pure functions over the file's bytes (at most the attachment cap),
// and the scan of a file name before it is kept.

export type FileType = 'pdf' | 'png' | 'jpeg' | 'ofd' | 'docx' | 'xlsx' | 'pptx' | 'doc' | 'xls';

export interface FileTypeInfo {
  mediaType: string;
  /** The extensions a name of this type may end with, lower case, without the dot. */
  extensions: readonly string[];
  label: string;
}

export const FILE_TYPES: Record<FileType, FileTypeInfo> = {
  pdf: { mediaType: 'application/pdf', extensions: ['pdf'], label: 'PDF 文档' },
  png: { mediaType: 'image/png', extensions: ['png'], label: 'PNG 图片' },
  jpeg: { mediaType: 'image/jpeg', extensions: ['jpg', 'jpeg'], label: 'JPEG 图片' },
  ofd: { mediaType: 'application/ofd', extensions: ['ofd'], label: 'OFD 版式文档' },
  docx: {
    mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extensions: ['docx'],
    label: 'Word 文档',
  },
  xlsx: { mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extensions: ['xlsx'], label: 'Excel 工作簿' },
  pptx: {
    mediaType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    extensions: ['pptx'],
    label: 'PowerPoint 演示文稿',
  },
  doc: { mediaType: 'application/msword', extensions: ['doc'], label: 'Word 97-2003 文档' },
  xls: { mediaType: 'application/vnd.ms-excel', extensions: ['xls'], label: 'Excel 97-2003 工作簿' },
};

/** A declared Content-Type that says nothing of the type: the content and the name decide. */
export const UNDECLARED_MEDIA_TYPE = 'application/octet-stream';

/** The Content-Types an upload may declare: one of the types above, or application/octet-stream. */
export const ACCEPTED_MEDIA_TYPES: readonly string[] = [...Object.values(FILE_TYPES).map((t) => t.mediaType), UNDECLARED_MEDIA_TYPE];

/** The media type of a Content-Type header, lower case, without parameters; '' when absent. */
export function mediaTypeOf(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

/** The type the bytes are, or null when they are none of the accepted types (or an Office file with macros). */
export function sniffFileType(bytes: Buffer): FileType | null {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf'; // %PDF-
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return zipPackageType(bytes);
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return compoundFileType(bytes);
  return null;
}

function startsWith(bytes: Buffer, signature: number[]): boolean {
  return bytes.length >= signature.length && signature.every((b, i) => bytes[i] === b);
}

/**
 * A zip is an OOXML package when it has [Content_Types].xml and exactly one of the three main
 * parts' folders (word/, xl/, ppt/), and an OFD when it has OFD.xml at its root. A package with
 * a VBA project (vbaProject.bin: .docm, .xlsm, .pptm renamed) is refused.
 */
function zipPackageType(bytes: Buffer): FileType | null {
  const names = zipEntryNames(bytes);
  if (!names) return null;
  if (names.some((n) => /(^|\/)vbaProject\.bin$/i.test(n))) return null;
  if (names.includes('OFD.xml')) return 'ofd';
  if (!names.includes('[Content_Types].xml')) return null;
  const found: FileType[] = [];
  if (names.includes('word/document.xml')) found.push('docx');
  if (names.includes('xl/workbook.xml')) found.push('xlsx');
  if (names.includes('ppt/presentation.xml')) found.push('pptx');
  return found.length === 1 ? found[0] : null;
}

/** The names in a zip's central directory (found through its end record), or null when it is not a readable zip. */
export function zipEntryNames(bytes: Buffer): string[] | null {
  const EOCD = 0x06054b50;
  const CENTRAL = 0x02014b50;
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (bytes.readUInt32LE(i) === EOCD) {
      end = i;
      break;
    }
  }
  if (end < 0) return null;
  const count = bytes.readUInt16LE(end + 10);
  const size = bytes.readUInt32LE(end + 12);
  let at = bytes.readUInt32LE(end + 16);
  // Zip64 (0xffffffff) is for archives past 4 GB: not an attachment.
  if (at + size > end) return null;
  const names: string[] = [];
  for (let n = 0; n < count; n++) {
    if (at + 46 > end || bytes.readUInt32LE(at) !== CENTRAL) return null;
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const commentLength = bytes.readUInt16LE(at + 32);
    if (at + 46 + nameLength > end) return null;
    names.push(bytes.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

/**
 * An OLE compound file (.doc, .xls, .ppt, .msi …) is told by the streams it names: WordDocument
 * (.doc) or Workbook/Book (.xls). A document may embed a workbook (in a storage of its own), so
 * WordDocument decides first. Macros (a Macros or _VBA_PROJECT_CUR storage) are refused.
 */
function compoundFileType(bytes: Buffer): FileType | null {
  const names = compoundEntryNames(bytes);
  if (names.has('Macros') || names.has('_VBA_PROJECT_CUR') || names.has('VBA')) return null;
  if (names.has('WordDocument')) return 'doc';
  if (names.has('Workbook') || names.has('Book')) return 'xls';
  return null;
}

/**
 * The names of a compound file's directory entries. Entries are 128 bytes, in sectors that start
 * at multiples of the sector size, so every entry starts at a multiple of 128 past the header
 * sector: each such slot whose name length and object type are those of an entry is read.
 */
export function compoundEntryNames(bytes: Buffer): Set<string> {
  const names = new Set<string>();
  if (bytes.length < 512) return names;
  const shift = bytes.readUInt16LE(0x1e);
  if (shift !== 9 && shift !== 12) return names;
  for (let at = 1 << shift; at + 128 <= bytes.length; at += 128) {
    const length = bytes.readUInt16LE(at + 64);
    const type = bytes[at + 66];
    if (length < 4 || length > 64 || length % 2 !== 0 || ![1, 2, 5].includes(type)) continue;
    if (bytes.readUInt16LE(at + length - 2) !== 0) continue;
    names.add(bytes.toString('utf16le', at, at + length - 2));
  }
  return names;
}

/** Why a file is refused for what it is or claims to be; null when it may be kept. */
export type TypeProblem =
  { code: 'unsupported_file_type'; message: string } | { code: 'file_type_mismatch'; message: string; path: string };

const LIST = 'PDF、PNG、JPEG、OFD、Word（.doc/.docx）、Excel（.xls/.xlsx）、PowerPoint（.pptx）';

/** The type of the content checked against the declared media type and the name's extension. */
export function typeProblem(type: FileType | null, declared: string, extension: string): TypeProblem | null {
  if (!type) {
    return {
      code: 'unsupported_file_type',
      message: `文件内容不是可接受的附件类型（${LIST}；不含宏）(the content is not an accepted file type)`,
    };
  }
  const info = FILE_TYPES[type];
  if (declared !== UNDECLARED_MEDIA_TYPE && declared !== info.mediaType) {
    return {
      code: 'file_type_mismatch',
      path: 'Content-Type',
      message: `文件内容是${info.label}，与声明的类型 ${declared} 不符 (the content is ${type}, not ${declared})`,
    };
  }
  if (!info.extensions.includes(extension)) {
    return {
      code: 'file_type_mismatch',
      path: 'fileName',
      message: `文件内容是${info.label}，文件名扩展名应为 .${info.extensions.join(' 或 .')} (the content is ${type}; the name ends .${extension})`,
    };
  }
  return null;
}

// ---- file names ------------------------------------------------------------------------------

/** The longest name kept, in characters (the extension kept whole). */
export const MAX_FILE_NAME_CHARS = 120;

const CONTROL = /\p{Cc}/gu;
// Bidi controls (a name that reads "报告exe.pdf" but is "报告fdp.exe") and invisible characters.
const BIDI_AND_INVISIBLE = /[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;
// Reserved in Windows file names, and the quote that would end a Content-Disposition filename.
const RESERVED = /[<>:"|?*]/g;
const DEVICE_NAME = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\.|$)/i;

/**
 * A file name as the service keeps and offers it: without any path (what follows the last / or \),
 * without control, bidi or invisible characters, reserved characters as _, no leading or trailing
 * dots and spaces, runs of white space as one space, not a Windows device name, at most
 * MAX_FILE_NAME_CHARS characters with its extension kept; Chinese kept. Its extension (lower case)
 * is what the type check reads. Null when nothing of a name with an extension is left.
 */
export function scanFileName(raw: string): { name: string; extension: string } | null {
  let name = raw.normalize('NFC');
  name = name.split(/[/\\]/).pop() ?? '';
  name = name.replace(CONTROL, '').replace(BIDI_AND_INVISIBLE, '').replace(RESERVED, '_');
  name = name.replace(/\s+/gu, ' ').replace(/^[\s.]+|[\s.]+$/gu, '');
  if (DEVICE_NAME.test(name)) name = `_${name}`;
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return null;
  const extension = name.slice(dot + 1).toLowerCase();
  if (!/^[a-z0-9]{1,10}$/.test(extension)) return null;
  const chars = [...name.slice(0, dot)];
  const room = MAX_FILE_NAME_CHARS - extension.length - 1;
  const stem = (chars.length > room ? chars.slice(0, room).join('') : chars.join('')).replace(/[\s.]+$/u, '');
  if (stem === '') return null;
  return { name: `${stem}.${name.slice(dot + 1)}`, extension };
}

/** An ASCII stand-in for a name, for the plain filename= of Content-Disposition (the real one goes in filename*). */
export function asciiFileName(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%;]/g, '_');
  return ascii.replace(/_+/g, '_');
}
