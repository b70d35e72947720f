// Helpers for journal tests: a temporary directory and a small EUR system
// (central bank and three banks) expressed as submissions.
#pragma once

#include <stdlib.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "core/bic.h"
#include "core/command.h"
#include "core/currency.h"
#include "core/uetr.h"
#include "journal/submission.h"

namespace corridor::journal::testing {

class TempDir {
 public:
  TempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "corridor-journal-XXXXXX").string();
    char* made = ::mkdtemp(pattern.data());
    if (made == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = made;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string sub(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

inline core::Bic bic(const char* text) {
  return *core::Bic::parse(text);
}
inline core::CurrencyCode eur() {
  return *core::CurrencyCode::parse("EUR");
}

inline const core::Bic kCentralBank = bic("CBEUDEFF");
inline const core::Bic kBankA = bic("BANKDEFF");
inline const core::Bic kBankB = bic("BANKFRPP");
inline const core::Bic kBankC = bic("BANKITMM");

inline core::InstructionId message_id(const std::string& text) {
  core::InstructionId id;
  id.assign(text);
  return id;
}

inline Submission operator_command(core::CommandBody body) {
  Submission s;
  s.command.body = std::move(body);
  return s;
}

// The central bank, three banks with EUR accounts, each funded with `funding_minor`.
inline std::vector<Submission> small_system(core::AmountMinor funding_minor) {
  std::vector<Submission> out;
  out.push_back(operator_command(core::DefineCurrency{eur(), 2}));
  core::AddParticipant cb;
  cb.bic = kCentralBank;
  cb.name = "Central bank";
  cb.kind = core::ParticipantKind::kCentralBank;
  cb.home_currency = eur();
  out.push_back(operator_command(cb));
  out.push_back(operator_command(core::OpenAccount{kCentralBank, eur()}));
  uint64_t n = 0;
  for (const core::Bic& b : {kBankA, kBankB, kBankC}) {
    core::AddParticipant p;
    p.bic = b;
    p.name = "Bank " + b.to_string();
    p.kind = core::ParticipantKind::kDirect;
    out.push_back(operator_command(p));
    out.push_back(operator_command(core::OpenAccount{b, eur()}));
    core::LiquidityTransfer t;
    t.uetr = core::Uetr::from_bits(7, ++n);
    t.from = kCentralBank;
    t.to = b;
    t.currency = eur();
    t.amount_minor = funding_minor;
    out.push_back(operator_command(t));
  }
  return out;
}

// Payment number n from `from` to `to`, sent by `from` under message id "MSG<n>".
inline Submission payment(uint64_t n, const core::Bic& from, const core::Bic& to,
                          core::AmountMinor amount_minor) {
  core::SubmitPayment p;
  p.uetr = core::Uetr::from_bits(1, n);
  p.instruction_id = message_id("INSTR" + std::to_string(n));
  p.debtor_agent = from;
  p.creditor_agent = to;
  p.currency = eur();
  p.amount_minor = amount_minor;
  Submission s;
  s.sender = from;
  s.message_id = message_id("MSG" + std::to_string(n));
  s.command.body = p;
  return s;
}

inline std::vector<uint8_t> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

inline void write_file(const std::string& path, const std::vector<uint8_t>& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
}

// Segment files of a journal directory, in sequence order.
inline std::vector<std::string> segment_paths(const std::string& dir) {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    if (name.starts_with("journal-") && name.ends_with(".seg")) out.push_back(e.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace corridor::journal::testing
