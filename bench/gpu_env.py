#!/usr/bin/env python3
"""Finds, on a GPU machine, what go-xla needs to run the CUDA PJRT plugin
that JAX ships (jax-cuda13-pjrt), and lays it out the way go-xla's own
installer does. Used by scripts/gpu-check.sh; standard library only.

  gpu_env.py discover --stage DIR [--site-packages SP]
      Finds the plugin (jax_plugins/xla_cuda13/xla_cuda_plugin.so, or an
      installed go-xla one), the NVIDIA pip libraries (SP/nvidia/*/lib) and a
      CUDA data dir (nvvm/libdevice/libdevice.10.bc, bin/ptxas). Builds
      DIR/nvidia/ as go-xla's installer lays out /usr/local/lib/go-xla/nvidia:
      pjrt_c_api_cuda_plugin.so (a link to the plugin), links to every
      SP/nvidia/* package, bin/ptxas and nvvm/. Prints shell lines
      (KEY='value') for eval: PLUGIN, PJRT_DIR, CUDA_DATA_DIR, PTXAS, LIBDEVICE,
      NVIDIA_LIB_PATH, SITE_PACKAGES; a missing item is ''. Notes go to stderr.

  gpu_env.py pjrt-version PLUGIN
      Prints the PJRT C API version the plugin was built with
      ("major.minor"), read from the PJRT_Api struct that GetPjrtApi returns
      (no plugin initialization); exits 1 when it cannot be read.

  gpu_env.py header-version HEADER
      Prints PJRT_API_MAJOR.PJRT_API_MINOR of a pjrt_c_api.h.
"""

import argparse
import ctypes
import glob
import importlib.util
import os
import re
import shlex
import sys
import sysconfig


def note(msg):
    print(f"gpu_env: {msg}", file=sys.stderr)


def find_plugin(sp):
    """The CUDA PJRT plugin: JAX's (found by its module, then by glob in the
    site-packages), else one installed for go-xla."""
    for mod in ("jax_plugins.xla_cuda13", "jax_plugins.xla_cuda12"):
        try:
            spec = importlib.util.find_spec(mod)
        except (ImportError, ValueError):
            spec = None
        if spec and spec.submodule_search_locations:
            for loc in spec.submodule_search_locations:
                p = os.path.join(loc, "xla_cuda_plugin.so")
                if os.path.isfile(p) and (not sp or os.path.realpath(p).startswith(os.path.realpath(sp))):
                    return p
    pats = []
    if sp:
        pats += [os.path.join(sp, "jax_plugins", "xla_cuda13", "xla_cuda_plugin.so"),
                 os.path.join(sp, "jax_plugins", "xla_cuda*", "xla_cuda_plugin.so")]
    pats += ["/opt/torch/.venv/lib/python3*/site-packages/jax_plugins/xla_cuda*/xla_cuda_plugin.so",
             os.path.expanduser("~/.local/lib/go-xla/nvidia/pjrt_c_api_cuda_plugin.so"),
             "/usr/local/lib/go-xla/nvidia/pjrt_c_api_cuda_plugin.so",
             "/usr/local/lib/go-xla/pjrt_c_api_cuda_plugin.so"]
    for pat in pats:
        hits = sorted(glob.glob(pat))
        if hits:
            return hits[0]
    return ""


def find_cuda_data_dir(nvidia):
    """A folder with nvvm/libdevice/libdevice.10.bc, preferring one that also
    has bin/ptxas: the pip CUDA 13 layout first, then system CUDA roots."""
    cands = [os.path.join(nvidia, "cu13"), os.path.join(nvidia, "cuda_nvcc")]
    cands += sorted(glob.glob(os.path.join(nvidia, "*")))
    cands += ["/usr/local/cuda"] + sorted(glob.glob("/usr/local/cuda-*"), reverse=True)
    with_lib = [c for c in dict.fromkeys(cands)
                if os.path.isfile(os.path.join(c, "nvvm", "libdevice", "libdevice.10.bc"))]
    for c in with_lib:
        if os.access(os.path.join(c, "bin", "ptxas"), os.X_OK):
            return c
    return with_lib[0] if with_lib else ""


def find_ptxas(nvidia, data_dir):
    for p in [os.path.join(data_dir, "bin", "ptxas") if data_dir else "",
              os.path.join(nvidia, "cu13", "bin", "ptxas"), os.path.join(nvidia, "cuda_nvcc", "bin", "ptxas"),
              "/usr/local/cuda/bin/ptxas"] + sorted(glob.glob("/usr/local/cuda-*/bin/ptxas"), reverse=True):
        if p and os.access(p, os.X_OK):
            return p
    return ""


def link(src, dst):
    """Symlinks dst -> src unless dst exists."""
    if src and not os.path.lexists(dst):
        os.symlink(src, dst)


