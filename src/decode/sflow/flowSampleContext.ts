/**
 * The values of the flow sample being emitted that have no FlowRecord
 * field (yet): sample identity, interface formats, the egress VLAN, whether
 * an extended gateway was read. Refilled per sample; read it inside the
 * emit callback.
 */

export class FlowSampleContext {
  /** True for sample type 3 (expanded). */
  expanded = false;
  /** The flow sample's own sequence number and data source. */
  sampleSequence = 0;
  sourceIdType = 0;
  sourceIdIndex = 0;
  samplePool = 0;
  drops = 0;
  /**
   * Interface format (0 ifIndex, 1 discarded, 2 several, 3 reserved) and
   * value without the format bits. The record's inIface/outIface keep the
   * raw 32-bit value of the compact form, as sfacctd prints it.
   */
  inputFormat = 0;
  inputValue = 0;
  outputFormat = 0;
  outputValue = 0;
  /** Raw packet header record: protocol, stripped bytes, bytes sampled. */
  headerProtocol = 0;
  headerStripped = 0;
  headerLength = 0;
  /** Extended switch (1001): egress VLAN and priority (ingress ones are vlan/cos on the record). */
  hasSwitch = false;
  outVlan = 0;
  outPriority = 0;
  /** An extended gateway record (1003) was read: its fields are on the record. */
  hasGateway = false;

  reset(): void {
    this.headerProtocol = 0;
    this.headerStripped = 0;
    this.headerLength = 0;
    this.hasSwitch = false;
    this.outVlan = 0;
    this.outPriority = 0;
    this.hasGateway = false;
  }
}
