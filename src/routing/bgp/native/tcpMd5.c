/*
 * tcpMd5: RFC 2385 TCP MD5 signatures for the BGP daemon's listening socket
 * (bgp_daemon_md5_file). Linux keeps MD5 keys per peer address on a socket
 * (setsockopt TCP_MD5SIG); keys set on a listening socket apply to the
 * connections it accepts, and a SYN from a listed peer without the right
 * signature is dropped by the kernel. Node has no API for this option, so
 * this N-API addon sets it on the fd of the net.Server's listening handle.
 *
 *   setKey(fd, address, key)
 *     address: an IPv4 or IPv6 address text; an IPv4 peer of an IPv6
 *              (dual-stack) socket is keyed under its IPv4-mapped address,
 *              which is how such a peer's connections appear to the socket.
 *     key:     up to 80 bytes (TCP_MD5SIG_MAXKEYLEN); an empty key removes
 *              the peer's key.
 *   A failure throws an Error with errno's text, e.errno holding its number.
 *
 * Built by scripts/buildNative.ts into build/tcpMd5.node.
 */
#include <node_api.h>
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

static void throw_errno(napi_env env, const char *what, int err) {
  char message[256];
  snprintf(message, sizeof message, "%s: %s", what, strerror(err));
  napi_value text, error, number;
  napi_create_string_utf8(env, message, NAPI_AUTO_LENGTH, &text);
  napi_create_error(env, NULL, text, &error);
  napi_create_int32(env, err, &number);
  napi_set_named_property(env, error, "errno", number);
  napi_throw(env, error);
}

static napi_value set_key(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  int32_t fd = -1;
  char address[INET6_ADDRSTRLEN + 1];
  /* One byte more than a key may have, so that a longer key is seen (and refused) rather than cut. */
  char key[TCP_MD5SIG_MAXKEYLEN + 2];
  size_t address_length = 0, key_length = 0;
  if (argc < 3 || napi_get_value_int32(env, argv[0], &fd) != napi_ok ||
      napi_get_value_string_utf8(env, argv[1], address, sizeof address, &address_length) != napi_ok ||
      napi_get_value_string_utf8(env, argv[2], key, sizeof key, &key_length) != napi_ok) {
    napi_throw_type_error(env, NULL, "setKey(fd: number, address: string, key: string)");
    return NULL;
  }
  if (key_length > TCP_MD5SIG_MAXKEYLEN) {
    napi_throw_range_error(env, NULL, "TCP MD5 keys are at most 80 bytes");
    return NULL;
  }

  struct sockaddr_storage server;
  socklen_t server_length = sizeof server;
  if (getsockname(fd, (struct sockaddr *)&server, &server_length) != 0) {
    throw_errno(env, "getsockname", errno);
    return NULL;
  }

  struct tcp_md5sig md5;
  memset(&md5, 0, sizeof md5);
  struct in_addr v4;
  struct in6_addr v6;
  if (inet_pton(AF_INET, address, &v4) == 1) {
    if (server.ss_family == AF_INET6) {
      /* The IPv4 peer as a dual-stack socket sees it: ::ffff:a.b.c.d */
      struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&md5.tcpm_addr;
      sin6->sin6_family = AF_INET6;
      sin6->sin6_addr.s6_addr[10] = 0xff;
      sin6->sin6_addr.s6_addr[11] = 0xff;
      memcpy(&sin6->sin6_addr.s6_addr[12], &v4, 4);
    } else {
      struct sockaddr_in *sin = (struct sockaddr_in *)&md5.tcpm_addr;
      sin->sin_family = AF_INET;
      sin->sin_addr = v4;
    }
  } else if (inet_pton(AF_INET6, address, &v6) == 1) {
    if (server.ss_family != AF_INET6) {
      throw_errno(env, "an IPv6 peer cannot reach an IPv4 listening socket", EAFNOSUPPORT);
      return NULL;
    }
    struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&md5.tcpm_addr;
    sin6->sin6_family = AF_INET6;
    sin6->sin6_addr = v6;
  } else {
    napi_throw_type_error(env, NULL, "not an IPv4 or IPv6 address");
    return NULL;
  }
  md5.tcpm_keylen = (uint16_t)key_length;
  memcpy(md5.tcpm_key, key, key_length);
  if (setsockopt(fd, IPPROTO_TCP, TCP_MD5SIG, &md5, sizeof md5) != 0) {
    throw_errno(env, "setsockopt(TCP_MD5SIG)", errno);
    return NULL;
  }
  return NULL;
}

NAPI_MODULE_INIT(/* napi_env env, napi_value exports */) {
  napi_value fn;
  napi_create_function(env, "setKey", NAPI_AUTO_LENGTH, set_key, NULL, &fn);
  napi_set_named_property(env, exports, "setKey", fn);
  return exports;
}
