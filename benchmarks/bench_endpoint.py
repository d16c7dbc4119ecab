"""Endpoint load test: 8 concurrent clients on loopback send the example queries to `xbrl-mapper serve`.

Builds a store of real mapping output (the seed and bench pages mapped, repeated under
distinct document IRIs) plus the us-gaap taxonomy slice they use, or takes --store DIR.
Starts the endpoint as a separate process on 127.0.0.1, then runs a bounded number of
requests and prints requests/s, p50/p99 latency overall and per query, and the error count.

    python benchmarks/bench_endpoint.py [--clients 8] [--requests 400] [--docs 200] [--workers 2]
"""
from __future__ import annotations

import argparse
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

QUERIES = sorted((REPO / "examples" / "queries").glob("*.rq"))


def build_store(path: Path, docs: int, pages: int, cache: Path | None) -> int:
    from bench_store import copies, map_pages, taxonomy_slice

    from mapper.store.store import open_store

    mappings = map_pages(pages, cache)
    data = []
    for d, n in copies(mappings, 10**12):
        data.append((d, n))
        if len(data) >= docs:
            break
    tax = taxonomy_slice(mappings, cache, full=False)
    with open_store(path) as st:
        for d, _ in data:
            st.load_bytes(d, "nq", source="bench")
        st.replace_graph_ntriples(tax.graph, tax.ntriples())
    return sum(n for _, n in data) + len(tax.lines)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--requests", type=int, default=400, help="total requests (bounded)")
    ap.add_argument("--docs", type=int, default=200, help="documents in the generated store")
    ap.add_argument("--pages", type=int, default=20)
    ap.add_argument("--workers", type=int, default=2, help="query worker processes of the endpoint")
    ap.add_argument("--store", type=Path, help="use this store instead of generating one")
    ap.add_argument("--cache", type=Path, default=None)
    args = ap.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench_endpoint."))
    server = None
    try:
        store = args.store
        if store is None:
            store = work / "store"
            n = build_store(store, args.docs, args.pages, args.cache)
            print(f"store: {args.docs} documents + taxonomy slice, {n:,} triples")
        port = free_port()
        server = subprocess.Popen([sys.executable, "-m", "mapper", "serve", "--store", str(store),
                                   "--host", "127.0.0.1", "--port", str(port), "--workers", str(args.workers)],
                                  stderr=subprocess.PIPE, text=True)
        url = f"http://127.0.0.1:{port}/query"
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(url + "?query=ASK%7B%7D", timeout=5).read()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"endpoint did not start: {server.stderr.read()[:500]}")
                time.sleep(0.2)

        texts = [(q.name, q.read_text().encode()) for q in QUERIES]
        lat: dict[str, list[float]] = {name: [] for name, _ in texts}
        errors: list[str] = []
        counter = iter(range(args.requests))
        lock = threading.Lock()

        def client() -> None:
            while True:
                with lock:
                    i = next(counter, None)
                if i is None:
                    return
                name, body = texts[i % len(texts)]
                req = urllib.request.Request(url, data=body, method="POST", headers={
                    "Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"})
                t = time.perf_counter()
                try:
                    with urllib.request.urlopen(req, timeout=120) as resp:
                        resp.read()
                    dt = time.perf_counter() - t
                    with lock:
                        lat[name].append(dt)
                except (urllib.error.URLError, OSError) as err:
                    with lock:
                        errors.append(f"{name}: {err}")

        # warm-up: one of each (worker processes open the store, caches fill)
        for name, body in texts:
            urllib.request.urlopen(urllib.request.Request(url, data=body, method="POST", headers={
                "Content-Type": "application/sparql-query"}), timeout=120).read()
        threads = [threading.Thread(target=client) for _ in range(args.clients)]
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - t0
        all_lat = [x for xs in lat.values() for x in xs]
        print(f"\n{args.clients} clients, {args.requests} requests, {args.workers} query workers, loopback")
        print(f"throughput: {len(all_lat) / wall:.1f} requests/s   p50 {percentile(all_lat, 50) * 1000:.1f} ms   "
              f"p99 {percentile(all_lat, 99) * 1000:.1f} ms   errors {len(errors)}")
        print(f"\n{'query':28} {'n':>5} {'p50 ms':>9} {'p99 ms':>9} {'mean ms':>9}")
        for name, xs in lat.items():
            if xs:
                print(f"{name:28} {len(xs):>5} {percentile(xs, 50) * 1000:>9.1f} {percentile(xs, 99) * 1000:>9.1f} "
                      f"{statistics.mean(xs) * 1000:>9.1f}")
        for e in errors[:5]:
            print("error:", e)
        return 1 if errors else 0
    finally:
        if server is not None:
            server.terminate()
            server.wait(10)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
