/**
 * The two waits both AMQP writers (the plugin's batch writer and the BGP/
 * BMP line publisher) make on an amqplib channel: for its socket buffer to
 * drain after publish() returned false, and for a broker round trip that
 * must not outlast a deadline.
 */
import type { Channel } from 'amqplib';

/** Resolves when the channel's socket buffer drains, or when the channel closes (nothing more to wait for then). */
export function waitForDrain(channel: Channel): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = (): void => {
      channel.off('drain', done);
      channel.off('close', done);
      resolve();
    };
    channel.once('drain', done);
    channel.once('close', done);
  });
}

/** `work`'s result, or `late` when it has not settled within `ms`; the timer is always cleared. */
export async function resultWithin<T, L>(work: Promise<T>, ms: number, late: L): Promise<T | L> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<L>((resolve) => (timer = setTimeout(() => resolve(late), ms)));
  try {
    return await Promise.race([work, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
