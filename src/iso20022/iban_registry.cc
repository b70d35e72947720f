#include "iso20022/iban_registry.h"

#include <array>
#include <cstdint>
#include <iterator>

namespace corridor::iso20022 {
namespace {

struct Entry {
  char country[3];
  int length;
};

// Sorted by country code (checked at compile time: no country twice).
constexpr Entry kLengths[] = {
    {"AD", 24}, {"AE", 23}, {"AL", 28}, {"AT", 20}, {"AZ", 28}, {"BA", 20}, {"BE", 16}, {"BG", 22},
    {"BH", 22}, {"BI", 27}, {"BR", 29}, {"BY", 28}, {"CH", 21}, {"CR", 22}, {"CY", 28}, {"CZ", 24},
    {"DE", 22}, {"DJ", 27}, {"DK", 18}, {"DO", 28}, {"EE", 20}, {"EG", 29}, {"ES", 24}, {"FI", 18},
    {"FK", 18}, {"FO", 18}, {"FR", 27}, {"GB", 22}, {"GE", 22}, {"GI", 23}, {"GL", 18}, {"GR", 27},
    {"GT", 28}, {"HN", 28}, {"HR", 21}, {"HU", 28}, {"IE", 22}, {"IL", 23}, {"IQ", 23}, {"IS", 26},
    {"IT", 27}, {"JO", 30}, {"KW", 30}, {"KZ", 20}, {"LB", 28}, {"LC", 32}, {"LI", 21}, {"LT", 20},
    {"LU", 20}, {"LV", 21}, {"LY", 25}, {"MC", 27}, {"MD", 24}, {"ME", 22}, {"MK", 19}, {"MN", 20},
    {"MR", 27}, {"MT", 31}, {"MU", 30}, {"NI", 28}, {"NL", 18}, {"NO", 15}, {"OM", 23}, {"PK", 24},
    {"PL", 28}, {"PS", 29}, {"PT", 25}, {"QA", 29}, {"RO", 24}, {"RS", 22}, {"RU", 33}, {"SA", 24},
    {"SC", 31}, {"SD", 18}, {"SE", 24}, {"SI", 19}, {"SK", 24}, {"SM", 27}, {"SO", 23}, {"ST", 25},
    {"SV", 28}, {"TL", 23}, {"TN", 24}, {"TR", 26}, {"UA", 29}, {"VA", 22}, {"VG", 24}, {"XK", 20},
};

constexpr bool sorted() {
  for (size_t i = 1; i < std::size(kLengths); ++i) {
    if (std::string_view(kLengths[i - 1].country) >= std::string_view(kLengths[i].country)) {
      return false;
    }
  }
  return true;
}
static_assert(sorted(), "kLengths must be sorted by country, each country once");

// The lengths indexed by the two capital letters (0: no registered length):
// every incoming IBAN is looked up, and a binary search over strings cost a
// few comparisons (library calls) each time.
constexpr size_t kLetters = 26;
constexpr std::array<uint8_t, kLetters* kLetters> kByCountry = [] {
  std::array<uint8_t, kLetters * kLetters> lengths{};
  for (const Entry& e : kLengths) {
    lengths[static_cast<size_t>(e.country[0] - 'A') * kLetters +
            static_cast<size_t>(e.country[1] - 'A')] = static_cast<uint8_t>(e.length);
  }
  return lengths;
}();

}  // namespace

std::optional<int> iban_length_of(std::string_view country) {
  if (country.size() != 2 || country[0] < 'A' || country[0] > 'Z' || country[1] < 'A' ||
      country[1] > 'Z') {
    return std::nullopt;
  }
  const uint8_t length = kByCountry[static_cast<size_t>(country[0] - 'A') * kLetters +
                                    static_cast<size_t>(country[1] - 'A')];
  if (length == 0) return std::nullopt;
  return length;
}

}  // namespace corridor::iso20022
