/**
 * The header values and state a record decoder needs from its datagram,
 * gathered once per datagram in one reused object.
 */
import { DomainState } from './exporterState.ts';
import { FrameSection } from './frameSection.ts';
import { NetflowRecordContext } from './recordContext.ts';

export class DatagramContext {
  version = 0;
  /** Header export time (unix seconds). */
  exportSecs = 0;
  /** v5/v9 header sysUptime in milliseconds. */
  sysUptimeMs = 0;
  /** The observation domain the datagram belongs to. */
  domain: DomainState = new DomainState(0);
  /** System-scoped options of the exporter. */
  system: DomainState = new DomainState(0);
  /** nfacctd_time_secs / nfacctd_time_new: they only change the accounting time. */
  timeSecs = false;
  timeNew = false;
  readonly extras = new NetflowRecordContext();
  /** The packet of the current record, for records that carry one. */
  readonly frame = new FrameSection();
}
