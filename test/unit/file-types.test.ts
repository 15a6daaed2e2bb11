import { asciiFileName, MAX_FILE_NAME_CHARS, scanFileName, sniffFileType, typeProblem } from '../../src/domain/file-types';
import { compoundFile, doc, docx, exe, fixture, jpeg, ofd, pdf, png, pptx, zipOf } from '../support/files';

describe('telling a file by its content', () => {
  it.each([
    ['pdf', pdf()],
    ['png', png()],
    ['jpeg', jpeg()],
    ['docx', docx()],
    ['pptx', pptx()],
    ['ofd', ofd()],
    ['doc', doc()],
    // Saved by LibreOffice Calc: a real workbook in each format.
    ['xls', fixture('预算表.xls')],
    ['xlsx', fixture('预算表.xlsx')],
  ])('%s', (type, bytes) => {
    expect(sniffFileType(bytes)).toBe(type);
  });

  it('refuses what is none of them: an executable, a plain zip, HTML, a script, text, nothing', () => {
    const refused = [
      exe(),
      zipOf({ 'readme.txt': '说明' }),
      Buffer.from('<!DOCTYPE html><html><script>alert(1)</script></html>'),
      Buffer.from('#!/bin/sh\nrm -rf /\n'),
      Buffer.from('项目设计方案'),
      Buffer.alloc(0),
      // A zip whose end record is cut off, and an OLE file naming no Word or Excel stream (.msi, .ppt).
      docx().subarray(0, 60),
      compoundFile(['PowerPoint Document']),
    ];
    expect(refused.map((b) => sniffFileType(b))).toEqual(refused.map(() => null));
  });

  it('refuses Office files that carry macros, and packages that are two things at once', () => {
    expect(sniffFileType(docx({ 'word/vbaProject.bin': 'VBA' }))).toBeNull();
    expect(sniffFileType(compoundFile(['WordDocument', 'Macros']))).toBeNull();
    expect(sniffFileType(compoundFile(['Workbook', '_VBA_PROJECT_CUR']))).toBeNull();
    expect(sniffFileType(docx({ 'xl/workbook.xml': '<workbook/>' }))).toBeNull();
    // A document embedding a workbook is a document.
    expect(sniffFileType(compoundFile(['WordDocument', 'Workbook']))).toBe('doc');
  });
});

describe('the content against what the client said', () => {
  it('passes when the declared type and the extension agree, or the type is undeclared', () => {
    expect(typeProblem('pdf', 'application/pdf', 'pdf')).toBeNull();
    expect(typeProblem('jpeg', 'application/octet-stream', 'jpg')).toBeNull();
    expect(typeProblem('jpeg', 'image/jpeg', 'jpeg')).toBeNull();
  });

  it('names the header or the name that disagrees, in Chinese', () => {
    expect(typeProblem('png', 'application/pdf', 'pdf')).toMatchObject({ code: 'file_type_mismatch', path: 'Content-Type' });
    expect(typeProblem('png', 'image/png', 'pdf')).toMatchObject({ code: 'file_type_mismatch', path: 'fileName' });
    expect(typeProblem('png', 'image/png', 'pdf')!.message).toMatch(/PNG 图片.*\.png/);
    expect(typeProblem(null, 'application/pdf', 'pdf')).toMatchObject({ code: 'unsupported_file_type' });
  });
});

describe('scanning a file name', () => {
  it('keeps Chinese and the extension, and reads the extension in lower case', () => {
    expect(scanFileName('项目数据汇聚共享情况报告（终稿）.PDF')).toEqual({
      name: '项目数据汇聚共享情况报告（终稿）.PDF',
      extension: 'pdf',
    });
  });

  it('drops any path, Windows or POSIX', () => {
    expect(scanFileName('C:\\Users\\张三\\桌面\\合同.docx')?.name).toBe('合同.docx');
    expect(scanFileName('../../etc/设计方案.pdf')?.name).toBe('设计方案.pdf');
  });

  it('drops control, bidi and invisible characters, and replaces reserved ones', () => {
    // U+202E would show "报告fdp.exe" as "报告exe.pdf".
    expect(scanFileName('报告\u202Efdp.exe')?.name).toBe('报告fdp.exe');
    expect(scanFileName('合\u0000同\u0007\u200b.pdf')?.name).toBe('合同.pdf');
    expect(scanFileName('方案<1>:"v2"|?*.pdf')?.name).toBe('方案_1___v2____.pdf');
    expect(scanFileName('  设计   方案 . pdf')).toBeNull();
    expect(scanFileName('  设计   方案.pdf. . ')?.name).toBe('设计 方案.pdf');
  });

  it('is never a Windows device name, and never empty or without an extension', () => {
    expect(scanFileName('CON.pdf')?.name).toBe('_CON.pdf');
    expect(['', '.pdf', '...', 'readme', '方案.', '/', 'a.文档'].map(scanFileName)).toEqual([null, null, null, null, null, null, null]);
  });

  it('cuts a long name to its limit, keeping the extension', () => {
    const scanned = scanFileName(`${'很长的文件名'.repeat(40)}.docx`)!;
    expect([...scanned.name].length).toBe(MAX_FILE_NAME_CHARS);
    expect(scanned.name.endsWith('.docx')).toBe(true);
  });

  it('offers an ASCII stand-in for old clients', () => {
    expect(asciiFileName('设计方案 v2.pdf')).toBe('_ v2.pdf');
    expect(asciiFileName('a"b\\c;d%.pdf')).toBe('a_b_c_d_.pdf');
  });
});
