#!/usr/bin/env python3
"""An OCI image of the server, from no base image: its root filesystem is
the server binary, the site, the shared libraries the binary names (taken
from the Debian system that built it: glibc's loader, libc, libm,
libgcc_s), the CA bundle and a passwd entry for a non-root user. Written as
an OCI image layout in one tar (an `oci-archive`: `podman load -i`,
`skopeo copy oci-archive:...`), byte for byte the same for the same inputs.

    oci.py build <out.tar> <server> <site-dir>
    oci.py extract <image.tar> <dir>     (the root filesystem, and config.json)
"""

import gzip
import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile

UID = GID = 10001
# Settings the image starts with; `podman run -e` (or the unit's
# EnvironmentFile) overrides any of them, as the server's own settings.
ENV = [
    "PATH=/app",
    "LEPTOS_ENV=PROD",
    "LEPTOS_SITE_ADDR=0.0.0.0:3000",
    "LEPTOS_SITE_ROOT=/app/site",
    "LEPTOS_OUTPUT_NAME=phone-sign-in",
    "LOG_FORMAT=json",
    "SESSION_STORE=sqlite:///data/sessions.db",
    "APP_DATABASE=sqlite:///data/app.db",
    "SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt",
]


def libraries(binary):
    """The shared objects the dynamic loader maps for `binary`, and the loader."""
    out = subprocess.run(["ldd", binary], check=True, capture_output=True, text=True).stdout
    found = []
    for line in out.splitlines():
        parts = line.split()
        if "=>" in parts:
            path = parts[parts.index("=>") + 1]
            if path.startswith("/"):
                found.append(path)
        elif parts and parts[0].startswith("/"):
            found.append(parts[0])
    return sorted(set(found))


def add_file(tar, name, data, mode=0o644, uid=0, gid=0):
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.uid, info.gid, info.mtime = len(data), mode, uid, gid, 0
    tar.addfile(info, io.BytesIO(data))


def add_dir(tar, name, mode=0o755, uid=0, gid=0):
    info = tarfile.TarInfo(name)
    info.type, info.mode, info.uid, info.gid, info.mtime = tarfile.DIRTYPE, mode, uid, gid, 0
    tar.addfile(info)


def layer(server, site):
    files = {}  # path in the image -> (bytes, mode)
    with open(server, "rb") as f:
        files["app/server"] = (f.read(), 0o755)
    for root, _, names in os.walk(site):
        for n in names:
            full = os.path.join(root, n)
            with open(full, "rb") as f:
                files["app/site/" + os.path.relpath(full, site)] = (f.read(), 0o644)
    for lib in libraries(server):
        real = os.path.realpath(lib)
        with open(real, "rb") as f:
            files[lib.lstrip("/")] = (f.read(), 0o755)
    with open("/etc/ssl/certs/ca-certificates.crt", "rb") as f:
        files["etc/ssl/certs/ca-certificates.crt"] = (f.read(), 0o644)
    files["etc/passwd"] = (b"root:x:0:0::/nonexistent:/nonexistent\napp:x:%d:%d::/nonexistent:/nonexistent\n" % (UID, GID), 0o644)
    files["etc/group"] = (b"root:x:0:\napp:x:%d:\n" % GID, 0o644)
    # /etc/hosts before DNS, as any system has it.
    files["etc/nsswitch.conf"] = (b"hosts: files dns\n", 0o644)
    dirs = {"data", "tmp"}
    for path in files:
        parts = path.split("/")[:-1]
        for i in range(1, len(parts) + 1):
            dirs.add("/".join(parts[:i]))
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for d in sorted(dirs):
            if d == "data":
                # The one writable place: the server's data, a volume.
                add_dir(tar, d, 0o700, UID, GID)
            elif d == "tmp":
                add_dir(tar, d, 0o1777)
            else:
                add_dir(tar, d)
        for path in sorted(files):
            data, mode = files[path]
            add_file(tar, path, data, mode)
    return raw.getvalue()


def blob(out, data):
    digest = hashlib.sha256(data).hexdigest()
    add_file(out, f"blobs/sha256/{digest}", data)
    return "sha256:" + digest, len(data)


def build(target, server, site):
    tar_bytes = layer(server, site)
    gz = io.BytesIO()
    with gzip.GzipFile(fileobj=gz, mode="wb", mtime=0, compresslevel=9) as g:
        g.write(tar_bytes)
    config = {
        "architecture": "amd64",
        "os": "linux",
        "config": {
            "User": f"{UID}:{GID}",
            "Env": ENV,
            "Entrypoint": ["/app/server"],
            "WorkingDir": "/app",
            "ExposedPorts": {"3000/tcp": {}},
            "Volumes": {"/data": {}},
            "StopSignal": "SIGTERM",
            "Labels": {"org.opencontainers.image.title": "phone-sign-in"},
        },
        "rootfs": {"type": "layers", "diff_ids": ["sha256:" + hashlib.sha256(tar_bytes).hexdigest()]},
        "history": [{"created_by": "scripts/oci.py: the server, its site and the libraries it links"}],
    }
    with tarfile.open(target, "w", format=tarfile.PAX_FORMAT) as out:
        add_dir(out, "blobs")
        add_dir(out, "blobs/sha256")
        layer_digest, layer_size = blob(out, gz.getvalue())
        config_bytes = json.dumps(config, sort_keys=True).encode()
        config_digest, config_size = blob(out, config_bytes)
        manifest = {
            "schemaVersion": 2,
            "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": config_digest, "size": config_size},
            "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": layer_digest, "size": layer_size}],
        }
        manifest_bytes = json.dumps(manifest, sort_keys=True).encode()
        manifest_digest, manifest_size = blob(out, manifest_bytes)
        index = {
            "schemaVersion": 2,
            "mediaType": "application/vnd.oci.image.index.v1+json",
            "manifests": [
                {
                    "mediaType": "application/vnd.oci.image.manifest.v1+json",
                    "digest": manifest_digest,
                    "size": manifest_size,
                    "annotations": {"org.opencontainers.image.ref.name": "latest"},
                }
            ],
        }
        add_file(out, "index.json", json.dumps(index, sort_keys=True).encode())
        add_file(out, "oci-layout", b'{"imageLayoutVersion":"1.0.0"}')
    print(f"{target}: {os.path.getsize(target)} bytes, layer {layer_size} bytes compressed, {len(tar_bytes)} unpacked")


def extract(archive, dest):
    with tarfile.open(archive) as t:
        read = lambda name: t.extractfile(name).read()
        index = json.loads(read("index.json"))
        manifest = json.loads(read("blobs/sha256/" + index["manifests"][0]["digest"].split(":")[1]))
        config = read("blobs/sha256/" + manifest["config"]["digest"].split(":")[1])
        os.makedirs(dest, exist_ok=True)
        with open(os.path.join(dest, "config.json"), "wb") as f:
            f.write(config)
        for entry in manifest["layers"]:
            data = read("blobs/sha256/" + entry["digest"].split(":")[1])
            if hashlib.sha256(data).hexdigest() != entry["digest"].split(":")[1]:
                sys.exit("a layer does not match its digest")
            with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as layer_tar:
                layer_tar.extractall(os.path.join(dest, "rootfs"), filter="tar")


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "build":
        build(*sys.argv[2:])
    elif len(sys.argv) == 4 and sys.argv[1] == "extract":
        extract(*sys.argv[2:])
    else:
        sys.exit(__doc__)
