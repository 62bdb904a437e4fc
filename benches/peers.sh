#!/usr/bin/env bash
# feedcard against its peers, on generated sites, in one command:
#
#   benches/peers.sh                      # 1k and 10k posts, 60 cards per kind
#   benches/peers.sh --sizes "1000 10000 50000" --cards 100 --runs 5
#
# For every size N it generates the same site for both tools (content/posts/*.md,
# YAML front matter), then times with hyperfine (a plain loop when hyperfine is
# missing), outputs on tmpfs (/dev/shm unless FEEDCARD_BENCH_DIR says otherwise):
#   feeds   feedcard build --no-cards (cold: output and state folder removed)
#           vs Hugo with RSS outputs only (home, section, taxonomy, term)
#   re-run  feedcard with nothing changed, and after editing 1% of the posts
#   memory  feedcard's peak RSS, per post
# and for cards (one site with a JPEG photo per post, one without a hero):
#   feedcard's full build minus its --no-cards build, CPU ms per card (one core),
#   vs satori + resvg-js (benches/satori-cards.mjs, npm versions pinned in
#   benches/package-lock.json), and vs the decode+resize+encode floor
#   (`benches/pipeline.rs floor`, on every core like the build).
# A missing peer is skipped with one line. Figures are printed, never asserted.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${FEEDCARD_BENCH_DIR:-/dev/shm/feedcard-bench}
SIZES="1000 10000"
CARDS=60
RUNS=5
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) SIZES=$2; shift 2 ;;
    --cards) CARDS=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    *) echo "usage: $0 [--sizes \"1000 10000 50000\"] [--cards N] [--runs R]" >&2; exit 2 ;;
  esac
done
NOW=2030-01-01T00:00:00Z
RESULTS=$WORK/results
rm -rf "$WORK" && mkdir -p "$RESULTS"

cd "$ROOT"
artifact() { # artifact CARGO-ARGS... NAME: the executable cargo built for target NAME
  local name=${*: -1}
  cargo "${@:1:$#-1}" --message-format=json 2>/dev/null | python3 -c 'import json,sys
for l in sys.stdin:
  m=json.loads(l)
  if m.get("reason")=="compiler-artifact" and m["target"]["name"]==sys.argv[1] and m.get("executable"): print(m["executable"])' "$name"
}
# FEEDCARD_BIN / FEEDCARD_BENCH_HELPER skip the build (binaries built already).
if [ -z "${FEEDCARD_BIN:-}" ] || [ -z "${FEEDCARD_BENCH_HELPER:-}" ]; then
  echo "== building feedcard (release) and the bench helper"
  cargo build --release --quiet
  cargo bench --bench pipeline --no-run --quiet
fi
FEEDCARD=${FEEDCARD_BIN:-$(artifact build --release feedcard)}
HELPER=${FEEDCARD_BENCH_HELPER:-$(artifact bench --bench pipeline --no-run pipeline)}
echo "feedcard: $FEEDCARD ($("$FEEDCARD" --version 2>/dev/null || echo '?'))"

HAVE_HYPERFINE=$(command -v hyperfine >/dev/null && echo 1 || echo 0)
HAVE_HUGO=$(command -v hugo >/dev/null && echo 1 || echo 0)
HAVE_SATORI=0
if command -v node >/dev/null && [ -d "$ROOT/benches/node_modules/satori" ]; then HAVE_SATORI=1; fi
[ "$HAVE_HYPERFINE" = 1 ] || echo "-- hyperfine not installed: timing with a plain loop (median wall, mean CPU)"
[ "$HAVE_HUGO" = 1 ] || echo "-- hugo not installed: skipping the Hugo comparison (apt-get install hugo)"
[ "$HAVE_SATORI" = 1 ] || echo "-- satori not installed: skipping the satori+resvg-js comparison (cd benches && npm ci)"

