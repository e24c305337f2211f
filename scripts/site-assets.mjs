// Gives the site's CSS, JavaScript and wasm content-hashed names (so that the
// server can let browsers cache them for a year), compresses each ahead of
// time (brotli at its highest quality, gzip at its highest level: the server
// sends these files as they are, spending no CPU per request), and writes
// the manifest the server reads (`assets.txt` in the site's root).
//
//   node scripts/site-assets.mjs <site dir> <package dir> <name>
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, renameSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const [site, pkgDir, name] = process.argv.slice(2);
if (!site || !pkgDir || !name) {
  console.error("usage: node scripts/site-assets.mjs <site dir> <package dir> <name>");
  process.exit(2);
}
const pkg = join(site, pkgDir);
const lines = [];
for (const ext of ["css", "js", "wasm"]) {
  const plain = join(pkg, `${name}.${ext}`);
  if (!existsSync(plain)) {
    console.error(`missing ${plain}: build the site first`);
    process.exit(1);
  }
  const bytes = readFileSync(plain);
  const hash = createHash("sha256").update(bytes).digest("hex").slice(0, 16);
  const file = `${name}.${hash}.${ext}`;
  // Files of earlier builds, hashed or compressed, go: nothing names them.
  const ours = new RegExp(`^${name}\\.([0-9a-f]{16}\\.)?${ext}(\\.br|\\.gz)?$`);
  for (const old of readdirSync(pkg)) {
    if (ours.test(old) && old !== `${name}.${ext}`) rmSync(join(pkg, old));
  }
  renameSync(plain, join(pkg, file));
  const mode = ext === "wasm" ? constants.BROTLI_MODE_GENERIC : constants.BROTLI_MODE_TEXT;
  const br = brotliCompressSync(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_LGWIN]: constants.BROTLI_MAX_WINDOW_BITS,
      [constants.BROTLI_PARAM_MODE]: mode,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  });
  writeFileSync(join(pkg, `${file}.br`), br);
  writeFileSync(join(pkg, `${file}.gz`), gzipSync(bytes, { level: 9 }));
  lines.push(`${ext} ${file}`);
  console.error(`${file}: ${bytes.length} bytes, ${br.length} brotli`);
}
writeFileSync(join(site, "assets.txt"), lines.join("\n") + "\n");
