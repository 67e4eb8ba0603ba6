/**
 * A RabbitMQ node of the test's own, beside the machine's (which stays
 * untouched on 5672): Debian's rabbitmq-server started with every path,
 * port and name in a temporary directory — node tsacct-<random>@localhost,
 * its AMQP listener and Erlang distribution on free loopback ports, its own
 * epmd on a free port (killed at the end), HOME in the directory so the
 * Erlang cookie rabbitmqctl and the node share is a fresh one, no plugins
 * (the management plugin would want port 15672), and an empty
 * rabbitmq-env.conf instead of /etc's (which names the main node).
 *
 * stopApp()/startApp() are `rabbitmqctl stop_app` / `start_app`: the broker
 * application stops (connections closed, listener gone) while the Erlang
 * node runs on, so durable queues and persistent messages survive.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeTcpPorts } from './loopbackListen.ts';
import { setTimeout as sleep } from 'node:timers/promises';

const BIN = '/usr/lib/rabbitmq/bin';

/** Why a scratch node cannot run here, or null. */
export function scratchRabbitSkip(): string | null {
  if (!existsSync(join(BIN, 'rabbitmq-server'))) return 'rabbitmq-server is not installed';
  return null;
}

export class ScratchRabbitNode {
  readonly node: string;
  readonly amqpPort: number;
  private readonly dir: string;
  private readonly env: NodeJS.ProcessEnv;
  private readonly epmdPort: number;
  private server: ChildProcess | null = null;
  private output = '';

  private constructor(dir: string, node: string, amqpPort: number, distPort: number, epmdPort: number) {
    this.dir = dir;
    this.node = node;
    this.amqpPort = amqpPort;
    this.epmdPort = epmdPort;
    writeFileSync(join(dir, 'enabled_plugins'), '[].\n');
    writeFileSync(join(dir, 'rabbitmq.conf'), `listeners.tcp.default = 127.0.0.1:${amqpPort}\n`);
    writeFileSync(join(dir, 'rabbitmq-env.conf'), '');
    this.env = {
      ...process.env,
      HOME: dir,
      RABBITMQ_CONF_ENV_FILE: join(dir, 'rabbitmq-env.conf'),
      RABBITMQ_NODENAME: node,
      RABBITMQ_NODE_IP_ADDRESS: '127.0.0.1',
      RABBITMQ_NODE_PORT: String(amqpPort),
      RABBITMQ_DIST_PORT: String(distPort),
      RABBITMQ_MNESIA_BASE: join(dir, 'mnesia'),
      RABBITMQ_LOG_BASE: join(dir, 'log'),
      RABBITMQ_CONFIG_FILE: join(dir, 'rabbitmq.conf'),
      RABBITMQ_ENABLED_PLUGINS_FILE: join(dir, 'enabled_plugins'),
      RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS: '-kernel inet_dist_use_interface {127,0,0,1}',
      ERL_EPMD_ADDRESS: '127.0.0.1',
      ERL_EPMD_PORT: String(epmdPort),
    };
  }

  /** Starts the node and waits until the broker accepts connections (about 20 s here). */
  static async start(): Promise<ScratchRabbitNode> {
    const dir = mkdtempSync(join(tmpdir(), 'tsacct-rabbit-'));
    const suffix = Math.random().toString(36).slice(2, 10);
    const [amqpPort, distPort, epmdPort] = await freeTcpPorts(3);
    const node = new ScratchRabbitNode(dir, `tsacct-${suffix}@localhost`, amqpPort!, distPort!, epmdPort!);
    const server = spawn(join(BIN, 'rabbitmq-server'), [], { env: node.env, stdio: ['ignore', 'pipe', 'pipe'] });
    node.server = server;
    server.stdout!.on('data', (chunk: Buffer) => (node.output += chunk.toString()));
    server.stderr!.on('data', (chunk: Buffer) => (node.output += chunk.toString()));
    try {
      const deadline = Date.now() + 120_000;
      for (;;) {
        if (server.exitCode !== null) throw new Error(`rabbitmq-server exited (${server.exitCode}):\n${node.output}`);
        try {
          await node.ctl(['await_startup', '--timeout', '10']);
          break;
        } catch (err) {
          if (Date.now() > deadline) throw err;
          await sleep(1000);
        }
      }
    } catch (err) {
      await node.stop();
      throw err;
    }
    return node;
  }

  stopApp(): Promise<string> {
    return this.ctl(['stop_app']);
  }

  /** start_app, retried: right after stop_app the listener's port can still be held for a moment. */
  async startApp(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.ctl(['start_app']);
        return;
      } catch (err) {
        if (attempt >= 10) throw err;
        await sleep(1000);
      }
    }
  }

  /** Halts the node, its epmd, and removes the directory. */
  async stop(): Promise<void> {
    const server = this.server;
    if (server && server.exitCode === null) {
      const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
      await this.ctl(['stop']).catch(() => undefined);
      const timer = setTimeout(() => server.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    await new Promise<void>((resolve) => execFile('epmd', ['-port', String(this.epmdPort), '-kill'], { env: this.env }, () => resolve()));
    rmSync(this.dir, { recursive: true, force: true });
  }

  ctl(args: readonly string[]): Promise<string> {
    return new Promise((resolve, reject) => {
      execFile(join(BIN, 'rabbitmqctl'), ['-n', this.node, ...args], { env: this.env, timeout: 60_000 }, (err, stdout, stderr) => {
        if (err) reject(new Error(`rabbitmqctl ${args.join(' ')}: ${err.message}\n${stderr}`));
        else resolve(stdout);
      });
    });
  }
}
