# The native training kernel. -O3 with a portable x86-64-v2 baseline (SSE4.2, no AVX): never
# -march=native, so a build is safe to ship to other machines. Reassociation (not -ffast-math: NaN
# and infinity must still propagate, training checks for them) lets GCC vectorise the sums.
{
  "targets": [
    {
      "target_name": "reeltaste_train",
      "sources": ["src/kernel.cc"],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NODE_ADDON_API_DISABLE_DEPRECATED"],
      "cflags!": ["-fno-exceptions", "-O2", "-O3"],
      "cflags_cc!": ["-fno-exceptions", "-fno-rtti", "-O2"],
      "cflags_cc": ["-O3", "-std=c++17", "-fexceptions", "-pthread", "-fno-math-errno", "-fno-trapping-math", "-fno-signed-zeros", "-fassociative-math", "-Wno-psabi"],
      "ldflags": ["-pthread"],
      "conditions": [
        ["target_arch=='x64' and OS!='win'", { "cflags_cc": ["-march=x86-64-v2"] }],
        ["OS=='mac'", {
          "xcode_settings": {
            "GCC_ENABLE_CPP_EXCEPTIONS": "YES",
            "CLANG_CXX_LANGUAGE_STANDARD": "c++17",
            "OTHER_CPLUSPLUSFLAGS": ["-O3"],
            "MACOSX_DEPLOYMENT_TARGET": "11.0"
          }
        }],
        ["OS=='win'", {
          "msvs_settings": { "VCCLCompilerTool": { "ExceptionHandling": 1, "Optimization": 2 } }
        }]
      ]
    }
  ]
}
