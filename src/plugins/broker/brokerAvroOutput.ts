/**
 * What a broker plugin (amqp, kafka) with `<prefix>_output: avro` or
 * `avro_json` sets up at startup, as pmacct's amqp_plugin()/kafka_plugin()
 * do: the acct_data codec for the plugin's aggregate (writer_id
 * "<plugin name>/<pid>" appended last), the marker codecs, the schemas
 * written to avro_schema_file ("-acct_data", "-acct_init", "-acct_close")
 * and avro_buffer_size. A schema file that cannot be written refuses the
 * startup, naming the key (pmacct exits).
 */
import type { PluginInstance } from '../../config/index.ts';
import { ConfigError } from '../../config/configError.ts';
import type { AggregateLayout } from '../../model/aggregateLayout.ts';
import { AcctDataCodec } from '../../output/avro/acctDataCodec.ts';
import { AcctMarkerCodec } from '../../output/avro/acctMarkerCodec.ts';
import type { AvroOutputFormat } from '../../output/avro/avroMessagePacker.ts';
import { writeAvroSchemaFiles } from '../../output/avro/avroSchemaFiles.ts';
import type { BrokerAvroOutput } from './brokerAvroCursor.ts';

export interface BrokerAvroSetup {
  format: AvroOutputFormat;
  layout: AggregateLayout;
  /** The plugin keeps time bins (stamp_inserted / stamp_updated). */
  history: boolean;
  /** pre_tag_label_encode_as_map. */
  labelAsMap: boolean;
  /** amqp/kafka_num_protos. */
  numProtos?: boolean;
  /** The writer_id's process id (default: this process). */
  pid?: number;
}

export function brokerAvroOutput(instance: PluginInstance, setup: BrokerAvroSetup): BrokerAvroOutput {
  const cfg = instance.config;
  const writerId = `${instance.name}/${setup.pid ?? process.pid}`;
  const data = new AcctDataCodec(setup.layout, { history: setup.history, labelAsMap: setup.labelAsMap, numProtos: setup.numProtos, writerId });
  const markers = new AcctMarkerCodec(writerId);
  const schemaFile = cfg.str('avro_schema_file');
  if (schemaFile !== undefined) {
    try {
      writeAvroSchemaFiles(schemaFile, { acctData: data.schemaText, acctInit: markers.initSchemaText, acctClose: markers.closeSchemaText }, cfg.int('files_umask'));
    } catch (err) {
      throw new ConfigError([`${cfg.placeOf('avro_schema_file')}avro_schema_file: cannot write the Avro schemas: ${(err as Error).message}`]);
    }
  }
  return { format: setup.format, data, markers, bufferSize: cfg.int('avro_buffer_size') };
}
