/**
 * A few packets captured on the loopback interface with tshark, for tests
 * that check what goes on the wire (IP header fields a process sets with
 * socket options, which no userland API reads back from the other end).
 * Capturing needs root (or the capture capabilities), as in this project's
 * sandbox and CI; tests skip without them.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';

/** Why a capture cannot run here (false: it can), as node:test's `skip`. */
export function tsharkCaptureSkip(): string | false {
  if (spawnSync('tshark', ['--version']).status !== 0) return 'tshark not installed';
  if (process.getuid?.() !== 0) return 'capturing on lo needs root';
  return false;
}

export class LoopbackCapture {
  private readonly child: ChildProcess;
  private readonly done: Promise<string>;

  private constructor(child: ChildProcess, done: Promise<string>) {
    this.child = child;
    this.done = done;
  }

  /**
   * Starts capturing the first `count` packets matching the capture filter
   * (within 15 s), printing `field` of each; resolves once tshark is
   * capturing, so that packets sent afterwards are seen.
   */
  static async start(filter: string, count: number, field: string): Promise<LoopbackCapture> {
    const child = spawn('tshark', ['-i', 'lo', '-f', filter, '-c', String(count), '-a', 'duration:15', '-l', '-T', 'fields', '-e', field], { stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout!.on('data', (c: Buffer) => chunks.push(c));
    let errors = '';
    const ready = new Promise<void>((resolve, reject) => {
      child.stderr!.on('data', (c: Buffer) => {
        errors += c.toString();
        if (errors.includes('Capture started')) resolve();
      });
      child.once('exit', () => reject(new Error(`tshark exited before capturing: ${errors}`)));
    });
    const done = new Promise<string>((resolve) => child.once('exit', () => resolve(Buffer.concat(chunks).toString('latin1'))));
    await ready;
    return new LoopbackCapture(child, done);
  }

  /** The field's value in each captured packet, once the capture ended. */
  async fields(): Promise<string[]> {
    return (await this.done).split('\n').filter((l) => l !== '');
  }

  stop(): void {
    this.child.kill();
  }
}
