/**
 * Names a broker plugin resolves per aggregate from `$variables`:
 * kafka_topic (and amqp_routing_key) with $peer_src_ip, $tag, $tag2,
 * $post_tag, $post_tag2; kafka_partition_key with those and $src_host,
 * $dst_host, $src_port, $dst_port, $proto, $in_iface.
 *
 * As pmacct 1.7.7 reads them: a variable is '$' and the letters, digits and
 * underscores after it, less one trailing underscore; an unknown one stays
 * as written. Values: addresses with '.' and ':' turned into '_', "null"
 * for $peer_src_ip without that primitive, "" for a host the aggregate
 * lacks, 0 for the numbers it lacks (post_tag included: tsacct has no
 * post_tag yet). Time variables (%Y…) are not expanded: pmacct does not.
 *
 * Unlike pmacct, a variable that resolves to "" does not make the next
 * variable be skipped (1.7.7 then leaves "$src_port" unresolved in
 * "$dst_host-$src_port"); see docs/compat.md#kafka-plugin.
 *
 * The name is compiled once into literal and variable parts, and resolving
 * it reads only the aggregate's key words.
 */
import type { AggregateLayout } from '../../model/aggregateLayout.ts';
import type { OutputField, RenderContext } from '../../model/primitive.ts';
import type { AggregateRow } from '../../output/aggregateSerializer.ts';

/** Variables of kafka_topic and amqp_routing_key. */
export const TOPIC_VARIABLES: readonly string[] = ['peer_src_ip', 'tag', 'tag2', 'post_tag', 'post_tag2'];
/** Variables of kafka_partition_key. */
export const PARTITION_KEY_VARIABLES: readonly string[] = [...TOPIC_VARIABLES, 'src_host', 'dst_host', 'src_port', 'dst_port', 'proto', 'in_iface'];

type Part = string | ((row: AggregateRow, ctx: RenderContext) => string);

/** Whether a name holds a variable at all (pmacct: any '$' makes it dynamic). */
export function isDynamicName(template: string): boolean {
  return template.includes('$');
}

export class DynamicBrokerName {
  readonly template: string;
  private readonly parts: readonly Part[];

  constructor(template: string, variables: readonly string[], layout: AggregateLayout) {
    this.template = template;
    this.parts = compile(template, variables, layout);
  }

  resolve(row: AggregateRow, ctx: RenderContext): string {
    let out = '';
    for (const part of this.parts) out += typeof part === 'string' ? part : part(row, ctx);
    return out;
  }
}

function compile(template: string, variables: readonly string[], layout: AggregateLayout): Part[] {
  const parts: Part[] = [];
  let literal = '';
  let i = 0;
  while (i < template.length) {
    const dollar = template.indexOf('$', i);
    if (dollar < 0) {
      literal += template.slice(i);
      break;
    }
    literal += template.slice(i, dollar);
    let end = dollar + 1;
    while (end < template.length && /[A-Za-z0-9_]/.test(template[end]!)) end++;
    // pmacct leaves one trailing underscore out of the variable ("$tag_" is $tag then "_").
    if (end > dollar + 1 && template[end - 1] === '_') end--;
    const name = template.slice(dollar + 1, end);
    const value = variables.includes(name) ? valueOf(name, layout) : null;
    if (value === null) {
      literal += template.slice(dollar, Math.max(end, dollar + 1));
    } else {
      if (literal !== '') parts.push(literal);
      literal = '';
      parts.push(value);
    }
    i = Math.max(end, dollar + 1);
  }
  if (literal !== '') parts.push(literal);
  return parts;
}

/** How one variable reads an aggregate, or what it is when the aggregate lacks its primitive. */
function valueOf(name: string, layout: AggregateLayout): Part {
  const placed = layout.placed.find((p) => p.primitive.name === name);
  switch (name) {
    case 'peer_src_ip':
    case 'src_host':
    case 'dst_host': {
      if (!placed) return name === 'peer_src_ip' ? 'null' : '';
      const field: OutputField = placed.primitive.fields[0]!;
      const offset = placed.offset;
      return (row, ctx) => String(field.read(row.keys, row.off + offset, ctx)).replace(/[.:]/g, '_');
    }
    case 'tag':
    case 'tag2': {
      if (!placed) return '0';
      const offset = placed.offset;
      return (row) => String(row.keys[row.off + offset]! * 0x100000000 + row.keys[row.off + offset + 1]!);
    }
    case 'src_port':
    case 'dst_port':
    case 'proto':
    case 'in_iface': {
      if (!placed) return '0';
      const offset = placed.offset;
      return (row) => String(row.keys[row.off + offset]!);
    }
    default:
      // post_tag, post_tag2: tsacct cannot set them yet (refused at startup), so they are 0 as in pmacct.
      return '0';
  }
}
