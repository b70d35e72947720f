#include "receipt/receipt_json.h"

#include <nlohmann/json.hpp>
#include <set>

#include "receipt/hex.h"

namespace corridor::receipt {
namespace {

constexpr std::string_view kSignatureField = "signature_ed25519";

}  // namespace

std::string to_json(const SignedReceipt& signed_receipt) {
  nlohmann::ordered_json json = nlohmann::ordered_json::object();
  for (auto& [name, value] : canonical_fields(signed_receipt.receipt)) {
    json[std::string(name)] = std::move(value);
  }
  json[std::string(kSignatureField)] = to_hex(signed_receipt.signature_ed25519);
  return json.dump(2) + "\n";
}

OrError<SignedReceipt> parse_json(std::string_view text) {
  if (text.size() > kJsonBytesMax) {
    return {{},
            "receipt JSON of " + std::to_string(text.size()) + " bytes exceeds the limit of " +
                std::to_string(kJsonBytesMax)};
  }
  // nlohmann keeps the last of repeated keys silently; two readers could then
  // see different receipts in one file, so repeats are refused.
  std::set<std::string> seen;
  std::string repeated;
  const auto watch_keys = [&](int depth, nlohmann::json::parse_event_t event,
                              nlohmann::json& parsed) {
    if (event == nlohmann::json::parse_event_t::key && depth == 1 &&
        !seen.insert(parsed.get<std::string>()).second && repeated.empty()) {
      repeated = parsed.get<std::string>();
    }
    return true;
  };
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(text.begin(), text.end(), watch_keys);
  } catch (const nlohmann::json::parse_error& error) {
    return {{}, std::string("receipt is not valid JSON: ") + error.what()};
  }
  if (!json.is_object()) return {{}, "receipt JSON must be an object"};
  if (!repeated.empty()) return {{}, "member " + repeated + " appears more than once"};

  std::map<std::string, std::string> fields;
  for (const auto& [name, value] : json.items()) {
    if (!value.is_string()) return {{}, "field " + name + " must be a JSON string"};
    fields.emplace(name, value.get<std::string>());
  }
  const auto signature_member = fields.find(std::string(kSignatureField));
  if (signature_member == fields.end()) {
    return {{}, "missing field " + std::string(kSignatureField)};
  }
  const auto signature = from_hex(signature_member->second, Ed25519Signature{}.size());
  if (!signature) {
    return {{},
            "field signature_ed25519: not 128 lower-case hex digits (an Ed25519 "
            "signature is 64 bytes; this has " +
                std::to_string(signature_member->second.size()) + " characters)"};
  }
  fields.erase(signature_member);

  OrError<Receipt> receipt = receipt_from_fields(fields);
  if (!receipt.ok()) return {{}, receipt.error};
  SignedReceipt out{*receipt.value, {}};
  std::copy(signature->begin(), signature->end(), out.signature_ed25519.begin());
  return {out, ""};
}

}  // namespace corridor::receipt
