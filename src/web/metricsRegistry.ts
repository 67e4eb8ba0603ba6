/**
 * The Prometheus metrics of a daemon (GET /metrics), read from its telemetry
 * at scrape time: nothing is counted twice and the hot path is untouched.
 * Counters keep pmacct-style names under the tsacct_ prefix; Node's process
 * metrics (CPU, memory, event loop lag) come from prom-client's defaults.
 */
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { ClusterRegistration, DaemonTelemetry, ExporterCounters } from './daemonTelemetry.ts';
import type { PluginStatistics } from '../core/flowConsumer.ts';

type ExporterField = Exclude<keyof ExporterCounters, 'exporter'>;
type PluginCounterField = 'recordsIn' | 'flushes' | 'writeErrors' | 'dropped';

export function metricsRegistry(telemetry: DaemonTelemetry): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ daemon: telemetry.daemon });
  collectDefaultMetrics({ register: registry, prefix: 'tsacct_' });

  const exporterCounter = (name: string, help: string, field: ExporterField): void => {
    new Counter({
      name: `tsacct_exporter_${name}_total`,
      help,
      labelNames: ['exporter'],
      registers: [registry],
      collect() {
        this.reset();
        for (const e of telemetry.exporters()) this.inc({ exporter: e.exporter }, e[field]);
      },
    });
  };
  exporterCounter('datagrams', 'Export datagrams received from the exporter.', 'datagrams');
  exporterCounter('bytes', 'Bytes of export datagrams received from the exporter (UDP payload).', 'bytes');
  exporterCounter('records', 'Flow records decoded from the exporter.', 'records');
  exporterCounter('sequence_gaps', 'Forward jumps of the export sequence number.', 'sequenceGaps');
  exporterCounter('sequence_lost', 'Datagrams or flows the sequence gaps say were lost.', 'sequenceLost');
  exporterCounter('template_misses', 'NetFlow v9/IPFIX data sets that arrived before their template.', 'templateMisses');
  exporterCounter('malformed', 'Malformed datagrams, sets or records (counted, skipped).', 'malformed');

  const receiveCounter = (name: string, help: string, read: (r: NonNullable<ReturnType<DaemonTelemetry['receive']>>) => number | null): void => {
    new Counter({
      name: `tsacct_receive_${name}_total`,
      help,
      registers: [registry],
      collect() {
        this.reset();
        const r = telemetry.receive();
        const value = r ? read(r) : null;
        if (value !== null) this.inc(value);
      },
    });
  };
  receiveCounter('datagrams', 'Datagrams read from the collector socket.', (r) => r.datagrams);
  receiveCounter('bytes', 'Bytes read from the collector socket.', (r) => r.bytes);
  receiveCounter('kernel_drops', 'Datagrams the kernel dropped on the collector socket (receive buffer full).', (r) => r.kernelDrops);
  receiveCounter('ring_overflows', 'Datagrams the receive thread could not hand to the decoder (ring full).', (r) => r.ringOverflows);

  new Counter({
    name: 'tsacct_records_in_total',
    help: 'Flow records that entered the plugin pipeline.',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(telemetry.recordsIn());
    },
  });

  const pluginCounter = (name: string, help: string, field: PluginCounterField): void => {
    new Counter({
      name: `tsacct_plugin_${name}_total`,
      help,
      labelNames: ['plugin', 'type'],
      registers: [registry],
      collect() {
        this.reset();
        for (const p of telemetry.plugins()) this.inc(pluginLabels(p), p[field]);
      },
    });
  };
  pluginCounter('records_in', 'Records the plugin received (after its filters).', 'recordsIn');
  pluginCounter('flushes', 'Cache flushes the plugin wrote.', 'flushes');
  pluginCounter('write_errors', 'Writes to the backend that failed (the data is kept and retried).', 'writeErrors');
  pluginCounter('dropped', 'Entries or records the plugin had to drop (also logged).', 'dropped');
  new Gauge({
    name: 'tsacct_plugin_cache_entries',
    help: 'Entries in the plugin cache now.',
    labelNames: ['plugin', 'type'],
    registers: [registry],
    collect() {
      this.reset();
      for (const p of telemetry.plugins()) this.set(pluginLabels(p), p.cacheEntries);
    },
  });
  new Gauge({
    name: 'tsacct_plugin_pending_entries',
    help: 'Entries of flushes the backend refused, waiting for a retry (spooled ones included).',
    labelNames: ['plugin', 'type'],
    registers: [registry],
    collect() {
      this.reset();
      for (const p of telemetry.plugins()) this.set(pluginLabels(p), p.pendingEntries ?? 0);
    },
  });
  new Gauge({
    name: 'tsacct_plugin_spooled_entries',
    help: 'Of the pending entries, those waiting in spool files.',
    labelNames: ['plugin', 'type'],
    registers: [registry],
    collect() {
      this.reset();
      for (const p of telemetry.plugins()) this.set(pluginLabels(p), p.spooledEntries ?? 0);
    },
  });
  new Gauge({
    name: 'tsacct_plugin_last_flush_duration_seconds',
    help: 'How long the plugin took to write its last flush.',
    labelNames: ['plugin', 'type'],
    registers: [registry],
    collect() {
      this.reset();
      for (const p of telemetry.plugins()) this.set(pluginLabels(p), p.lastFlushMs / 1000);
    },
  });
  clusterMetrics(registry, telemetry);
  return registry;
}

/** The Redis cluster registration (redis_host): no series at all when it is off. */
function clusterMetrics(registry: Registry, telemetry: DaemonTelemetry): void {
  const labelNames = ['cluster_name', 'cluster_id'];
  const read = (): { labels: { cluster_name: string; cluster_id: string }; status: ClusterRegistration } | null => {
    const status = telemetry.cluster?.() ?? null;
    return status ? { labels: { cluster_name: status.clusterName, cluster_id: String(status.clusterId) }, status } : null;
  };
  const gauge = (name: string, help: string, value: (s: ClusterRegistration) => number | null): void => {
    new Gauge({
      name, help, labelNames, registers: [registry],
      collect() {
        this.reset();
        const c = read();
        const v = c ? value(c.status) : null;
        if (c && v !== null) this.set(c.labels, v);
      },
    });
  };
  const counter = (name: string, help: string, value: (s: ClusterRegistration) => number): void => {
    new Counter({
      name, help, labelNames, registers: [registry],
      collect() {
        this.reset();
        const c = read();
        if (c) this.inc(c.labels, value(c.status));
      },
    });
  };
  gauge('tsacct_cluster_registered', '1 while the last refresh of the Redis cluster registration succeeded, else 0.', (s) => (s.registered ? 1 : 0));
  gauge('tsacct_cluster_registered_keys', 'Keys each refresh of the cluster registration writes.', (s) => s.keys);
  gauge('tsacct_cluster_last_refresh_timestamp_seconds', 'Unix time of the last refresh Redis accepted.', (s) => s.lastRefreshSec);
  counter('tsacct_cluster_refreshes_total', 'Refreshes of the cluster registration Redis accepted.', (s) => s.refreshes);
  counter('tsacct_cluster_errors_total', 'Failed connection attempts and refreshes of the cluster registration (retried with backoff).', (s) => s.errors);
}

function pluginLabels(p: PluginStatistics): { plugin: string; type: string } {
  return { plugin: p.name, type: p.type };
}
