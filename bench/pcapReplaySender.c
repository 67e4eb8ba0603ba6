/*
 * Replays the UDP payloads of a generated benchmark pcap (Ethernet/IPv4/UDP,
 * as bench/generate.ts writes it) to a collector on 127.0.0.0/8 at a target
 * rate, with sendmmsg(2) batches from one socket per exporter address.
 *
 * Why C: on a 2-core machine the Node sender spent as much CPU per datagram
 * as the collectors under test and could not reach their limits (about
 * 0.7 M sFlow samples/s). This sender costs a fraction of that, so the live
 * benchmark measures the collectors, not the sender.
 *
 *   pcapReplaySender <pcap> <host> <port> <datagrams-per-second|0> <max-seconds>
 *
 * Prints one JSON line: {"datagrams":N,"sendErrors":E,"elapsedSeconds":S,"complete":true|false}.
 * Only 127.0.0.0/8 destinations are accepted.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_EXPORTERS 256
#define BATCH 64
#define TICK_NS 1000000L /* pace every millisecond */

struct datagram {
  const uint8_t *payload;
  uint32_t length;
  int exporter;
};

static double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static uint8_t *read_file(const char *path, size_t *size) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  uint8_t *buf = malloc(n > 0 ? (size_t)n : 1);
  if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
    fclose(f);
    free(buf);
    return NULL;
  }
  fclose(f);
  *size = (size_t)n;
  return buf;
}

int main(int argc, char **argv) {
  if (argc != 6) {
    fprintf(stderr, "usage: %s <pcap> <host> <port> <datagrams-per-second|0> <max-seconds>\n", argv[0]);
    return 2;
  }
  struct in_addr host;
  if (inet_pton(AF_INET, argv[2], &host) != 1 || (ntohl(host.s_addr) >> 24) != 127) {
    fprintf(stderr, "refusing to send to %s: benchmark traffic goes to 127.0.0.0/8 only\n", argv[2]);
    return 2;
  }
  int port = atoi(argv[3]);
  double rate = atof(argv[4]);
  double max_seconds = atof(argv[5]);

  size_t size = 0;
  uint8_t *pcap = read_file(argv[1], &size);
  if (!pcap || size < 24) {
    fprintf(stderr, "cannot read %s\n", argv[1]);
    return 1;
  }
  /* Classic pcap, little-endian, Ethernet: what the generator writes. */
  if (*(uint32_t *)pcap != 0xa1b2c3d4u || *(uint32_t *)(pcap + 20) != 1) {
    fprintf(stderr, "%s: expected a little-endian Ethernet pcap from bench/generate.ts\n", argv[1]);
    return 1;
  }

  size_t capacity = 1 << 16, count = 0;
  struct datagram *list = malloc(capacity * sizeof *list);
  uint32_t exporter_addr[MAX_EXPORTERS];
  int exporters = 0;
  for (size_t at = 24; at + 16 <= size;) {
    uint32_t caplen = *(uint32_t *)(pcap + at + 8);
    const uint8_t *frame = pcap + at + 16;
    at += 16 + caplen;
    if (at > size || caplen < 42 || frame[12] != 0x08 || frame[13] != 0x00 || frame[23] != 17) continue;
    int ihl = (frame[14] & 0x0f) * 4;
    uint32_t src;
    memcpy(&src, frame + 26, 4);
    const uint8_t *udp = frame + 14 + ihl;
    uint32_t udp_length = ((uint32_t)udp[4] << 8) | udp[5];
    if (udp_length < 8 || (size_t)(udp - frame) + udp_length > caplen) continue;
    int e = 0;
    while (e < exporters && exporter_addr[e] != src) e++;
    if (e == exporters) {
      if (exporters == MAX_EXPORTERS) continue;
      exporter_addr[exporters++] = src;
    }
    if (count == capacity) list = realloc(list, (capacity *= 2) * sizeof *list);
    list[count].payload = udp + 8;
    list[count].length = udp_length - 8;
    list[count].exporter = e;
    count++;
  }

  int sockets[MAX_EXPORTERS];
  for (int e = 0; e < exporters; e++) {
    sockets[e] = socket(AF_INET, SOCK_DGRAM, 0);
    int sndbuf = 4 << 20;
    setsockopt(sockets[e], SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof sndbuf);
    struct sockaddr_in bind_to = {.sin_family = AF_INET, .sin_port = 0};
    bind_to.sin_addr.s_addr = exporter_addr[e];
    if (bind(sockets[e], (struct sockaddr *)&bind_to, sizeof bind_to) != 0) {
      /* A capture from elsewhere (not 127.0.0.x exporters): send from any local address. */
      bind_to.sin_addr.s_addr = htonl(INADDR_ANY);
      if (bind(sockets[e], (struct sockaddr *)&bind_to, sizeof bind_to) != 0) {
        fprintf(stderr, "cannot bind: %s\n", strerror(errno));
        return 1;
      }
    }
  }
  struct sockaddr_in target = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port), .sin_addr = host};

  struct mmsghdr msgs[BATCH];
  struct iovec iovs[BATCH];
  size_t next = 0, sent = 0, errors = 0;
  double start = now_seconds();
  int complete = 1;
  while (next < count) {
    double elapsed = now_seconds() - start;
    if (elapsed > max_seconds) {
      complete = 0;
      break;
    }
    size_t due = rate > 0 ? (size_t)(rate * elapsed) : count;
    if (due > count) due = count;
    while (next < due) {
      /* One batch: consecutive datagrams of one exporter. */
      int e = list[next].exporter;
      int n = 0;
      while (n < BATCH && next + n < due && list[next + n].exporter == e) {
        iovs[n].iov_base = (void *)list[next + n].payload;
        iovs[n].iov_len = list[next + n].length;
        memset(&msgs[n], 0, sizeof msgs[n]);
        msgs[n].msg_hdr.msg_iov = &iovs[n];
        msgs[n].msg_hdr.msg_iovlen = 1;
        msgs[n].msg_hdr.msg_name = &target;
        msgs[n].msg_hdr.msg_namelen = sizeof target;
        n++;
      }
      int done = sendmmsg(sockets[e], msgs, (unsigned)n, 0);
      if (done < 0) {
        if (errno == EAGAIN || errno == ENOBUFS || errno == EINTR) continue;
        errors++;
        done = 1; /* skip the datagram that failed */
      } else {
        sent += (size_t)done;
      }
      next += (size_t)done;
    }
    if (rate > 0 && next < count) {
      struct timespec pause = {0, TICK_NS};
      nanosleep(&pause, NULL);
    }
  }
  double elapsed = now_seconds() - start;
  printf("{\"datagrams\":%zu,\"sendErrors\":%zu,\"elapsedSeconds\":%.6f,\"complete\":%s,\"total\":%zu}\n", sent, errors, elapsed,
         complete ? "true" : "false", count);
  return 0;
}
