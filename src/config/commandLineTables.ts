// The switches each daemon accepts, as in pmacct 1.7.7: the letters come from the
// getopt strings in the binaries (`strings /usr/sbin/nfacctd`), the key each one
// sets from nfacctd.c/sfacctd.c, and they were tried on the binaries (see
// test/config/commandLine.test.ts). A switch adds a `key: value` line after the
// config file's lines, so it overrides the file. Help texts are tsacct's own.
import type { DaemonName } from './daemonName.ts';

export type SwitchEffect =
  | { readonly kind: 'set'; readonly key: string; readonly fixedValue?: string }
  | { readonly kind: 'config-file' }
  | { readonly kind: 'action'; readonly action: 'help' | 'version' | 'list-primitives' };

export type HelpSection = 'general' | 'memory' | 'print';

export interface DaemonSwitch {
  readonly letter: string;
  // Set when the switch takes a value; names it in the help.
  readonly argument?: string;
  readonly effect: SwitchEffect;
  readonly section: HelpSection;
  // May span lines: later lines are indented under the first.
  readonly help: string;
}

export interface DaemonCommandLine {
  readonly daemon: DaemonName;
  readonly title: string;
  readonly synopsis: string;
  readonly switches: readonly DaemonSwitch[];
}

const set = (key: string, fixedValue?: string): SwitchEffect =>
  fixedValue === undefined ? { kind: 'set', key } : { kind: 'set', key, fixedValue };

const act = (action: 'help' | 'version' | 'list-primitives'): SwitchEffect => ({ kind: 'action', action });

function flag(letter: string, section: HelpSection, effect: SwitchEffect, help: string): DaemonSwitch {
  return { letter, effect, section, help };
}

function valued(letter: string, argument: string, section: HelpSection, effect: SwitchEffect, help: string): DaemonSwitch {
  return { letter, argument, effect, section, help };
}

// nfacctd and sfacctd share one getopt string; they differ only in the names of
// the listening keys and of the renormalize key. Listed in the order of pmacct's -h.
function collectorSwitches(daemon: 'nfacctd' | 'sfacctd'): DaemonSwitch[] {
  return [
    flag('h', 'general', act('help'), 'Show this help and exit'),
    flag('V', 'general', act('version'), 'Show the version and exit'),
    valued('L', 'IP address', 'general', set(`${daemon}_ip`), 'Address to bind the collector to'),
    valued('l', 'port', 'general', set(`${daemon}_port`), 'UDP port to listen on'),
    valued('f', 'config_file', 'general', { kind: 'config-file' }, 'Read the configuration from this file'),
    flag('a', 'general', act('list-primitives'), 'List the primitives aggregate accepts and exit'),
    valued('c', 'primitive [ , ... ]', 'general', set('aggregate'), 'Primitives to aggregate on, see -a (default: src_host)'),
    flag('D', 'general', set('daemonize', 'true'), 'Run in the background'),
    valued('n', 'file', 'general', set('networks_file'), 'File of networks and ASNs'),
    valued('t', 'file', 'general', set('ports_file'), 'File of the ports worth keeping'),
    valued(
      'P', 'plugin [ , ... ]', 'general', set('plugins'),
      '[ memory | print | mysql | pgsql | sqlite3 | amqp | kafka | tee ]\nPlugins to run (tsacct runs print)',
    ),
    flag('d', 'general', set('debug', 'true'), 'Log debug messages'),
    valued(
      'S', 'facility', 'general', set('syslog'),
      '[ auth | mail | daemon | kern | user | local[0-7] ]\nLog to this syslog facility',
    ),
    valued('F', 'file', 'general', set('pidfile'), 'Write the core process id to this file'),
    // pmacct writes sfacctd_renormalize whatever the daemon; it is the same field.
    flag('R', 'general', set(`${daemon}_renormalize`, 'true'), 'Scale sampled counters up by the sampling rate'),
    flag('u', 'general', set('print_num_protos', 'true'), 'Show IP protocols as numbers'),
    valued('I', 'file', 'general', set('pcap_savefile'), 'Read packets from this pcap file'),
    valued('Z', 'seconds', 'general', set('pcap_savefile_delay'), 'With -I, seconds to wait before each reading of the file'),
    flag('W', 'general', set('pcap_savefile_wait', 'true'), 'With -I, keep running once the file is read'),
    valued('Y', 'times', 'general', set('pcap_savefile_replay'), 'With -I, how many times to read the file'),
    valued('p', 'file', 'memory', set('imt_path'), 'Socket the memory plugin answers queries on (default: /tmp/collect.pipe)'),
    valued('b', 'buckets', 'memory', set('imt_buckets'), 'Number of buckets of the memory table'),
    valued('m', 'pools', 'memory', set('imt_mem_pools_number'), 'Number of memory pools'),
    valued('s', 'bytes', 'memory', set('imt_mem_pools_size'), 'Size of each memory pool'),
    // pmacct writes sql_refresh_time, the field print_refresh_time shares.
    valued('r', 'seconds', 'print', set('print_refresh_time'), 'Seconds between two outputs'),
    valued(
      'O', 'format', 'print', set('print_output'),
      '[ formatted | csv | json | avro | avro_json | event_formatted | event_csv | custom ]\nOutput format',
    ),
    valued('o', 'file', 'print', set('print_output_file'), 'File to write to (default: stdout)'),
    flag('M', 'print', set('print_markers', 'true'), 'Write start and end markers around each output'),
    flag('A', 'print', set('print_output_file_append', 'true'), 'Append to the -o file instead of replacing it'),
    valued('E', 'character', 'print', set('print_output_separator'), "Separator of csv output (default: ',')"),
  ];
}

