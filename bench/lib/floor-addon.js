// Floors for the hot calls, measured inside this Node process: an N-API function that does
// nothing (the JavaScript-to-C++ transition), and C loops of the bare system calls. In Node's
// process getrusage(RUSAGE_SELF) sums over Node's threads and statm reads Node's mm, so a loop
// in a one-thread C program is a lower floor than any Node binding can reach. Compiled here
// against the running Node's headers; null without a compiler or headers.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const source = `
#include <node_api.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

static napi_value Noop(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  size_t argc = 1;
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  return nullptr;
}

static double Now() {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e9 + t.tv_nsec;
}

static int statm_fd = -1;

// once(kind): one getrusage(RUSAGE_SELF) (kind 0) or one pread of a kept /proc/self/statm fd
// (1), and nothing else: what any binding pays per call, memkit's own work aside.
static napi_value Once(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  size_t argc = 1;
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  int kind = 0;
  napi_get_value_int32(env, argv[0], &kind);
  struct rusage ru;
  char buf[256];
  if (kind == 0) getrusage(RUSAGE_SELF, &ru); else (void)!pread(statm_fd, buf, sizeof buf, 0);
  return nullptr;
}

// loop(kind, n): n getrusage(RUSAGE_SELF) (kind 0) or n pread of one /proc/self/statm fd (1),
// in a tight C loop in this process; returns ns per call.
static napi_value Loop(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  size_t argc = 2;
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  int kind = 0;
  int64_t n = 0;
  napi_get_value_int32(env, argv[0], &kind);
  napi_get_value_int64(env, argv[1], &n);
  struct rusage ru;
  char buf[256];
  int fd = kind == 1 ? open("/proc/self/statm", O_RDONLY) : -1;
  double start = Now();
  for (int64_t i = 0; i < n; i++) {
    if (kind == 0) getrusage(RUSAGE_SELF, &ru); else if (pread(fd, buf, sizeof buf, 0) <= 0) break;
  }
  double ns = (Now() - start) / (n > 0 ? n : 1);
  if (fd >= 0) close(fd);
  napi_value result;
  napi_create_double(env, ns, &result);
  return result;
}

NAPI_MODULE_INIT() {
  statm_fd = open("/proc/self/statm", O_RDONLY);
  napi_value fn;
  napi_create_function(env, "once", NAPI_AUTO_LENGTH, Once, nullptr, &fn);
  napi_set_named_property(env, exports, "once", fn);
  napi_create_function(env, "noop", NAPI_AUTO_LENGTH, Noop, nullptr, &fn);
  napi_set_named_property(env, exports, "noop", fn);
  napi_create_function(env, "loop", NAPI_AUTO_LENGTH, Loop, nullptr, &fn);
  napi_set_named_property(env, exports, "loop", fn);
  return exports;
}
`;

function loadFloorAddon() {
  const include = path.join(path.dirname(process.execPath), '..', 'include', 'node');
  if (!fs.existsSync(path.join(include, 'node_api.h'))) return null;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'memkit-floor-'));
  fs.writeFileSync(path.join(dir, 'floor.cc'), source);
  const out = path.join(dir, 'floor.node');
  const built = spawnSync(process.env.CXX || 'c++', ['-O2', '-shared', '-fPIC', '-DNAPI_VERSION=8', '-I', include, '-o', out, path.join(dir, 'floor.cc')]);
  if (built.status !== 0) return null;
  const { noop, once, loop } = require(out);
  const linux = process.platform === 'linux';
  return {
    noop,
    getrusageOnce: () => once(0),
    getrusageLoop: (n) => loop(0, n),
    statmOnce: linux ? () => once(1) : null,
    statmLoop: linux ? (n) => loop(1, n) : null,
  };
}

module.exports = { loadFloorAddon };
