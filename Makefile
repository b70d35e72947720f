# The two commands a newcomer needs. Everything else is CMake (see CMakePresets.json).
JOBS ?= $(shell nproc)

.PHONY: demo test deps build-release build-debug bench bench-journal clean bench-serve bench-sim

# How long `make demo` sends traffic, in seconds.
DEMO_SECONDS ?= 60

# The service on 127.0.0.1:8443 with simulated banks sending it traffic over
# mutual TLS for DEMO_SECONDS (fresh PKI and journal in build/demo), then the
# journal is verified and replayed independently (docs/service.md, "The demo").
demo: deps build-release
	./build/release/corridor demo --config examples/service.toml --dir build/demo --seconds $(DEMO_SECONDS)
	./build/release/corridor journal verify build/demo/journal
	./build/release/corridor journal replay build/demo/journal

test: deps build-debug
	cd build/debug && ctest --output-on-failure -j $(JOBS)

deps:
	@scripts/install-deps.sh

build-release:
	cmake --preset release >/dev/null
	cmake --build --preset release -j $(JOBS) --target corridor corridor_bench

build-debug:
	cmake --preset debug >/dev/null
	cmake --build --preset debug -j $(JOBS)

bench: deps build-release bench-journal bench-serve bench-sim
	./build/release/corridor_bench

# The journal engine with real fdatasync: run on a disk, not tmpfs (--dir; default here: the
# repository's filesystem). About a minute; docs/performance.md, "Journal".
bench-journal: deps
	cmake --preset release >/dev/null
	cmake --build --preset release -j $(JOBS) --target corridor_journal_bench
	./build/release/corridor_journal_bench --dir .

# The service over HTTPS, journal on the build directory's filesystem (real fdatasync):
# single-transaction pacs.008 from 64 client connections, then 100-transaction ones
# from 32. About 20 s; docs/performance.md, "Service".
bench-serve: deps
	cmake --preset release >/dev/null
	cmake --build --preset release -j $(JOBS) --target corridor_serve_bench
	./build/release/corridor_serve_bench --clients 64 --seconds 5 --dir build
	./build/release/corridor_serve_bench --clients 32 --seconds 5 --transactions 100 --dir build

# The simulator: a day of 1,000,000 payments among 100 banks, then the sweep of
# 10 liquidity levels x 4 policies over it. About 20 s; docs/performance.md, "Simulator".
bench-sim: deps
	cmake --preset release >/dev/null
	cmake --build --preset release -j $(JOBS) --target corridor_sim_bench
	./build/release/corridor_sim_bench

clean:
	rm -rf build
