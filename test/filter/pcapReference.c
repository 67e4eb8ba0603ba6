/*
 * The reference for test/filter/bpfProgram.test.ts: libpcap itself
 * (pcap_compile + pcap_offline_filter, what `tcpdump -r file 'expr'` runs)
 * says which packets of a pcap file each expression matches.
 *   pcapReference file.pcap 'expr1' 'expr2' ... -> one line per expression,
 *   one character per packet: 1 match, 0 no match
 */
#include <pcap/pcap.h>
#include <stdio.h>

int main(int argc, char **argv) {
  char errbuf[PCAP_ERRBUF_SIZE];
  for (int e = 2; e < argc; e++) {
    pcap_t *p = pcap_open_offline(argv[1], errbuf);
    if (p == NULL) { fprintf(stderr, "%s\n", errbuf); return 1; }
    struct bpf_program program;
    if (pcap_compile(p, &program, argv[e], 1, PCAP_NETMASK_UNKNOWN) != 0) { fprintf(stderr, "%s: %s\n", argv[e], pcap_geterr(p)); return 1; }
    struct pcap_pkthdr *h;
    const u_char *data;
    while (pcap_next_ex(p, &h, &data) == 1) putchar(pcap_offline_filter(&program, h, data) ? '1' : '0');
    putchar('\n');
    pcap_freecode(&program);
    pcap_close(p);
  }
  return 0;
}
