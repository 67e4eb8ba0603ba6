/*
 * socketOptions: the socket options pmacct sets that Node has no API for,
 * on a descriptor (N-API). On Linux a socket accepted from a listening
 * socket inherits the listener's options, which is why setting them on the
 * listening socket, as pmacct does, applies them to every session.
 *
 * IP type of service, for pmacct's *_ipprec keys (bgp_daemon_ipprec: the
 * BGP sessions' packets carry the configured IP precedence):
 *   setTos(fd, tos)  IP_TOS; on an IPv6 socket also IPV6_TCLASS, so that
 *                    IPv6 sessions are marked like IPv4(-mapped) ones.
 *   getTos(fd)       the socket's IP_TOS, for tests and checks.
 *
 * Kernel receive buffer, for bgp_daemon_pipe_size (Node sizes the buffers
 * of UDP sockets only):
 *   setReceiveBuffer(fd, bytes)  setsockopt(SO_RCVBUF); Linux caps the
 *                                request at net.core.rmem_max and keeps
 *                                twice the value (its bookkeeping).
 *   getReceiveBuffer(fd)         getsockopt(SO_RCVBUF): what the kernel
 *                                holds, doubled on Linux.
 *   The policy (raise only, halve a refused request) is the caller's:
 *   src/collect/socketReceiveBuffer.ts.
 *
 * A failure throws an Error with errno's text, e.errno holding its number.
 * Built by scripts/buildNative.ts into build/socketOptions.node.
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

/* The first `count` (at most 2) arguments as int32s; a TypeError with `usage` and 0 when they are not. */
static int int_arguments(napi_env env, napi_callback_info info, int32_t *values, size_t count, const char *usage) {
  size_t argc = 2;
  napi_value argv[2];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  for (size_t i = 0; i < count; i++) {
    if (i >= argc || napi_get_value_int32(env, argv[i], &values[i]) != napi_ok) {
      napi_throw_type_error(env, NULL, usage);
      return 0;
    }
  }
  return 1;
}

/* getsockopt() of an int option on the descriptor given as the first argument, as a number. */
static napi_value get_int_option(napi_env env, napi_callback_info info, int level, int name, const char *what, const char *usage) {
  int32_t fd = -1;
  if (!int_arguments(env, info, &fd, 1, usage)) return NULL;
  int value = 0;
  socklen_t length = sizeof value;
  if (getsockopt(fd, level, name, &value, &length) != 0) {
    throw_errno(env, what, errno);
    return NULL;
  }
  napi_value result;
  napi_create_int32(env, value, &result);
  return result;
}

static napi_value set_tos(napi_env env, napi_callback_info info) {
  int32_t args[2] = {-1, 0};
  if (!int_arguments(env, info, args, 2, "setTos(fd: number, tos: 0..255)")) return NULL;
  int fd = args[0], tos = args[1];
  if (tos < 0 || tos > 255) {
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
  return get_int_option(env, info, IPPROTO_IP, IP_TOS, "getsockopt(IP_TOS)", "getTos(fd: number)");
}

static napi_value set_receive_buffer(napi_env env, napi_callback_info info) {
  int32_t args[2] = {-1, 0};
  if (!int_arguments(env, info, args, 2, "setReceiveBuffer(fd: number, bytes: 1..2147483647)")) return NULL;
  int value = args[1];
  if (value < 1) {
    napi_throw_type_error(env, NULL, "setReceiveBuffer(fd: number, bytes: 1..2147483647)");
    return NULL;
  }
  if (setsockopt(args[0], SOL_SOCKET, SO_RCVBUF, &value, sizeof value) != 0) {
    throw_errno(env, "setsockopt(SO_RCVBUF)", errno);
    return NULL;
  }
  return NULL;
}

static napi_value get_receive_buffer(napi_env env, napi_callback_info info) {
  return get_int_option(env, info, SOL_SOCKET, SO_RCVBUF, "getsockopt(SO_RCVBUF)", "getReceiveBuffer(fd: number)");
}

static void export_function(napi_env env, napi_value exports, const char *name, napi_callback cb) {
  napi_value fn;
  napi_create_function(env, name, NAPI_AUTO_LENGTH, cb, NULL, &fn);
  napi_set_named_property(env, exports, name, fn);
}

NAPI_MODULE_INIT() {
  export_function(env, exports, "setTos", set_tos);
  export_function(env, exports, "getTos", get_tos);
  export_function(env, exports, "setReceiveBuffer", set_receive_buffer);
  export_function(env, exports, "getReceiveBuffer", get_receive_buffer);
  return exports;
}
