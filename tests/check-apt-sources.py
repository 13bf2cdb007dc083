#!/usr/bin/env python3
"""build-aux/dev builds its Debian 13 root from the mirror the host's apt
already uses. It must find it in the configurations Debian 12 machines
come with, whatever else they list: each case below is an apt folder and
the mirrors build-aux/dev must take from it, in order."""
import functools
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading

srcdir = sys.argv[1]
dev = os.path.join(srcdir, "build-aux", "dev")

CASES = {
    "netinst, one-line": (
        {"sources.list": "deb http://mirror.example/debian/ bookworm main\n"
                         "deb-src http://mirror.example/debian/ bookworm main\n"
                         "deb http://security.example/debian-security bookworm-security main\n"},
        ["http://mirror.example/debian"],
    ),
    "deb822, with comments and security": (
        {"sources.list.d/debian.sources":
            "Types: deb\n# snapshot of 2025\nURIs: http://mirror.example/debian\n"
            "Suites: bookworm bookworm-updates\nComponents: main\n\n"
            "Types: deb\nURIs: http://mirror.example/debian-security\nSuites: bookworm-security\n"},
        ["http://mirror.example/debian"],
    ),
    "cloud image: mirror list file": (
        {"sources.list.d/debian.sources":
            "Types: deb deb-src\nURIs: mirror+file://{dir}/mirrors/debian.list\n"
            "Suites: bookworm bookworm-updates\n",
         "mirrors/debian.list": "# the region's mirror first\nhttps://cloud.example/debian\tpriority:1\n"
                                "https://far.example/debian\n"},
        ["https://cloud.example/debian"],
    ),
    "installation disc listed first": (
        {"sources.list": "deb cdrom:[Debian GNU/Linux 12 _Bookworm_]/ bookworm main\n"
                         "deb http://mirror.example/debian bookworm main\n"},
        ["http://mirror.example/debian"],
    ),
    "options in brackets, with spaces": (
        {"sources.list": "deb [ arch=amd64 signed-by=/usr/share/keyrings/k.gpg ] http://mirror.example/debian bookworm main\n"
                         "deb [arch=amd64] http://other.example/debian bookworm main\n"},
        ["http://mirror.example/debian", "http://other.example/debian"],
    ),
    "sources.list before sources.list.d, as apt reads them": (
        {"sources.list": "deb http://mirror.example/debian bookworm main\n",
         "sources.list.d/docker.sources": "Types: deb\nURIs: https://download.example/linux/debian\n"
                                          "Suites: bookworm\nComponents: stable\n"},
        ["http://mirror.example/debian", "https://download.example/linux/debian"],
    ),
    "disabled entries and field names in any case": (
        {"sources.list.d/a.sources": "Types: deb\nURIs: http://old.example/debian\nSuites: bookworm\nEnabled: no\n\n"
                                     "types: deb\nuris: http://mirror.example/debian\nsuites: bookworm\n",
         "sources.list.d/b.list": "# deb http://commented.example/debian bookworm main\n"},
        ["http://mirror.example/debian"],
    ),
    "nothing but a disc": (
        {"sources.list": "deb cdrom:[Debian]/ bookworm main\n"},
        [],
    ),
}

failures = 0
for name, (files, expected) in CASES.items():
    with tempfile.TemporaryDirectory() as folder:
        os.makedirs(os.path.join(folder, "sources.list.d"))
        for path, text in files.items():
            full = os.path.join(folder, path)
            os.makedirs(os.path.dirname(full), exist_ok=True)
            with open(full, "w", encoding="utf-8") as f:
                f.write(text.replace("{dir}", folder))
        result = subprocess.run(["bash", dev, "__mirror-candidates", folder],
                                capture_output=True, text=True, check=False)
        found = result.stdout.split()
        if result.returncode != 0 or found != expected:
            failures += 1
            print(f"FAIL {name}: expected {expected}, got {found} (exit {result.returncode})\n{result.stderr}")
        else:
            print(f"ok {name}")



def release(origin):
    """A Release file as large as a real one: bigger than a pipe holds."""
    lines = [f"Origin: {origin}", "Suite: trixie", "Codename: trixie", "SHA256:"]
    lines += [f" {i:064x} {i * 7:>9} main/binary-amd64/Packages{i}" for i in range(3000)]
    return "\n".join(lines) + "\n"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def check_probe():
    """Of the candidates, the first that serves Debian 13 is taken: not a
    third-party archive listed before it, whose address looks the same."""
    with tempfile.TemporaryDirectory() as folder:
        served = os.path.join(folder, "www")
        for path, origin in (("thirdparty/linux/debian", "Docker"), ("mirror/debian", "Debian")):
            dists = os.path.join(served, path, "dists", "trixie")
            os.makedirs(dists)
            with open(os.path.join(dists, "Release"), "w", encoding="utf-8") as f:
                f.write(release(origin))
        handler = functools.partial(QuietHandler, directory=served)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}"
        apt = os.path.join(folder, "apt")
        os.makedirs(os.path.join(apt, "sources.list.d"))
        with open(os.path.join(apt, "sources.list"), "w", encoding="utf-8") as f:
            f.write(f"deb {base}/thirdparty/linux/debian bookworm stable\n"
                    f"deb {base}/mirror/debian bookworm main\n")
        env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
        result = subprocess.run(["bash", dev, "__mirror", apt], capture_output=True, text=True,
                                check=False, env=env)
        server.shutdown()
        expected = f"{base}/mirror/debian"
        if result.returncode != 0 or result.stdout.strip() != expected:
            print(f"FAIL probe: expected {expected}, got {result.stdout.strip()!r} "
                  f"(exit {result.returncode})\n{result.stderr}")
            return 1
        print("ok probe: the source that serves Debian 13")
        return 0


# The probe asks with wget, as debootstrap, which needs it, does.
if shutil.which("wget"):
    failures += check_probe()
else:
    print("# probe not checked: no wget here")

sys.exit(1 if failures else 0)
