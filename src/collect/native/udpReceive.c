/*
 * udpReceive: the UDP receive path of the receive thread in C (N-API, so one
 * build serves every Node version): a socket bound like pmacct's, read with
 * recvmmsg(2) in batches. Node's dgram costs about 5.6 µs per datagram here
 * (an allocation and a callback each), more than decoding an sFlow datagram;
 * this costs well under 1 µs. See docs/adr/0003-receive-thread.md.
 *
 *   open(ip, port, rcvbufBytes, reusePort) -> [fd, boundPort, rcvbufGranted]
 *     ip '' or '::' binds every address (IPv6 socket, IPv4-mapped too)
 *   receive(fd, buffer: Uint8Array, meta: Int32Array, timeoutMs) -> count
 *     waits up to timeoutMs for data, then reads what is queued, up to
 *     buffer.length / 65536 datagrams; datagram i is at buffer[i * 65536],
 *     meta[i * 7 ..] = length, family (4/6), port, address as 4 words
 *     (network byte order bytes); IPv4-mapped IPv6 sources come as IPv4
 *   close(fd)
 *
 * Errors throw with errno's text. Built by scripts/buildNative.ts.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <node_api.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define SLOT 65536
#define META_WORDS 7
#define MAX_BATCH 256

static napi_value throw_errno(napi_env env, const char *what) {
  char message[256];
  snprintf(message, sizeof message, "%s: %s", what, strerror(errno));
  napi_throw_error(env, NULL, message);
  return NULL;
}

static napi_value open_socket(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  char ip[64] = {0};
  size_t ip_length = 0;
  int32_t port = 0, rcvbuf = 0;
  bool reuse_port = false;
  if (argc < 4 || napi_get_value_string_utf8(env, argv[0], ip, sizeof ip, &ip_length) != napi_ok ||
      napi_get_value_int32(env, argv[1], &port) != napi_ok || napi_get_value_int32(env, argv[2], &rcvbuf) != napi_ok ||
      napi_get_value_bool(env, argv[3], &reuse_port) != napi_ok) {
    napi_throw_type_error(env, NULL, "open(ip: string, port: number, rcvbuf: number, reusePort: boolean)");
    return NULL;
  }
  struct sockaddr_storage address;
  memset(&address, 0, sizeof address);
  socklen_t address_length;
  int family;
  struct in_addr v4;
  if (ip_length > 0 && inet_pton(AF_INET, ip, &v4) == 1) {
    struct sockaddr_in *a = (struct sockaddr_in *)&address;
    a->sin_family = AF_INET;
    a->sin_port = htons((uint16_t)port);
    a->sin_addr = v4;
    address_length = sizeof *a;
    family = AF_INET;
  } else {
    struct sockaddr_in6 *a = (struct sockaddr_in6 *)&address;
    a->sin6_family = AF_INET6;
    a->sin6_port = htons((uint16_t)port);
    if (ip_length > 0 && inet_pton(AF_INET6, ip, &a->sin6_addr) != 1) {
      napi_throw_error(env, NULL, "open: not an IP address");
      return NULL;
    }
    address_length = sizeof *a;
    family = AF_INET6;
  }
  int fd = socket(family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return throw_errno(env, "socket");
  int one = 1, zero = 0;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (reuse_port) setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
  if (family == AF_INET6) setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof zero);
  if (bind(fd, (struct sockaddr *)&address, address_length) != 0) {
    int saved = errno;
    close(fd);
    errno = saved;
    return throw_errno(env, "bind");
  }
  if (rcvbuf > 0) setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
  int granted = 0;
  socklen_t granted_length = sizeof granted;
  getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &granted, &granted_length);
  struct sockaddr_storage bound;
  socklen_t bound_length = sizeof bound;
  getsockname(fd, (struct sockaddr *)&bound, &bound_length);
  int bound_port = ntohs(bound.ss_family == AF_INET ? ((struct sockaddr_in *)&bound)->sin_port : ((struct sockaddr_in6 *)&bound)->sin6_port);

  napi_value result, value;
  napi_create_array_with_length(env, 3, &result);
  napi_create_int32(env, fd, &value);
  napi_set_element(env, result, 0, value);
  napi_create_int32(env, bound_port, &value);
  napi_set_element(env, result, 1, value);
  napi_create_int32(env, granted, &value);
  napi_set_element(env, result, 2, value);
  return result;
}

static napi_value receive(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  int32_t fd = -1, timeout = 0;
  uint8_t *buffer = NULL;
  int32_t *meta = NULL;
  size_t buffer_length = 0, meta_length = 0;
  napi_typedarray_type type;
  napi_value arraybuffer;
  size_t offset;
  if (argc < 4 || napi_get_value_int32(env, argv[0], &fd) != napi_ok ||
      napi_get_typedarray_info(env, argv[1], &type, &buffer_length, (void **)&buffer, &arraybuffer, &offset) != napi_ok || type != napi_uint8_array ||
      napi_get_typedarray_info(env, argv[2], &type, &meta_length, (void **)&meta, &arraybuffer, &offset) != napi_ok || type != napi_int32_array ||
      napi_get_value_int32(env, argv[3], &timeout) != napi_ok) {
    napi_throw_type_error(env, NULL, "receive(fd: number, buffer: Uint8Array, meta: Int32Array, timeoutMs: number)");
    return NULL;
  }
  size_t batch = buffer_length / SLOT;
  if (batch > meta_length / META_WORDS) batch = meta_length / META_WORDS;
  if (batch > MAX_BATCH) batch = MAX_BATCH;
  napi_value result;
  struct pollfd p = {.fd = fd, .events = POLLIN};
  int ready = poll(&p, 1, timeout);
  if (ready < 0 && errno != EINTR) return throw_errno(env, "poll");
  if (ready <= 0 || batch == 0) {
    napi_create_int32(env, 0, &result);
    return result;
  }
  struct mmsghdr messages[MAX_BATCH];
  struct iovec vectors[MAX_BATCH];
  struct sockaddr_storage sources[MAX_BATCH];
  for (size_t i = 0; i < batch; i++) {
    vectors[i].iov_base = buffer + i * SLOT;
    vectors[i].iov_len = SLOT;
    memset(&messages[i], 0, sizeof messages[i]);
    messages[i].msg_hdr.msg_iov = &vectors[i];
    messages[i].msg_hdr.msg_iovlen = 1;
    messages[i].msg_hdr.msg_name = &sources[i];
    messages[i].msg_hdr.msg_namelen = sizeof sources[i];
  }
  int count = recvmmsg(fd, messages, (unsigned)batch, MSG_DONTWAIT, NULL);
  if (count < 0) {
    if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) count = 0;
    else return throw_errno(env, "recvmmsg");
  }
  for (int i = 0; i < count; i++) {
    int32_t *m = meta + i * META_WORDS;
    m[0] = (int32_t)messages[i].msg_len;
    memset(m + 3, 0, 16);
    if (sources[i].ss_family == AF_INET) {
      struct sockaddr_in *a = (struct sockaddr_in *)&sources[i];
      m[1] = 4;
      m[2] = ntohs(a->sin_port);
      memcpy(m + 3, &a->sin_addr, 4);
    } else {
      struct sockaddr_in6 *a = (struct sockaddr_in6 *)&sources[i];
      m[2] = ntohs(a->sin6_port);
      if (IN6_IS_ADDR_V4MAPPED(&a->sin6_addr)) {
        m[1] = 4;
        memcpy(m + 3, a->sin6_addr.s6_addr + 12, 4);
      } else {
        m[1] = 6;
        memcpy(m + 3, a->sin6_addr.s6_addr, 16);
      }
    }
  }
  napi_create_int32(env, count, &result);
  return result;
}

static napi_value close_socket(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  int32_t fd = -1;
  if (argc < 1 || napi_get_value_int32(env, argv[0], &fd) != napi_ok) {
    napi_throw_type_error(env, NULL, "close(fd: number)");
    return NULL;
  }
  if (close(fd) != 0) return throw_errno(env, "close");
  return NULL;
}

NAPI_MODULE_INIT(/* napi_env env, napi_value exports */) {
  napi_property_descriptor methods[] = {
      {"open", NULL, open_socket, NULL, NULL, NULL, napi_default, NULL},
      {"receive", NULL, receive, NULL, NULL, NULL, napi_default, NULL},
      {"close", NULL, close_socket, NULL, NULL, NULL, napi_default, NULL},
  };
  napi_define_properties(env, exports, sizeof methods / sizeof methods[0], methods);
  return exports;
}
