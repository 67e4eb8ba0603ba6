/**
 * Builds tsacct's native parts (N-API, so one build serves every Node
 * version):
 *   build/udpReceive.node from src/collect/native/udpReceive.c
 *   build/bpfCompile.node from src/filter/native/bpfCompile.c (links -lpcap)
 *   build/tcpMd5.node from src/routing/bgp/native/tcpMd5.c (bgp_daemon_md5_file)
 *   build/socketOptions.node from src/collect/native/socketOptions.c (bgp_daemon_ipprec, bgp_daemon_pipe_size)
 * and, when it is installed and not built yet, the Kafka client's native
 * part (scripts/buildKafkaClient.ts, docs/adr/0005-kafka-client-build.md).
 * Run by `npm install` (the package's own postinstall) and by hand:
 *
 *   node scripts/buildNative.ts
 *
 * A machine without a C compiler still works: tsacct then receives with
 * Node's dgram in the receive thread (slower; see
 * docs/adr/0003-receive-thread.md). Without libpcap (libpcap-dev), the
 * filter compiler is missing and a configured aggregate_filter stops the
 * daemon at startup with a message saying so. So a failed build warns and
 * exits 0.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildKafkaClient } from './buildKafkaClient.ts';

const repo = join(import.meta.dirname, '..');

interface Target {
  source: string;
  output: string;
  libraries: string[];
  /** What happens without it, for the warning. */
  without: string;
}

const TARGETS: Target[] = [
  {
    source: join(repo, 'src', 'collect', 'native', 'udpReceive.c'),
    output: join(repo, 'build', 'udpReceive.node'),
    libraries: [],
    without: 'the native UDP receiver is not built (Node dgram is used instead)',
  },
  {
    source: join(repo, 'src', 'filter', 'native', 'bpfCompile.c'),
    output: join(repo, 'build', 'bpfCompile.node'),
    libraries: ['-lpcap'],
    without: 'the libpcap filter compiler is not built (aggregate_filter cannot be used; install libpcap-dev)',
  },
  {
    source: join(repo, 'src', 'routing', 'bgp', 'native', 'tcpMd5.c'),
    output: join(repo, 'build', 'tcpMd5.node'),
    libraries: [],
    without: 'TCP MD5 signatures are not available (a configured bgp_daemon_md5_file stops the daemon at startup)',
  },
  {
    source: join(repo, 'src', 'collect', 'native', 'socketOptions.c'),
    output: join(repo, 'build', 'socketOptions.node'),
    libraries: [],
    without: 'socket options are not available: a non-zero bgp_daemon_ipprec stops the daemon at startup, bgp_daemon_pipe_size is ignored with a warning',
  },
];

/** node_api.h: beside the running Node (the npm node package ships include/node), else the system's. */
function includeDir(): string | null {
  const candidates = [join(dirname(realpathSync(process.execPath)), '..', 'include', 'node'), '/usr/include/node', '/usr/local/include/node'];
  return candidates.find((dir) => existsSync(join(dir, 'node_api.h'))) ?? null;
}

const include = includeDir();
for (const target of TARGETS) {
  if (include === null) {
    process.stderr.write(`tsacct: node_api.h not found: ${target.without}\n`);
    continue;
  }
  mkdirSync(dirname(target.output), { recursive: true });
  try {
    execFileSync(process.env.CC ?? 'cc', ['-O2', '-Wall', '-shared', '-fPIC', `-I${include}`, '-o', target.output, target.source, ...target.libraries], { stdio: 'inherit' });
    process.stdout.write(`tsacct: built ${target.output}\n`);
  } catch (err) {
    process.stderr.write(`tsacct: ${target.output} could not be built (${err instanceof Error ? err.message : String(err)}): ${target.without}\n`);
  }
}
buildKafkaClient(repo);
