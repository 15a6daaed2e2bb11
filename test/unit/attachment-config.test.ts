import { loadConfig } from '../../src/config';

// ATTACHMENT_MAX_BYTES: the attachment cap (docs/attachments.md), 20 MiB unless set, refused with
// one line naming the setting when it is not a byte count in range.
describe('ATTACHMENT_MAX_BYTES', () => {
  const base = { DATA_DIR: '/tmp/catalog-config-test' };

  it('defaults to 20 MiB and takes a byte count', () => {
    expect(loadConfig(base).maxAttachmentBytes).toBe(20 * 1024 * 1024);
    expect(loadConfig({ ...base, ATTACHMENT_MAX_BYTES: '5242880' }).maxAttachmentBytes).toBe(5 * 1024 * 1024);
  });

  it('refuses what is not a byte count from 1024 to 1 GiB, naming the setting in Chinese', () => {
    for (const value of ['20MB', '-1', '100', String(2 * 1024 * 1024 * 1024)]) {
      expect(() => loadConfig({ ...base, ATTACHMENT_MAX_BYTES: value })).toThrow(/^ATTACHMENT_MAX_BYTES 须为 1024 至 1073741824 的整数/);
    }
  });
});