const COLLECTOR_SYNOPSIS = '[ -D | -d ] [ -L IP address ] [ -l port ] [ -c primitive [ , ... ] ] [ -P plugin [ , ... ] ]';

// pmbgpd 1.7.7's getopt string is "hVL:l:f:dDS:F:o:O:i:gm:" (`strings /usr/sbin/pmbgpd`).
function pmbgpdSwitches(): DaemonSwitch[] {
  return [
    flag('h', 'general', act('help'), 'Show this help and exit'),
    flag('V', 'general', act('version'), 'Show the version and exit'),
    valued('L', 'IP address', 'general', set('bgp_daemon_ip'), 'Address to listen on for BGP sessions'),
    valued('l', 'port', 'general', set('bgp_daemon_port'), 'TCP port to listen on (default: 179)'),
    valued('f', 'config_file', 'general', { kind: 'config-file' }, 'Read the configuration from this file'),
    flag('D', 'general', set('daemonize', 'true'), 'Run in the background'),
    flag('d', 'general', set('debug', 'true'), 'Log debug messages'),
    valued(
      'S', 'facility', 'general', set('syslog'),
      '[ auth | mail | daemon | kern | user | local[0-7] ]\nLog to this syslog facility',
    ),
    valued('F', 'file', 'general', set('pidfile'), 'Write the core process id to this file'),
    valued('o', 'file', 'general', set('bgp_daemon_msglog_file'), 'Log BGP messages (JSON lines) to this file'),
    valued('O', 'file', 'general', set('bgp_table_dump_file'), 'Dump the RIBs (JSON lines) to this file at each -i interval'),
    valued('i', 'seconds', 'general', set('bgp_table_dump_refresh_time'), 'Seconds between two dumps of -O'),
    flag('g', 'general', set('bgp_daemon_lg', 'true'), 'Run the Looking Glass server'),
    valued('m', 'file', 'general', set('bgp_daemon_xconnect_map'), 'Load a BGP xconnects map from this file'),
  ];
}

// Daemons without an entry have no command line in tsacct yet.
export const COMMAND_LINES: Partial<Record<DaemonName, DaemonCommandLine>> = {
  nfacctd: {
    daemon: 'nfacctd', title: 'NetFlow Accounting Daemon', synopsis: COLLECTOR_SYNOPSIS,
    switches: collectorSwitches('nfacctd'),
  },
  sfacctd: {
    daemon: 'sfacctd', title: 'sFlow Accounting Daemon', synopsis: COLLECTOR_SYNOPSIS,
    switches: collectorSwitches('sfacctd'),
  },
  pmbgpd: {
    daemon: 'pmbgpd', title: 'BGP Collector Daemon', synopsis: '[ -D | -d ] [ -L IP address ] [ -l port ]',
    switches: pmbgpdSwitches(),
  },
};
