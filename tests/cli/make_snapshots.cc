// Test helper: adds snapshot files to an existing journal, as the engine
// would have written them, so that the journal tools' snapshot checks can be
// tested on journals written by `corridor sim --journal` (which writes none).
//
//   make_snapshots DIR EVERY_N_BATCHES [--wrong-chain-head]
//
// Replays DIR (archive/ included) from sequence 1 into a fresh machine and
// writes a snapshot after every EVERY_N_BATCHES-th batch. --wrong-chain-head
// records the previous batch's hash instead of the right one (a well-formed
// snapshot, checksum and all, that does not belong to this journal).
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "core/state.h"
#include "journal/journal_reader.h"
#include "journal/machine.h"
#include "journal/recovery.h"
#include "journal/snapshot_store.h"

int main(int argc, char** argv) {
  using namespace corridor::journal;
  if (argc < 3 || argc > 4 || (argc == 4 && std::strcmp(argv[3], "--wrong-chain-head") != 0)) {
    std::fprintf(stderr, "usage: make_snapshots DIR EVERY_N_BATCHES [--wrong-chain-head]\n");
    return 1;
  }
  const std::string dir = argv[1];
  const unsigned long every_batches = std::strtoul(argv[2], nullptr, 10);
  const bool wrong_chain_head = argc == 4;
  if (every_batches == 0) {
    std::fprintf(stderr, "make_snapshots: EVERY_N_BATCHES must be at least 1\n");
    return 1;
  }

  Machine machine{corridor::core::Config()};
  std::string error;
  uint64_t batches = 0;
  Hash256 previous_head{};
  ScanOptions options;
  options.include_archive = true;
  const ScanResult scan = scan_journal(dir, options, [&](const BatchAt& at) {
    if (!apply_batch(machine, at.batch, &error)) return false;
    if (++batches % every_batches == 0) {
      SnapshotMeta meta;
      meta.seq = machine.last_seq();
      meta.chain_head = wrong_chain_head ? previous_head : at.batch.batch_hash;
      meta.state_hash = machine.state_hash();
      std::vector<uint8_t> image;
      machine.save_state(&image);
      meta.image_bytes = image.size();
      std::printf("%s\n", write_snapshot(dir, meta, image).c_str());
    }
    previous_head = at.batch.batch_hash;
    return true;
  });
  if (!error.empty() || scan.fault) {
    std::fprintf(stderr, "make_snapshots: %s\n",
                 error.empty() ? scan.fault->to_string().c_str() : error.c_str());
    return 1;
  }
  return 0;
}
