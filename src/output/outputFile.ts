/**
 * Writing one output file the way pmacct's plugins do: parent directories
 * created, mode from `files_umask` (pmacct's default 077 gives 0600),
 * truncated or appended, a header only when the file starts empty, and an
 * optional "latest" symlink pointing at the file last written.
 */
import { mkdir, open, rm, stat, symlink, chown, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface OutputFileOptions {
  append: boolean;
  umask: number;
  uid?: number;
  gid?: number;
}

export class OutputFile {
  private readonly handle: FileHandle;
  readonly startedEmpty: boolean;
  private pending: string[] = [];
  private pendingLength = 0;

  private constructor(handle: FileHandle, startedEmpty: boolean) {
    this.handle = handle;
    this.startedEmpty = startedEmpty;
  }

  static async open(path: string, options: OutputFileOptions): Promise<OutputFile> {
    const dirMode = 0o777 & ~options.umask;
    await mkdir(dirname(path), { recursive: true, mode: dirMode });
    let existedNonEmpty = false;
    if (options.append) {
      try {
        existedNonEmpty = (await stat(path)).size > 0;
      } catch {
        existedNonEmpty = false;
      }
    }
    const mode = 0o666 & ~options.umask;
    const handle = await open(path, options.append ? 'a' : 'w', mode);
    // open()'s mode is filtered by the process umask too; set it exactly.
    await handle.chmod(mode);
    if (options.uid !== undefined || options.gid !== undefined) {
      await chown(path, options.uid ?? -1, options.gid ?? -1);
    }
    return new OutputFile(handle, !existedNonEmpty);
  }

  /** Buffers small pieces and writes large ones directly, so a big flush costs few syscalls and no extra copies. */
  async write(text: string): Promise<void> {
    if (text.length >= 1 << 16) {
      await this.drain();
      await this.handle.write(text);
      return;
    }
    this.pending.push(text);
    this.pendingLength += text.length;
    if (this.pendingLength >= 1 << 16) await this.drain();
  }

  /** Writes what is buffered now, for writers whose lines must reach the file at once. */
  async flush(): Promise<void> {
    await this.drain();
  }

  async close(): Promise<void> {
    await this.drain();
    await this.handle.close();
  }

  private async drain(): Promise<void> {
    if (this.pending.length === 0) return;
    const chunk = this.pending.join('');
    this.pending = [];
    this.pendingLength = 0;
    await this.handle.write(chunk);
  }
}

/** Points `linkPath` at `target`, replacing an older link (print_latest_file). */
export async function linkLatest(linkPath: string, target: string): Promise<void> {
  await rm(linkPath, { force: true });
  await symlink(target, linkPath);
}
