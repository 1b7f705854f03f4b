/* Loads a .node file with musl's own dynamic linker (RTLD_NOW: every symbol must resolve) and
 * finds its N-API entry point. Built by prebuild-linux.sh with stub napi_* functions standing in
 * for Node's, so that musl's loader checks everything else the addon needs from the libc. */
#include <dlfcn.h>
#include <stdio.h>

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s addon.node\n", argv[0]);
    return 2;
  }
  void *handle = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
  if (handle == NULL) {
    fprintf(stderr, "dlopen: %s\n", dlerror());
    return 1;
  }
  if (dlsym(handle, "napi_register_module_v1") == NULL) {
    fprintf(stderr, "no napi_register_module_v1 in %s\n", argv[1]);
    return 1;
  }
  printf("loaded with musl: %s\n", argv[1]);
  return 0;
}
