/*
 * bpfCompile: libpcap's filter compiler (N-API, so one build serves every
 * Node version), for aggregate_filter and the maps' filter= key. pmacct
 * compiles these with pcap_compile on an Ethernet (DLT_EN10MB) handle and
 * runs them on a packet it builds from each flow; tsacct does the same, and
 * runs the program in a JavaScript classic-BPF interpreter
 * (src/filter/bpfProgram.ts).
 *
 *   compile(expression, optimize) -> Int32Array of 4 words per instruction:
 *     code, jt, jf, k (k as a signed 32-bit word: read it with >>> 0)
 *   version() -> pcap_lib_version()
 *
 * A rejected expression throws libpcap's message. Built by
 * scripts/buildNative.ts, linked with -lpcap.
 */
#include <node_api.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static napi_value compile(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  size_t length = 0;
  bool optimize = true;
  if (argc < 1 || napi_get_value_string_utf8(env, argv[0], NULL, 0, &length) != napi_ok) {
    napi_throw_type_error(env, NULL, "compile(expression: string, optimize?: boolean)");
    return NULL;
  }
  if (argc >= 2) napi_get_value_bool(env, argv[1], &optimize);
  char *expression = malloc(length + 1);
  if (expression == NULL) {
    napi_throw_error(env, NULL, "out of memory");
    return NULL;
  }
  napi_get_value_string_utf8(env, argv[0], expression, length + 1, &length);

  pcap_t *handle = pcap_open_dead(DLT_EN10MB, 65535);
  if (handle == NULL) {
    free(expression);
    napi_throw_error(env, NULL, "pcap_open_dead failed");
    return NULL;
  }
  struct bpf_program program;
  if (pcap_compile(handle, &program, expression, optimize ? 1 : 0, PCAP_NETMASK_UNKNOWN) != 0) {
    char message[PCAP_ERRBUF_SIZE + 16];
    snprintf(message, sizeof message, "%s", pcap_geterr(handle));
    pcap_close(handle);
    free(expression);
    napi_throw_error(env, NULL, message);
    return NULL;
  }
  free(expression);

  napi_value buffer, words;
  void *data = NULL;
  size_t count = program.bf_len;
  if (napi_create_arraybuffer(env, count * 16, &data, &buffer) != napi_ok ||
      napi_create_typedarray(env, napi_int32_array, count * 4, buffer, 0, &words) != napi_ok) {
    pcap_freecode(&program);
    pcap_close(handle);
    napi_throw_error(env, NULL, "could not allocate the program");
    return NULL;
  }
  int32_t *out = data;
  for (size_t i = 0; i < count; i++) {
    out[i * 4] = program.bf_insns[i].code;
    out[i * 4 + 1] = program.bf_insns[i].jt;
    out[i * 4 + 2] = program.bf_insns[i].jf;
    out[i * 4 + 3] = (int32_t)program.bf_insns[i].k;
  }
  pcap_freecode(&program);
  pcap_close(handle);
  return words;
}

static napi_value version(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value text;
  napi_create_string_utf8(env, pcap_lib_version(), NAPI_AUTO_LENGTH, &text);
  return text;
}

NAPI_MODULE_INIT(/* napi_env env, napi_value exports */) {
  napi_property_descriptor methods[] = {
      {"compile", NULL, compile, NULL, NULL, NULL, napi_default, NULL},
      {"version", NULL, version, NULL, NULL, NULL, napi_default, NULL},
  };
  napi_define_properties(env, exports, sizeof methods / sizeof methods[0], methods);
  return exports;
}
