/**
 * A loaded map whose rules are scoped by an address prefix (`ip=` on the
 * exporter maps, bgp_src on the xconnect map), the base of those maps; its
 * rules are searched as pmacct 1.7.7 searches them: only the rules of the address's family (a rule without a prefix applies
 * to both), in file order, the first one covering the address and
 * accepted by the map's own keys winning. Split by family once at load so
 * the per-flow search walks one short list and allocates nothing.
 */
import { AF_INET, AF_INET6, type IpField } from '../model/flowRecord.ts';
import { prefixMatch } from './mapFile.ts';

export interface PrefixScoped {
  /** 0: both families (no prefix given), else AF_INET / AF_INET6. */
  readonly family: number;
  /** The prefix's network bytes (host bits cleared), null when none was given. */
  readonly net: Uint8Array | null;
  readonly bits: number;
}

export class PrefixRuleMap<R extends PrefixScoped> {
  readonly file: string;
  readonly rules: readonly R[];
  private readonly v4: readonly R[];
  private readonly v6: readonly R[];

  constructor(file: string, rules: readonly R[]) {
    this.file = file;
    this.rules = rules;
    this.v4 = rules.filter((r) => r.family !== AF_INET6);
    this.v6 = rules.filter((r) => r.family !== AF_INET);
  }

  /**
   * The first rule covering `address` for which `accept(rule, arg)` holds,
   * or null. `arg` is passed through so a lookup needs no closure.
   */
  protected firstCovering<A>(address: IpField, accept: (rule: R, arg: A) => boolean, arg: A): R | null {
    const rules = address.family === AF_INET ? this.v4 : address.family === AF_INET6 ? this.v6 : null;
    if (rules === null) return null;
    for (let i = 0; i < rules.length; i++) {
      const r = rules[i]!;
      if (r.net !== null && !prefixMatch(address, r.net, r.bits)) continue;
      if (accept(r, arg)) return r;
    }
    return null;
  }
}