def discover(args):
    sp = args.site_packages or sysconfig.get_paths()["purelib"]
    nvidia = os.path.join(sp, "nvidia")
    plugin = find_plugin(sp)
    if not plugin:
        note(f"no CUDA PJRT plugin found (looked for jax_plugins/xla_cuda13 under {sp} and go-xla installs)")
    data_dir = find_cuda_data_dir(nvidia)
    ptxas = find_ptxas(nvidia, data_dir)
    libdevice = os.path.join(data_dir, "nvvm", "libdevice", "libdevice.10.bc") if data_dir else ""
    libdirs = sorted(d for d in glob.glob(os.path.join(nvidia, "*", "lib")) if os.path.isdir(d))
    if not libdirs:
        note(f"no NVIDIA pip libraries under {nvidia}")

    # The go-xla layout: STAGE/nvidia/pjrt_c_api_cuda_plugin.so next to the
    # nvidia packages, so that the plugin's $ORIGIN-relative search path,
    # go-xla's ../nvidia check and its name lookup ("xla:cuda" through
    # PJRT_PLUGIN_LIBRARY_PATH) all work; STAGE/../nvidia covers an
    # $ORIGIN/../../nvidia search path as well.
    stage = os.path.abspath(args.stage)
    pjrt_dir = os.path.join(stage, "nvidia")
    os.makedirs(pjrt_dir, exist_ok=True)
    if plugin:
        link(plugin, os.path.join(pjrt_dir, "pjrt_c_api_cuda_plugin.so"))
    for d in sorted(glob.glob(os.path.join(nvidia, "*"))):
        if os.path.isdir(d) and not os.path.basename(d).startswith("__"):
            link(d, os.path.join(pjrt_dir, os.path.basename(d)))
    if ptxas and not os.path.lexists(os.path.join(pjrt_dir, "bin")):
        os.makedirs(os.path.join(pjrt_dir, "bin"))
        link(ptxas, os.path.join(pjrt_dir, "bin", "ptxas"))
    if data_dir:
        link(os.path.join(data_dir, "nvvm"), os.path.join(pjrt_dir, "nvvm"))
    link(pjrt_dir, os.path.join(os.path.dirname(stage), "nvidia"))

    out = {"PLUGIN": plugin, "PJRT_DIR": pjrt_dir if plugin else "", "CUDA_DATA_DIR": data_dir,
           "PTXAS": ptxas, "LIBDEVICE": libdevice, "NVIDIA_LIB_PATH": ":".join(libdirs), "SITE_PACKAGES": sp}
    for k, v in out.items():
        print(f"{k}={shlex.quote(v)}")


class _Version(ctypes.Structure):
    _fields_ = [("struct_size", ctypes.c_size_t), ("extension_start", ctypes.c_void_p),
                ("major_version", ctypes.c_int), ("minor_version", ctypes.c_int)]


class _ApiHead(ctypes.Structure):
    """The first fields of PJRT_Api (pjrt_c_api.h)."""
    _fields_ = [("struct_size", ctypes.c_size_t), ("extension_start", ctypes.c_void_p),
                ("pjrt_api_version", _Version)]


def pjrt_version(args):
    try:
        lib = ctypes.CDLL(args.plugin, mode=os.RTLD_LAZY | os.RTLD_LOCAL)
        get = lib.GetPjrtApi
    except (OSError, AttributeError) as e:
        sys.exit(f"gpu_env: cannot load GetPjrtApi from {args.plugin}: {e}")
    get.restype = ctypes.POINTER(_ApiHead)
    api = get()
    if not api:
        sys.exit(f"gpu_env: {args.plugin}: GetPjrtApi returned NULL")
    v = api.contents.pjrt_api_version
    print(f"{v.major_version}.{v.minor_version}")


def header_version(args):
    try:
        text = open(args.header, encoding="utf-8").read()
    except OSError as e:
        sys.exit(f"gpu_env: {e}")
    major = re.search(r"#define\s+PJRT_API_MAJOR\s+(\d+)", text)
    minor = re.search(r"#define\s+PJRT_API_MINOR\s+(\d+)", text)
    if not (major and minor):
        sys.exit(f"gpu_env: no PJRT_API_MAJOR/MINOR in {args.header}")
    print(f"{major.group(1)}.{minor.group(1)}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("discover")
    d.add_argument("--stage", required=True, help="folder to lay the go-xla layout out in")
    d.add_argument("--site-packages", default="", help="site-packages to search (default: this python's)")
    d.set_defaults(fn=discover)
    v = sub.add_parser("pjrt-version")
    v.add_argument("plugin")
    v.set_defaults(fn=pjrt_version)
    h = sub.add_parser("header-version")
    h.add_argument("header")
    h.set_defaults(fn=header_version)
    args = ap.parse_args()
    args.fn(args)


if __name__ == "__main__":
    main()
