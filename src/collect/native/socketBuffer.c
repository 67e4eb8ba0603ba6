/*
 * socketBuffer: the kernel receive buffer (SO_RCVBUF) of a socket, for
 * bgp_daemon_pipe_size. Node sizes the buffers of UDP sockets only, so
 * this N-API addon reads and sets it on any descriptor (the BGP listening
 * socket). On Linux a socket accepted from a listening socket inherits the
 * listener's buffer size, which is why setting it there, as pmacct does,
 * sizes every BGP session.
 *
 *   setReceiveBuffer(fd, bytes)  setsockopt(SO_RCVBUF); Linux caps the
 *                                request at net.core.rmem_max and keeps
 *                                twice the value (its bookkeeping).
 *   getReceiveBuffer(fd)         getsockopt(SO_RCVBUF): what the kernel
 *                                holds, doubled on Linux.
 *   A failure throws an Error with errno's text, e.errno holding its number.
 *
 * The policy (raise only, halve a refused request) is the caller's:
 * src/collect/socketReceiveBuffer.ts. Built by scripts/buildNative.ts
 * into build/socketBuffer.node.
 */
#include <node_api.h>
#include <errno.h>
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

static napi_value set_receive_buffer(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  int32_t fd = -1, bytes = 0;
  if (argc < 2 || napi_get_value_int32(env, argv[0], &fd) != napi_ok || napi_get_value_int32(env, argv[1], &bytes) != napi_ok || bytes < 1) {
    napi_throw_type_error(env, NULL, "setReceiveBuffer(fd: number, bytes: 1..2147483647)");
    return NULL;
  }
  int value = bytes;
  if (setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &value, sizeof value) != 0) {
    throw_errno(env, "setsockopt(SO_RCVBUF)", errno);
    return NULL;
  }
  return NULL;
}

static napi_value get_receive_buffer(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  int32_t fd = -1;
  if (argc < 1 || napi_get_value_int32(env, argv[0], &fd) != napi_ok) {
    napi_throw_type_error(env, NULL, "getReceiveBuffer(fd: number)");
    return NULL;
  }
  int value = 0;
  socklen_t length = sizeof value;
  if (getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &value, &length) != 0) {
    throw_errno(env, "getsockopt(SO_RCVBUF)", errno);
    return NULL;
  }
  napi_value result;
  napi_create_int32(env, value, &result);
  return result;
}

NAPI_MODULE_INIT() {
  napi_value fn;
  napi_create_function(env, "setReceiveBuffer", NAPI_AUTO_LENGTH, set_receive_buffer, NULL, &fn);
  napi_set_named_property(env, exports, "setReceiveBuffer", fn);
  napi_create_function(env, "getReceiveBuffer", NAPI_AUTO_LENGTH, get_receive_buffer, NULL, &fn);
  napi_set_named_property(env, exports, "getReceiveBuffer", fn);
  return exports;
}
