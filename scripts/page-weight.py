#!/usr/bin/env python3
"""Bytes on the wire for the first load of a page: its HTML and every file it
loads (stylesheet, script, wasm), uncompressed, gzip and brotli, as the
server sends them. With --budget, fails when a page's brotli total is over
its budget: sizes, not times, so the check is deterministic.

  page-weight.py BASE_URL [--budget PATH=BYTES ...] [PATH ...]

A code page (/login/verify, /signup/confirm) is reached the way a person
reaches it: its form is posted first, in the same cookie jar.
"""
import argparse
import http.cookiejar
import re
import sys
import urllib.parse
import urllib.request

# What reaches each page that needs a flow in progress.
STEPS = {
    "/login/verify": ("/api/start_sign_in", {"country": "US", "phone": "4155550388"}),
    "/signup/confirm": ("/api/sign_up", {"country": "US", "phone": "4155550389", "name": ""}),
}


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def opener():
    jar = http.cookiejar.CookieJar()
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)


def fetch(o, url, encoding, data=None):
    headers = {"Accept-Encoding": encoding, "Accept": "text/html"}
    if data is not None:
        headers["Sec-Fetch-Site"] = "same-origin"
        data = urllib.parse.urlencode(data).encode()
    req = urllib.request.Request(url, data=data, headers=headers)
    try:
        with o.open(req) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def assets(html):
    found = re.findall(r'<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"', html)
    found += re.findall(r'<link[^>]*href="([^"]+)"[^>]*rel="stylesheet"', html)
    found += re.findall(r'<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"', html)
    found += re.findall(r'<link[^>]*href="([^"]+\.wasm)"', html)
    found += re.findall(r'<script[^>]*src="([^"]+)"', html)
    return list(dict.fromkeys(found))


def weigh(base, path):
    """[(item, raw, gzip, brotli)] for the page's first load."""
    rows = []
    o = opener()
    if path in STEPS:
        api, form = STEPS[path]
        status, _ = fetch(o, base + api, "identity", form)
        if status not in (200, 302, 303):
            sys.exit(f"{api} answered {status}: cannot reach {path}")
    sizes = {}
    for enc in ("identity", "gzip", "br"):
        status, body = fetch(o, base + path, enc)
        if status != 200:
            sys.exit(f"{path} answered {status}")
        sizes[enc] = len(body)
        if enc == "identity":
            html = body.decode()
    rows.append((path, sizes["identity"], sizes["gzip"], sizes["br"]))
    for a in assets(html):
        sizes = {enc: len(fetch(o, base + a, enc)[1]) for enc in ("identity", "gzip", "br")}
        rows.append((a, sizes["identity"], sizes["gzip"], sizes["br"]))
    return rows


def main():
    p = argparse.ArgumentParser()
    p.add_argument("base")
    p.add_argument("paths", nargs="*")
    p.add_argument("--budget", action="append", default=[], help="PATH=BYTES of brotli for the whole first load")
    p.add_argument("--label", default="")
    args = p.parse_args()
    budgets = {k: int(v) for k, v in (b.split("=", 1) for b in args.budget)}
    over = []
    for path in list(dict.fromkeys(args.paths + list(budgets))):
        rows = weigh(args.base.rstrip("/"), path)
        print(f"  {(args.label + ' ' + path).strip():<44} {'raw':>9} {'gzip':>9} {'brotli':>9}")
        for item, raw, gz, br in rows:
            print(f"    {item[:42]:<42} {raw:>9} {gz:>9} {br:>9}")
        total = [sum(r[i] for r in rows) for i in (1, 2, 3)]
        line = f"    {'total':<42} {total[0]:>9} {total[1]:>9} {total[2]:>9}"
        if path in budgets:
            ok = total[2] <= budgets[path]
            line += f"   budget {budgets[path]} brotli: {'ok' if ok else 'OVER'}"
            if not ok:
                over.append(path)
        print(line)
    if over:
        sys.exit(f"page weight over budget: {', '.join(over)}")


if __name__ == "__main__":
    main()
