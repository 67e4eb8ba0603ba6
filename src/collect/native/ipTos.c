/*
 * ipTos: the IP type-of-service byte of a socket, for pmacct's *_ipprec
 * keys (bgp_daemon_ipprec: the BGP sessions' packets carry the configured
 * IP precedence). Node has no API for IP_TOS on TCP sockets, so this N-API
 * addon sets it on a descriptor. On Linux a socket accepted from a
 * listening socket inherits the listener's TOS, which is why setting it on
 * the listening socket (as pmacct does) marks every session.
 *
 *   setTos(fd, tos)  IP_TOS; on an IPv6 socket also IPV6_TCLASS, so that
 *                    IPv6 sessions are marked like IPv4(-mapped) ones.
 *   getTos(fd)       the socket's IP_TOS (IPV6_TCLASS for a socket with
 *                    an IPv6 peer or address), for tests and checks.
 *   A failure throws an Error with errno's text, e.errno holding its number.
 *
 * Built by scripts/buildNative.ts into build/ipTos.node.
 */
#include <node_api.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/ip.h>
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

static int socket_family(int fd) {
  struct sockaddr_storage local;
  socklen_t length = sizeof local;
  if (getsockname(fd, (struct sockaddr *)&local, &length) != 0) return -1;
  return local.ss_family;
}

static napi_value set_tos(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  int32_t fd = -1, tos = 0;
  if (argc < 2 || napi_get_value_int32(env, argv[0], &fd) != napi_ok || napi_get_value_int32(env, argv[1], &tos) != napi_ok || tos < 0 || tos > 255) {
    napi_throw_type_error(env, NULL, "setTos(fd: number, tos: 0..255)");
    return NULL;
  }
  int family = socket_family(fd);
  if (family < 0) {
    throw_errno(env, "getsockname", errno);
    return NULL;
  }
  if (setsockopt(fd, IPPROTO_IP, IP_TOS, &tos, sizeof tos) != 0) {
    throw_errno(env, "setsockopt(IP_TOS)", errno);
    return NULL;
  }
  if (family == AF_INET6 && setsockopt(fd, IPPROTO_IPV6, IPV6_TCLASS, &tos, sizeof tos) != 0) {
    throw_errno(env, "setsockopt(IPV6_TCLASS)", errno);
    return NULL;
  }
  return NULL;
}

static napi_value get_tos(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  int32_t fd = -1;
  if (argc < 1 || napi_get_value_int32(env, argv[0], &fd) != napi_ok) {
    napi_throw_type_error(env, NULL, "getTos(fd: number)");
    return NULL;
  }
  int tos = 0;
  socklen_t length = sizeof tos;
  if (getsockopt(fd, IPPROTO_IP, IP_TOS, &tos, &length) != 0) {
    throw_errno(env, "getsockopt(IP_TOS)", errno);
    return NULL;
  }
  napi_value result;
  napi_create_int32(env, tos, &result);
  return result;
}

NAPI_MODULE_INIT() {
  napi_value fn;
  napi_create_function(env, "setTos", NAPI_AUTO_LENGTH, set_tos, NULL, &fn);
  napi_set_named_property(env, exports, "setTos", fn);
  napi_create_function(env, "getTos", NAPI_AUTO_LENGTH, get_tos, NULL, &fn);
  napi_set_named_property(env, exports, "getTos", fn);
  return exports;
}
