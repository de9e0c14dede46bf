# A thin wrapper around CMake: the two commands of the README, and a few more.
# All building is CMake's; this file only names the steps.

JOBS    ?= $(shell nproc)
BUILD   ?= build
ASAN    ?= build-asan
TSAN    ?= build-tsan
FUZZDIR ?= build-fuzz
DEBDIR  ?= build-deb
# -Werror in CI (CI=true), warnings only on a developer's machine.
WERROR  ?= $(if $(CI),ON,OFF)
FUZZ_SECONDS ?= 20

.PHONY: all demo test fuzz bench deb clean deps deps-test build

all: build

deps:
	@sh scripts/install-deps.sh build

deps-test:
	@sh scripts/install-deps.sh test

build: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release -DKP_WERROR=$(WERROR)
	cmake --build $(BUILD) -j $(JOBS)

demo: build
	$(BUILD)/kepatuhan --out out samples/*.csv
	$(BUILD)/kepatuhan --quiet templat-input out/templat-masukan.xlsx
	@echo
	@echo "Dokumen ada di: $(CURDIR)/out/ (contoh: out/2023/piagam/kota-banjarbaru.pdf)"
	@echo "Templat masukan untuk petugas: $(CURDIR)/out/templat-masukan.xlsx"

test: deps-test
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release -DKP_WERROR=$(WERROR)
	cmake --build $(BUILD) -j $(JOBS)
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)
	cmake -S . -B $(FUZZDIR) -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_COMPILER=clang -DKP_FUZZ=ON \
	  -DKP_WERROR=$(WERROR) -DKP_FUZZ_SECONDS=$(FUZZ_SECONDS)
	cmake --build $(FUZZDIR) -j $(JOBS)
	ctest --test-dir $(FUZZDIR) --output-on-failure -j $(JOBS) -L fuzz
	cmake -S . -B $(ASAN) -DCMAKE_BUILD_TYPE=Debug -DKP_SANITIZE=ON -DKP_WERROR=$(WERROR)
	cmake --build $(ASAN) -j $(JOBS)
	ctest --test-dir $(ASAN) --output-on-failure -j $(JOBS)
	cmake -S . -B $(TSAN) -DCMAKE_BUILD_TYPE=Debug -DKP_TSAN=ON -DKP_WERROR=$(WERROR)
	cmake --build $(TSAN) -j $(JOBS)
	ctest --test-dir $(TSAN) --output-on-failure -j $(JOBS)

fuzz: deps-test
	cmake -S . -B $(FUZZDIR) -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_COMPILER=clang -DKP_FUZZ=ON \
	  -DKP_FUZZ_SECONDS=$(FUZZ_SECONDS)
	cmake --build $(FUZZDIR) -j $(JOBS)
	ctest --test-dir $(FUZZDIR) --output-on-failure -L fuzz

bench: build
	@sh scripts/install-deps.sh bench
	bench/run

# Its own build folder configured for /usr, so the prefix compiled into the program is the
# one the package installs to (the program also finds its files beside itself).
deb: deps
	cmake -S . -B $(DEBDIR) -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr \
	  -DKP_TESTS=OFF -DKP_WERROR=$(WERROR)
	cmake --build $(DEBDIR) -j $(JOBS)
	cd $(DEBDIR) && cpack -G DEB
	@ls $(DEBDIR)/*.deb

clean:
	rm -rf $(BUILD) $(ASAN) $(TSAN) $(FUZZDIR) $(DEBDIR)
