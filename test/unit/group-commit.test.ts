import { fdatasyncOf, GroupCommit } from '../../src/db/group-commit';

// The group commit's promise (ADR 0020): a caller is answered only by a sync that began after it
// asked, and callers who ask while one sync runs share the next.

/** A disk whose syncs finish when the test says, recording when each began. */
function controlledDisk() {
  const syncs: { finish: () => void; fail: (err: Error) => void }[] = [];
  const sync = () =>
    new Promise<void>((resolve, reject) => {
      syncs.push({ finish: resolve, fail: reject });
    });
  return { sync, syncs };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('GroupCommit', () => {
  it('answers a caller only after a sync that began after the call', async () => {
    const disk = controlledDisk();
    const commits = new GroupCommit(disk.sync);
    const order: string[] = [];
    const first = commits.durable().then(() => order.push('first'));
    expect(disk.syncs).toHaveLength(1);
    // Asked while the first sync runs: its write may be newer than that sync.
    const second = commits.durable().then(() => order.push('second'));
    disk.syncs[0].finish();
    await first;
    await tick();
    expect(order).toEqual(['first']);
    expect(disk.syncs).toHaveLength(2);
    disk.syncs[1].finish();
    await second;
    expect(order).toEqual(['first', 'second']);
  });

  it('lets every caller who asked during one sync share the next one', async () => {
    const disk = controlledDisk();
    const commits = new GroupCommit(disk.sync);
    const first = commits.durable();
    const waiting = Array.from({ length: 20 }, () => commits.durable());
    disk.syncs[0].finish();
    await first;
    await tick();
    disk.syncs[1].finish();
    await Promise.all(waiting);
    expect(disk.syncs).toHaveLength(2);
    expect(commits.syncCount).toBe(2);
  });

  it('starts a fresh sync for a caller who asks when none is running', async () => {
    const disk = controlledDisk();
    const commits = new GroupCommit(disk.sync);
    const first = commits.durable();
    disk.syncs[0].finish();
    await first;
    const second = commits.durable();
    expect(disk.syncs).toHaveLength(2);
    disk.syncs[1].finish();
    await second;
  });

  it('after a failed sync refuses every later caller: nothing unsynced is called durable', async () => {
    const disk = controlledDisk();
    const commits = new GroupCommit(disk.sync);
    const first = commits.durable();
    const second = commits.durable();
    disk.syncs[0].fail(new Error('EIO'));
    await expect(first).rejects.toThrow(/fdatasync of the SQLite WAL failed.*EIO/);
    await expect(second).rejects.toThrow(/EIO/);
    await expect(commits.durable()).rejects.toThrow(/no later write can be acknowledged/);
    expect(disk.syncs).toHaveLength(1);
  });
});

describe('fdatasyncOf', () => {
  it('syncs an existing file, passes over a missing WAL (the database left WAL mode), and reports any other failure', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fdatasync-'));
    const file = path.join(dir, 'catalog.sqlite-wal');
    fs.writeFileSync(file, 'x');
    await expect(fdatasyncOf(file)()).resolves.toBeUndefined();
    await expect(fdatasyncOf(path.join(dir, 'gone.sqlite-wal'))()).resolves.toBeUndefined();
    // A directory where the file should be: not ENOENT, so it is not passed over.
    await expect(fdatasyncOf(path.join(dir, 'no-such-dir', 'x', '..', '..', 'catalog.sqlite-wal', 'y'))()).rejects.toThrow(/ENOTDIR/);
  });
});
