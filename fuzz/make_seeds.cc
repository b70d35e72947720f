// Writes seed corpora for the journal fuzz targets: an encoded submission of
// every command type, batch records, and machine images of a small state.
// Usage: make_seeds DIR  (creates DIR/<target>/seed-N)
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/command.h"
#include "journal/machine.h"
#include "journal/record_format.h"
#include "journal/submission.h"

namespace {

using namespace corridor;

void write(const std::filesystem::path& dir, int n, const std::vector<uint8_t>& bytes) {
  std::filesystem::create_directories(dir);
  std::ofstream out(dir / ("seed-" + std::to_string(n)), std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
}

core::Bic bic(const char* text) {
  return *core::Bic::parse(text);
}

std::vector<journal::Submission> day() {
  const auto eur = *core::CurrencyCode::parse("EUR");
  std::vector<core::CommandBody> bodies;
  bodies.push_back(core::Configure{20261127, 5, 8, 64, 64, 1024});
  bodies.push_back(core::DefineCurrency{eur, 2});
  core::AddParticipant cb{bic("CBEUDEFF"), "CB", core::ParticipantKind::kCentralBank, {}, eur};
  bodies.push_back(cb);
  bodies.push_back(core::OpenAccount{bic("CBEUDEFF"), eur});
  for (const char* b : {"BANKDEFF", "BANKFRPP"}) {
    bodies.push_back(core::AddParticipant{bic(b), b, core::ParticipantKind::kDirect, {}, {}});
    bodies.push_back(core::OpenAccount{bic(b), eur});
  }
  bodies.push_back(core::LiquidityTransfer{core::Uetr::from_bits(9, 1), bic("CBEUDEFF"),
                                           bic("BANKDEFF"), eur, 500});
  bodies.push_back(core::SetCreditLine{bic("BANKFRPP"), eur, 100});
  bodies.push_back(core::SetBilateralLimit{bic("BANKDEFF"), bic("BANKFRPP"), eur, 300, false});
  for (uint64_t n = 1; n <= 4; ++n) {
    core::SubmitPayment p;
    p.uetr = core::Uetr::from_bits(1, n);
    p.instruction_id.assign("I" + std::to_string(n));
    p.debtor_agent = bic(n % 2 ? "BANKDEFF" : "BANKFRPP");
    p.creditor_agent = bic(n % 2 ? "BANKFRPP" : "BANKDEFF");
    p.currency = eur;
    p.amount_minor = static_cast<int64_t>(n * 200);
    p.priority = static_cast<core::Priority>(n % 3);
    bodies.push_back(p);
  }
  // Requesters: the owner, another bank (NOOR) and, for the cancel below, the operator.
  bodies.push_back(
      core::ChangePriority{core::Uetr::from_bits(1, 3), core::Priority::kUrgent, bic("BANKDEFF")});
  bodies.push_back(
      core::MoveInQueue{core::Uetr::from_bits(1, 4), core::QueuePosition::kTop, bic("BANKDEFF")});
  bodies.push_back(core::ModifyPayment{core::Uetr::from_bits(1, 2), 0, 5'000'000, true,
                                       core::Priority::kNormal, bic("BANKFRPP")});
  bodies.push_back(core::RunGridlockResolution{core::GridlockAlgorithm::kPartial});
  bodies.push_back(core::SuspendParticipant{bic("BANKFRPP")});
  bodies.push_back(core::ReactivateParticipant{bic("BANKFRPP")});
  bodies.push_back(core::AdvanceTime{});
  bodies.push_back(core::CancelPayment{core::Uetr::from_bits(1, 4)});
  bodies.push_back(core::EndOfDay{20261130});
  std::vector<journal::Submission> out;
  int64_t t = 1'000;
  for (auto& body : bodies) {
    journal::Submission s;
    s.sender = bic("BANKDEFF");
    s.message_id.assign("M" + std::to_string(out.size()));
    s.command = core::Command{t += 1'000, std::move(body)};
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  const std::filesystem::path root = argv[1];
  const std::vector<journal::Submission> submissions = day();
  int n = 0;
  journal::Machine machine;
  journal::BatchBuilder builder;
  for (size_t i = 0; i < submissions.size(); ++i) {
    std::vector<uint8_t> bytes;
    journal::encode_submission(submissions[i], &bytes);
    write(root / "command_codec_fuzz", n, bytes);
    machine.apply(i + 1, submissions[i], journal::submission_content_digest(bytes));
    if (i % 6 == 0) {
      std::vector<uint8_t> image;
      machine.save_state(&image);
      write(root / "state_image_fuzz", n, image);
    }
    ++n;
  }
  for (size_t per_batch : {size_t{1}, size_t{4}, submissions.size()}) {
    builder.start(1, 1'000, journal::Hash256{});
    for (size_t i = 0; i < per_batch; ++i) builder.add(submissions[i]);
    builder.finish();
    const auto bytes = builder.bytes();
    write(root / "journal_batch_fuzz", static_cast<int>(per_batch),
          std::vector<uint8_t>(bytes.begin(), bytes.end()));
  }
  return 0;
}
