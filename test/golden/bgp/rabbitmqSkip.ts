/**
 * Whether RabbitMQ answers on 127.0.0.1:5672 (the tests' shared broker):
 * the AMQP tests skip, saying why, when it does not.
 */
import { connect } from 'node:net';

export function rabbitmqSkip(): Promise<string | false> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port: 5672 });
    socket.setTimeout(2000);
    const done = (reason: string | false): void => {
      socket.destroy();
      resolve(reason);
    };
    socket.once('connect', () => done(false));
    socket.once('error', (err) => done(`RabbitMQ is not reachable on 127.0.0.1:5672 (${err.message})`));
    socket.once('timeout', () => done('RabbitMQ does not answer on 127.0.0.1:5672'));
  });
}
