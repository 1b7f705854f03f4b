{
  "targets": [
    {
      "target_name": "memkit",
      "sources": ["src-native/binding.cc", "src-native/posix.cc", "src-native/sampler.cc", "src-native/binding_psutil_ext.cc", "src-native/exit_status.cc"],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NAPI_DISABLE_CPP_EXCEPTIONS", "NODE_ADDON_API_DISABLE_DEPRECATED",
                  "NODE_API_SWALLOW_UNTHROWABLE_EXCEPTIONS"],
      "cflags": ["-Wall", "-Wextra"],
      "cflags_cc": ["-std=c++17", "-fno-exceptions"],
      "xcode_settings": {
        "CLANG_CXX_LANGUAGE_STANDARD": "c++17",
        "GCC_ENABLE_CPP_EXCEPTIONS": "NO",
        "MACOSX_DEPLOYMENT_TARGET": "10.15",
        "WARNING_CFLAGS": ["-Wall", "-Wextra"]
      },
      "conditions": [
        ["OS=='linux'", {"sources": ["src-native/linux.cc", "src-native/maps_linux.cc"]}],
        ["OS=='freebsd'", {"sources": ["src-native/freebsd.cc", "src-native/maps_freebsd.cc"], "libraries": ["-lkvm", "-lutil"]}],
        ["OS=='mac'", {"sources": ["src-native/darwin.cc", "src-native/maps_darwin.cc"]}]
      ]
    }
  ]
}