# measure NAME PREPARE COMMAND: RESULTS/NAME.json = {median, user, system} in seconds.
measure() {
  local name=$1 prepare=$2 command=$3
  if [ "$HAVE_HYPERFINE" = 1 ]; then
    hyperfine --style basic --runs "$RUNS" --warmup 1 --prepare "$prepare" \
      --export-json "$RESULTS/$name.raw.json" -n "$name" "$command" >/dev/null
    python3 - "$RESULTS/$name.raw.json" "$RESULTS/$name.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
json.dump({"median": r["median"], "user": r["user"], "system": r["system"]}, open(sys.argv[2], "w"))
PY
  else
    python3 - "$RESULTS/$name.json" "$RUNS" "$prepare" "$command" <<'PY'
import json, resource, statistics, subprocess, sys, time
out, runs, prepare, command = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
walls, cpu = [], []
for i in range(runs + 1):
    subprocess.run(prepare, shell=True, check=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, shell=True, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if i == 0:
        continue  # warm-up
    walls.append(wall)
    cpu.append((after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime))
json.dump({"median": statistics.median(walls),
           "user": statistics.mean(c[0] for c in cpu),
           "system": statistics.mean(c[1] for c in cpu)}, open(out, "w"))
PY
  fi
  python3 - "$RESULTS/$name.json" "$name" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print(f"   {sys.argv[2]:<34} {r['median']*1e3:9.1f} ms wall  {(r['user']+r['system'])*1e3:9.1f} ms CPU")
PY
}

# peak_rss NAME COMMAND: RESULTS/NAME.rss = peak resident set in KB.
peak_rss() {
  python3 - "$RESULTS/$1.rss" "$2" <<'PY'
import resource, subprocess, sys
subprocess.run(sys.argv[2], shell=True, check=True, stdout=subprocess.DEVNULL)
open(sys.argv[1], "w").write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
PY
}

# Hugo's closest equivalent of feedcard's feeds: RSS of the home page, the
# posts section, the category list and every category, 50 items each. Posts
# stay in the lists but are never rendered themselves (disabling the `page`
# kind instead would leave every feed empty, and Hugo with nothing to do).
hugo_config() {
  cat <<'TOML'
baseURL = "https://bench.example/"
title = "Bench"
disableKinds = ["sitemap", "robotsTXT", "404"]
[taxonomies]
category = "categories"
[services.rss]
limit = 50
[outputs]
home = ["RSS"]
section = ["RSS"]
taxonomy = ["RSS"]
term = ["RSS"]
[[cascade]]
[cascade._build]
render = "never"
list = "always"
[cascade._target]
kind = "page"
TOML
}

fc_build() { echo "$FEEDCARD build --config $1/feedcard.toml --now $NOW --quiet ${2:-}"; }
cold() { echo "rm -rf $1/public $1/.feedcard"; }

for N in $SIZES; do
  SITE=$WORK/site-$N
  echo "== $N posts: generating $SITE"
  "$HELPER" generate "$SITE" "$N" none
  hugo_config >"$SITE/hugo.toml"
  measure "feeds-cold-$N" "$(cold "$SITE")" "$(fc_build "$SITE" --no-cards)"
  if [ "$HAVE_HUGO" = 1 ]; then
    measure "hugo-rss-$N" "rm -rf $WORK/hugo-out-$N $SITE/resources" \
      "hugo --source $SITE --destination $WORK/hugo-out-$N --quiet"
  fi
  # Re-runs: the state left by the cold build above (warm-up run included).
  measure "feeds-rerun-$N" "true" "$(fc_build "$SITE" --no-cards)"
  measure "feeds-touch1pct-$N" "python3 $ROOT/benches/touch_posts.py $SITE/content/posts 0.01" \
    "$(fc_build "$SITE" --no-cards)"
  peak_rss "feeds-rss-$N" "$(cold "$SITE") && $(fc_build "$SITE" --no-cards)"
done

for KIND in photo none; do
  SITE=$WORK/cards-$KIND
  echo "== cards, $CARDS posts, background: $KIND"
  "$HELPER" generate "$SITE" "$CARDS" "$KIND"
  measure "cards-full-$KIND" "$(cold "$SITE")" "$(fc_build "$SITE")"
  measure "cards-nocards-$KIND" "$(cold "$SITE")" "$(fc_build "$SITE" --no-cards)"
  if [ "$KIND" = photo ]; then
    measure "cards-floor-$KIND" "true" "$HELPER floor $SITE"
  fi
  if [ "$HAVE_SATORI" = 1 ]; then
    node "$ROOT/benches/satori-cards.mjs" "$SITE/cards.json" "$WORK/satori-$KIND" >"$RESULTS/satori-$KIND.json"
  fi
done

echo
echo "== results (machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs))"
python3 - "$RESULTS" "$SIZES" "$CARDS" "$(nproc)" <<'PY'
import json, os, sys
res, sizes, cards, cores = sys.argv[1], sys.argv[2].split(), int(sys.argv[3]), int(sys.argv[4])
def load(name):
    path = os.path.join(res, name + ".json")
    return json.load(open(path)) if os.path.exists(path) else None
cpu = lambda r: r["user"] + r["system"]
for n in sizes:
    cold, hugo = load(f"feeds-cold-{n}"), load(f"hugo-rss-{n}")
    rerun, touch = load(f"feeds-rerun-{n}"), load(f"feeds-touch1pct-{n}")
    rss = int(open(os.path.join(res, f"feeds-rss-{n}.rss")).read())
    line = f"{n:>6} posts: feeds {cold['median']*1e3:7.1f} ms"
    if hugo:
        line += (f", Hugo RSS-only {hugo['median']*1e3:7.1f} ms → feedcard {hugo['median']/cold['median']:5.1f}× faster"
                 f" (CPU: {cpu(hugo)/cpu(cold):.1f}×)")
    print(line)
    print(f"{'':>14}no-change re-run {rerun['median']/cold['median']:.3f}× cold (CPU {cpu(rerun)/cpu(cold):.3f}×), "
          f"1% edited {touch['median']/cold['median']:.3f}× cold (CPU {cpu(touch)/cpu(cold):.3f}×); peak RSS {rss/1024:.0f} MB = {rss*1024/int(n)/1024:.1f} KB/post")
for kind in ("photo", "none"):
    full, nocards = load(f"cards-full-{kind}"), load(f"cards-nocards-{kind}")
    if not full:
        continue
    per_card = (cpu(full) - cpu(nocards)) * 1e3 / cards
    label = "photo" if kind == "photo" else "synthetic"
    line = f"cards ({label}): feedcard {per_card:6.1f} ms CPU/card"
    sat = os.path.join(res, f"satori-{kind}.json")
    if os.path.exists(sat) and os.path.getsize(sat):
        s = json.load(open(sat))
        line += f", satori+resvg-js {s['cpu_ms_per_card']:6.1f} → feedcard {s['cpu_ms_per_card']/per_card:4.1f}× faster per core"
    print(line)
    floor = load(f"cards-floor-{kind}")
    if floor:
        cards_wall = full["median"] - nocards["median"]
        print(f"{'':>14}full card build {cards_wall*1e3:.0f} ms wall (build minus --no-cards) vs floor "
              f"{floor['median']*1e3:.0f} ms → {cards_wall/floor['median']:.2f}× the floor "
              f"(CPU: {(cpu(full)-cpu(nocards))/cpu(floor):.2f}×)")
PY
