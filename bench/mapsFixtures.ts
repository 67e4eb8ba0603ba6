/**
 * Inputs of `npm run bench -- nfacctd --maps`: a 50-rule pre_tag_map and a
 * generated networks_file (default 500k lines), both written to bench/out
 * and matched to what bench/flowKeys.ts generates (exporter 127.0.0.1,
 * sources in 10.0.0.0/8, destinations in 172.16.0.0/12, input interfaces
 * 1..48). The same files are given to pmacct and tsacct.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { outDir } from './collectorBench.ts';

/**
 * 50 rules, first match wins (no jeq): 10 that never match (other exporters,
 * other source networks), 8 on dst_net + in that catch part of the traffic,
 * 31 on in=1..31, and a catch-all; a flow walks ~20 rules on average.
 */
export function preTagMapText(): string {
  const rules: string[] = ['! bench pre_tag_map: 50 rules'];
  rules.push('set_tag=1 ip=127.0.0.2');
  rules.push('set_tag=2 ip=127.0.0.3 in=1');
  for (let k = 0; k < 8; k++) rules.push(`set_tag=${10 + k} ip=127.0.0.1 src_net=192.168.${k}.0/24`);
  for (let k = 0; k < 8; k++) rules.push(`set_tag=${20 + k} ip=127.0.0.1 dst_net=172.${16 + 2 * k}.0.0/15 in=${k + 1}`);
  for (let i = 1; i <= 31; i++) rules.push(`set_tag=${100 + i} ip=127.0.0.1 in=${i}`);
  rules.push('set_tag=999 ip=0.0.0.0/0');
  return rules.join('\n') + '\n';
}

/**
 * `lines` networks with origin AS: every /24 of 10.0.0.0/8 (65,536), every
 * /24 of 172.16.0.0/12 (4,096) each with four nested /26s (16,384), then
 * consecutive /24s from 20.0.0.0 up to the line count (space the traffic
 * never hits, as most of a real table is).
 */
export function networksFileText(lines: number): string {
  const out: string[] = ['! bench networks_file: [<origin AS>,]<network>/<mask>'];
  const asOf = (i: number): number => 65000 + (i % 1000);
  for (let i = 0; i < 65536 && out.length <= lines; i++) out.push(`${asOf(i)},10.${i >> 8}.${i & 255}.0/24`);
  for (let i = 0; i < 4096 && out.length <= lines; i++) {
    const b = 16 + (i >> 8);
    const c = i & 255;
    out.push(`${4200000000 + i},172.${b}.${c}.0/24`);
    for (let q = 0; q < 4 && out.length <= lines; q++) out.push(`${4200100000 + i * 4 + q},172.${b}.${c}.${q * 64}/26`);
  }
  for (let i = 0; out.length <= lines; i++) {
    const n = (20 << 16) + i; // 20.0.0.0/24 onwards, one /24 per line
    out.push(`${asOf(i + 7)},${n >>> 16}.${(n >>> 8) & 255}.${n & 255}.0/24`);
  }
  return out.join('\n') + '\n';
}

export function writeMapsFixtures(networkLines: number): { preTagMap: string; networksFile: string } {
  mkdirSync(outDir, { recursive: true });
  const preTagMap = join(outDir, 'bench-pretag.map');
  const networksFile = join(outDir, `bench-networks-${networkLines}.lst`);
  writeFileSync(preTagMap, preTagMapText());
  if (!existsSync(networksFile)) writeFileSync(networksFile, networksFileText(networkLines));
  return { preTagMap, networksFile };
}
