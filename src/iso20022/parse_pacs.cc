// pacs.008.001.08 (customer credit transfer), pacs.009.001.08 (FI credit
// transfer, cover variant included) and pacs.004.001.09/.10 (payment return).
#include <array>
#include <charconv>
#include <limits>
#include <string>

#include "iso20022/fx_reference.h"
#include "iso20022/parse_internal.h"
#include "iso20022/tag.h"
#include "iso20022/validate.h"

namespace corridor::iso20022::internal {
namespace {

constexpr int kSumScaleDigits = 5;  // amounts carry at most 5 decimals (schema)

struct Family {
  std::string_view root;         // FIToFICstmrCdtTrf, FICdtTrf, PmtRtr
  std::string_view transaction;  // CdtTrfTxInf or TxInf
};

Family family_of(MessageType type) {
  switch (type) {
    case MessageType::kPacs008v08:
      return {"FIToFICstmrCdtTrf", "CdtTrfTxInf"};
    case MessageType::kPacs009v08:
      return {"FICdtTrf", "CdtTrfTxInf"};
    default:
      return {"PmtRtr", "TxInf"};
  }
}

// A decimal (CtrlSum) scaled to 10^5 exactly, or nullopt when it has more
// decimals or digits than any sum of amounts can have.
std::optional<__int128> scaled_decimal(std::string_view text) {
  const size_t point = text.find('.');
  std::string_view integer = text.substr(0, point);
  std::string_view fraction = point == std::string_view::npos ? "" : text.substr(point + 1);
  while (!fraction.empty() && fraction.back() == '0') fraction.remove_suffix(1);
  while (!integer.empty() && integer.front() == '0') integer.remove_prefix(1);
  if ((integer.empty() && fraction.empty() && text.empty()) || fraction.size() > kSumScaleDigits ||
      integer.size() > 18) {
    return std::nullopt;
  }
  __int128 value = 0;
  for (char c : integer) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  for (int i = 0; i < kSumScaleDigits; ++i) {
    const char c = i < static_cast<int>(fraction.size()) ? fraction[i] : '0';
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

__int128 scaled_amount(core::AmountMinor amount_minor, core::CurrencyCode currency) {
  __int128 value = amount_minor;
  const int minor_units = core::iso4217_minor_units(currency.view()).value_or(0);
  for (int i = minor_units; i < kSumScaleDigits; ++i) value *= 10;
  return value;
}

// Calls visit(child, tag) for every child element of `node`. Inside elements
// only text and CDATA have no name (parse_default keeps no comments or
// processing instructions), so a name's first byte tells elements apart
// without a call into pugixml.
template <class Visit>
void for_each_child(const pugi::xml_node& node, Visit&& visit) {
  for (pugi::xml_node c = node.first_child(); exists(c); c = c.next_sibling()) {
    const char* const name = c.name();
    if (*name != '\0') visit(c, tag_of(local_of(name)));
  }
}

// The first occurrence of an element counts, as a name lookup would find it.
template <class Text>  // std::string or SmallText
void assign_once(Walk& w, const pugi::xml_node& node, int depth, Text* out, bool* seen) {
  leaf(node, depth, w);
  if (*seen) return;
  *seen = true;
  out->assign(text_view(node));
}

// SttlmTmReq: FrTm, TillTm, RjctTm. Without a settlement date the times are
// kept as offsets from midnight UTC of the business day the payment is
// processed on (times_on_business_day); mapping adds the day.
void parse_times(Walk& w, const pugi::xml_node& request, int depth, Transaction* out) {
  if (!w.within(depth)) return;
  core::TimestampNs till_ns = core::kNoTime, reject_ns = core::kNoTime;
  const bool dated = out->settlement_date != 0;
  out->times_on_business_day = !dated;
  for_each_child(request, [&](const pugi::xml_node& c, Tag tag) {
    leaf(c, depth + 1, w);
    core::TimestampNs* ns = nullptr;
    if (tag == Tag::kFrTm) {
      ns = &out->earliest_ns;
    } else if (tag == Tag::kTillTm) {
      ns = &till_ns;
    } else if (tag == Tag::kRjctTm) {
      ns = &reject_ns;
    } else {
      return;
    }
    if (*ns != core::kNoTime) return;  // the first of a repeated element counts
    Check check = dated ? parse_iso_time_on(text_view(c), out->settlement_date, ns)
                        : parse_iso_time_of_day(text_view(c), ns);
    if (!check.ok()) add_problem(w.message, c, check.code, std::move(check.text));
  });
  // The earlier of TillTm and RjctTm: after either the payment must not settle.
  if (till_ns != core::kNoTime && reject_ns != core::kNoTime) {
    out->latest_ns = std::min(till_ns, reject_ns);
  } else {
    out->latest_ns = till_ns != core::kNoTime ? till_ns : reject_ns;
  }
  if (out->earliest_ns != core::kNoTime && out->latest_ns != core::kNoTime &&
      out->latest_ns < out->earliest_ns) {
    add_problem(w.message, request, "DT01", "the latest settlement time is before the earliest");
  }
  if (out->earliest_ns == core::kNoTime && out->latest_ns == core::kNoTime) {
    out->times_on_business_day = false;
  }
}

// A Cd/Prtry choice (ClrSysId, SchmeNm, SvcLvl, LclInstrm, CtgyPurp).
void read_choice(Walk& w, const pugi::xml_node& node, int depth, std::string* code,
                 std::string* proprietary) {
  if (!w.within(depth)) return;
  bool code_seen = false, proprietary_seen = false;
  for_each_child(node, [&](const pugi::xml_node& c, Tag tag) {
    if (tag == Tag::kCd) {
      assign_once(w, c, depth + 1, code, &code_seen);
    } else if (tag == Tag::kPrtry) {
      assign_once(w, c, depth + 1, proprietary, &proprietary_seen);
    } else {
      scan_subtree(c, depth + 1, w);
    }
  });
}

// A text the schema restricts to a list of codes: FF01 naming them otherwise.
void check_code(Walk& w, const pugi::xml_node& node, std::string_view value,
                std::initializer_list<std::string_view> allowed, std::string_view element) {
  for (std::string_view code : allowed) {
    if (value == code) return;
  }
  std::string names;
  for (std::string_view code : allowed) names += (names.empty() ? "" : ", ") + std::string(code);
  add_problem(w.message, node, "FF01",
              std::string(element) + " \"" + std::string(value) + "\" is not one of " + names);
}

constexpr size_t kAddressLinesMax = 7;  // PostalAddress24 AdrLine maxOccurs

// PostalAddress24: every structured field and the address lines (AdrTp is
// only scanned). Ctry must be two capital letters (FF01).
void read_address(Walk& w, const pugi::xml_node& node, int depth, PostalAddress* out) {
  if (!w.within(depth)) return;
  bool seen[16] = {};
  for_each_child(node, [&](const pugi::xml_node& c, Tag tag) {
    std::string* field = nullptr;
    int slot = 0;
    switch (tag) {
      case Tag::kDept:
        field = &out->department, slot = 0;
        break;
      case Tag::kSubDept:
        field = &out->sub_department, slot = 1;
        break;
      case Tag::kStrtNm:
        field = &out->street_name, slot = 2;
        break;
      case Tag::kBldgNb:
        field = &out->building_number, slot = 3;
        break;
      case Tag::kBldgNm:
        field = &out->building_name, slot = 4;
        break;
      case Tag::kFlr:
        field = &out->floor, slot = 5;
        break;
      case Tag::kPstBx:
        field = &out->post_box, slot = 6;
        break;
      case Tag::kRoom:
        field = &out->room, slot = 7;
        break;
      case Tag::kPstCd:
        field = &out->post_code, slot = 8;
        break;
      case Tag::kTwnNm:
        field = &out->town_name, slot = 9;
        break;
      case Tag::kTwnLctnNm:
        field = &out->town_location_name, slot = 10;
        break;
      case Tag::kDstrctNm:
        field = &out->district_name, slot = 11;
        break;
      case Tag::kCtrySubDvsn:
        field = &out->country_sub_division, slot = 12;
        break;
      case Tag::kCtry:
        field = &out->country, slot = 13;
        break;
      case Tag::kAdrLine:
        leaf(c, depth + 1, w);
        if (out->lines.size() < kAddressLinesMax) out->lines.emplace_back(text_view(c));
        return;
      default:
        scan_subtree(c, depth + 1, w);
        return;
    }
    const bool first = !seen[slot];
    assign_once(w, c, depth + 1, field, &seen[slot]);
    if (first && tag == Tag::kCtry) {
      const std::string& country = out->country;
      if (country.size() != 2 || country[0] < 'A' || country[0] > 'Z' || country[1] < 'A' ||
          country[1] > 'Z') {
        add_problem(w.message, c, "FF01",
                    "Ctry \"" + country + "\" is not an ISO 3166 code (two capital letters)");
      }
    }
  });
}

// RmtInf: every Ustrd; Strd is only scanned.
void read_remittance(Walk& w, const pugi::xml_node& node, int depth,
                     std::vector<std::string>* unstructured) {
  if (!w.within(depth)) return;
  for_each_child(node, [&](const pugi::xml_node& c, Tag tag) {
    if (tag == Tag::kUstrd) {
      leaf(c, depth + 1, w);
      unstructured->emplace_back(text_view(c));
    } else {
      scan_subtree(c, depth + 1, w);
    }
  });
}

// InstrForNxtAgt: its InstrInf kept (the quote reference is one, mapping.cc);
// its Cd is not kept.
void read_next_agent_instruction(Walk& w, const pugi::xml_node& node, int depth, Transaction* out) {
  if (!w.within(depth)) return;
  for_each_child(node, [&](const pugi::xml_node& c, Tag tag) {
    if (tag == Tag::kInstrInf) {
      leaf(c, depth + 1, w);
      out->fx.get().next_agent_instructions.emplace_back(text_view(c));
    } else {
      scan_subtree(c, depth + 1, w);
    }
  });
}

// An amount kept as sent (InstdAmt): read and checked once.
void read_amount(Walk& w, const pugi::xml_node& node, int depth,
                 std::optional<core::AmountMinor>* amount, core::CurrencyCode* currency) {
  leaf(node, depth, w);
  core::AmountMinor amount_minor = 0;
  Check check =
      parse_amount(node.text().get(), node.attribute("Ccy").value(), &amount_minor, currency);
  if (!check.ok()) {
    add_problem(w.message, node, check.code, std::move(check.text));
    return;
  }
  *amount = amount_minor;
}

// ClrSysMmbId: ClrSysId (Cd or Prtry) and MmbId.
void read_member(Walk& w, const pugi::xml_node& node, int depth, Agent* agent) {
  if (!w.within(depth)) return;
  bool member_seen = false, system_seen = false;
  for_each_child(node, [&](const pugi::xml_node& c, Tag tag) {
    if (tag == Tag::kMmbId) {
      assign_once(w, c, depth + 1, &agent->member_id, &member_seen);
    } else if (tag == Tag::kClrSysId && !system_seen) {
      system_seen = true;
      AgentDetails& details = agent->details.get();
      read_choice(w, c, depth + 1, &details.clearing_system_code,
                  &details.clearing_system_proprietary);
    } else {
      scan_subtree(c, depth + 1, w);
    }
  });
}

// FinInstnId: BICFI (checked here, RC01), ClrSysMmbId; the rest is scanned.
void read_institution(Walk& w, const pugi::xml_node& institution, int depth, Agent* agent) {
  if (!w.within(depth)) return;
  bool bic_seen = false, member_seen = false, name_seen = false, address_seen = false;
  for_each_child(institution, [&](const pugi::xml_node& c, Tag tag) {
    switch (tag) {
      case Tag::kBICFI: {
        leaf(c, depth + 1, w);
        const std::string_view text = text_view(c);
        Check check = check_bic(text);
        if (!check.ok()) add_problem(w.message, c, check.code, std::move(check.text));
        if (!bic_seen) agent->bic.assign(text);
        bic_seen = true;
        break;
      }
      case Tag::kClrSysMmbId:
        if (member_seen) {
          scan_subtree(c, depth + 1, w);
          break;
        }
        member_seen = true;
        read_member(w, c, depth + 1, agent);
        break;
      case Tag::kNm:
        assign_once(w, c, depth + 1, &agent->details.get().name, &name_seen);
        break;
      case Tag::kPstlAdr:
        if (address_seen) {
          scan_subtree(c, depth + 1, w);
          break;
        }
        address_seen = true;
        read_address(w, c, depth + 1, &agent->details.get().address.get());
        break;
      default:
        scan_subtree(c, depth + 1, w);
        break;
    }
  });
}

// An agent (BranchAndFinancialInstitutionIdentification6): FinInstnId; the
// rest (BrnchId) is scanned. Read into *agent in place (no temporary).
void read_agent(Walk& w, const pugi::xml_node& node, int depth, Agent* agent) {
  agent->present = true;
  if (!w.within(depth)) return;
  bool institution_seen = false;
  for_each_child(node, [&](const pugi::xml_node& c, Tag tag) {
    if (!institution_seen && tag == Tag::kFinInstnId) {
      institution_seen = true;
      read_institution(w, c, depth + 1, agent);
    } else {
      scan_subtree(c, depth + 1, w);
    }
  });
}

// A pacs.008 party (PartyIdentification135): its name and postal address;
// the rest (Id, CtryOfRes, CtctDtls) is scanned.
void read_party(Walk& w, const pugi::xml_node& node, int depth, std::string* name,
                Boxed<PostalAddress>* address) {
  if (!w.within(depth)) return;
  bool name_seen = false, address_seen = false;
  for_each_child(node, [&](const pugi::xml_node& c, Tag tag) {
    if (tag == Tag::kNm) {
      assign_once(w, c, depth + 1, name, &name_seen);
    } else if (tag == Tag::kPstlAdr && !address_seen) {
      address_seen = true;
      read_address(w, c, depth + 1, &address->get());
    } else {
      scan_subtree(c, depth + 1, w);
    }
  });
}

// GenericAccountIdentification1: Id, SchmeNm (Cd or Prtry); Issr is scanned.
void read_other_account(Walk& w, const pugi::xml_node& node, int depth, OtherAccount* out) {
  if (!w.within(depth)) return;
  bool id_seen = false, scheme_seen = false;
  for_each_child(node, [&](const pugi::xml_node& c, Tag tag) {
    if (tag == Tag::kId) {
      assign_once(w, c, depth + 1, &out->id, &id_seen);
    } else if (tag == Tag::kSchmeNm && !scheme_seen) {
      scheme_seen = true;
      read_choice(w, c, depth + 1, &out->scheme_code, &out->scheme_proprietary);
    } else {
      scan_subtree(c, depth + 1, w);
    }
  });
}

// CashAccount38/Id: IBAN (checked here, AC01) or Othr; the rest is scanned.
void read_account_id(Walk& w, const pugi::xml_node& node, int depth, std::string* iban,
                     Boxed<OtherAccount>* other) {
  if (!w.within(depth)) return;
  bool iban_seen = false;
  for_each_child(node, [&](const pugi::xml_node& c, Tag tag) {
    if (tag == Tag::kOthr && !*other) {
      read_other_account(w, c, depth + 1, &other->get());
      return;
    }
    if (tag != Tag::kIBAN) {
      scan_subtree(c, depth + 1, w);
      return;
    }
    leaf(c, depth + 1, w);
    const std::string_view text = text_view(c);
    Check check = check_iban(text);
    if (!check.ok()) add_problem(w.message, c, check.code, std::move(check.text));
    if (!iban_seen) iban->assign(text);
    iban_seen = true;
  });
}

// CashAccount38: Id; the rest is scanned.
void read_account(Walk& w, const pugi::xml_node& node, int depth, std::string* iban,
                  Boxed<OtherAccount>* other) {
  if (!w.within(depth)) return;
  bool id_seen = false;
  for_each_child(node, [&](const pugi::xml_node& c, Tag tag) {
    if (id_seen || tag != Tag::kId) {
      scan_subtree(c, depth + 1, w);
      return;
    }
    id_seen = true;
    read_account_id(w, c, depth + 1, iban, other);
  });
}

// A UETR element: read once, FF01 when it is not a UUID v4.
void read_uetr(Walk& w, const pugi::xml_node& node, int depth, std::optional<core::Uetr>* out) {
  leaf(node, depth, w);
  const std::string_view text = text_view(node);
  std::optional<core::Uetr> uetr = core::Uetr::parse(text);
  if (!uetr) {
    add_problem(w.message, node, "FF01", "\"" + std::string(text) + "\" is not a UUID v4 UETR");
  } else if (!*out) {
    *out = uetr;
  }
}

// PmtId: InstrId, EndToEndId (mandatory), TxId, UETR.
void read_payment_id(Walk& w, const pugi::xml_node& node, int depth, Transaction* out) {
  if (!w.within(depth)) return;
  bool instruction_seen = false, end_to_end_seen = false, transaction_seen = false;
  for_each_child(node, [&](const pugi::xml_node& c, Tag tag) {
    switch (tag) {
      case Tag::kInstrId:
        assign_once(w, c, depth + 1, &out->instruction_id, &instruction_seen);
        break;
      case Tag::kEndToEndId:
        assign_once(w, c, depth + 1, &out->end_to_end_id, &end_to_end_seen);
        break;
      case Tag::kTxId:
        assign_once(w, c, depth + 1, &out->transaction_id, &transaction_seen);
        break;
      case Tag::kUETR:
        read_uetr(w, c, depth + 1, &out->uetr);
        break;
      default:
        scan_subtree(c, depth + 1, w);
        break;
    }
  });
  if (!end_to_end_seen) missing(w.message, node, "EndToEndId");
}

// PmtTpInf: InstrPrty, ClrChanl, the first SvcLvl, LclInstrm, CtgyPurp.
void read_payment_type(Walk& w, const pugi::xml_node& node, int depth, Transaction* out) {
  if (!w.within(depth)) return;
  bool priority_seen = false, channel_seen = false, service_seen = false, instrument_seen = false,
       purpose_seen = false;
  for_each_child(node, [&](const pugi::xml_node& c, Tag tag) {
    switch (tag) {
      case Tag::kInstrPrty:
        assign_once(w, c, depth + 1, &out->instruction_priority, &priority_seen);
        return;
      case Tag::kClrChanl: {
        PaymentTypeInfo& info = out->payment_type.get();
        const bool first = !channel_seen;
        assign_once(w, c, depth + 1, &info.clearing_channel, &channel_seen);
        if (first) {
          check_code(w, c, info.clearing_channel, {"RTGS", "RTNS", "MPNS", "BOOK"}, "ClrChanl");
        }
        return;
      }
      case Tag::kSvcLvl:
        if (service_seen) break;  // the first of several service levels is kept
        service_seen = true;
        read_choice(w, c, depth + 1, &out->payment_type.get().service_level_code,
                    &out->payment_type.get().service_level_proprietary);
        return;
      case Tag::kLclInstrm:
        if (instrument_seen) break;
        instrument_seen = true;
        read_choice(w, c, depth + 1, &out->payment_type.get().local_instrument_code,
                    &out->payment_type.get().local_instrument_proprietary);
        return;
      case Tag::kCtgyPurp:
        if (purpose_seen) break;
        purpose_seen = true;
        read_choice(w, c, depth + 1, &out->payment_type.get().category_purpose_code,
                    &out->payment_type.get().category_purpose_proprietary);
        return;
      default:
        break;
    }
    scan_subtree(c, depth + 1, w);
  });
}

// The settlement amount, read and checked once; it must not be zero (AM01).
void read_settlement_amount(Walk& w, const pugi::xml_node& node, int depth, Transaction* out) {
  leaf(node, depth, w);
  core::AmountMinor amount_minor = 0;
  Check check =
      parse_amount(node.text().get(), node.attribute("Ccy").value(), &amount_minor, &out->currency);
  if (!check.ok()) {
    add_problem(w.message, node, check.code, std::move(check.text));
    return;
  }
  out->amount_minor = amount_minor;
  if (amount_minor == 0) add_problem(w.message, node, "AM01", "the amount is zero");
}

// RtrRsnInf: Rsn/Cd, else Rsn/Prtry; everything is scanned.
void read_return_reason(Walk& w, const pugi::xml_node& node, int depth, Transaction* out) {
  scan_subtree(node, depth, w);
  const pugi::xml_node reason = child(node, "Rsn");
  out->return_reason = text_of(child(reason, "Cd"));
  if (out->return_reason.empty()) out->return_reason = text_of(child(reason, "Prtry"));
}

// UndrlygCstmrCdtTrf (CreditTransferTransaction37): the customer transfer a
// pacs.009 cover settles. Its previous and intermediary agents are scanned,
// not kept.
void read_underlying(Walk& w, const pugi::xml_node& node, int depth, UnderlyingTransfer* out) {
  if (!w.within(depth)) return;
  bool seen[8] = {};
  const int below = depth + 1;
  for_each_child(node, [&](const pugi::xml_node& c, Tag tag) {
    // A repeated element: only the first is read, the others are checked.
    const auto first = [&](int slot) {
      if (!seen[slot]) return seen[slot] = true;
      scan_subtree(c, below, w);
      return false;
    };
    switch (tag) {
      case Tag::kDbtr:
        if (first(0)) read_party(w, c, below, &out->debtor_name, &out->debtor_address);
        return;
      case Tag::kDbtrAcct:
        if (first(1)) read_account(w, c, below, &out->debtor_iban, &out->debtor_account_other);
        return;
      case Tag::kDbtrAgt:
        if (first(2)) read_agent(w, c, below, &out->debtor_agent);
        return;
      case Tag::kCdtrAgt:
        if (first(3)) read_agent(w, c, below, &out->creditor_agent);
        return;
      case Tag::kCdtr:
        if (first(4)) read_party(w, c, below, &out->creditor_name, &out->creditor_address);
        return;
      case Tag::kCdtrAcct:
        if (first(5)) read_account(w, c, below, &out->creditor_iban, &out->creditor_account_other);
        return;
      case Tag::kRmtInf:
        if (first(6)) read_remittance(w, c, below, &out->remittance_unstructured);
        return;
      case Tag::kInstdAmt:
        if (first(7)) {
          read_amount(w, c, below, &out->instructed_amount_minor, &out->instructed_currency);
        }
        return;
      default:
        scan_subtree(c, below, w);
        return;
    }
  });
}

// What every transaction takes from GrpHdr when it does not say itself.
struct GroupDefaults {
  Agent instructing_agent;
  Agent instructed_agent;
  core::ValueDate settlement_date = 0;
  std::string instruction_priority;  // GrpHdr/PmtTpInf/InstrPrty
};

// One pass over the transaction's children, dispatching on the local name;
// what is not read is scanned, so every identifier and amount is checked once
// and every element's depth is seen once.
void parse_transaction(Walk& w, MessageType type, const pugi::xml_node& tx, int depth,
                       const GroupDefaults& group, Transaction* out) {
  const bool is_return = type == MessageType::kPacs004v09 || type == MessageType::kPacs004v10;
  const bool is_customer = type == MessageType::kPacs008v08;
  Message* const message = w.message;
  if (!w.within(depth)) return;
  bool seen_payment_id = false, seen_amount = false, seen_date = false, seen_priority = false;
  bool seen_payment_type = false, seen_instructing = false, seen_instructed = false,
       seen_debtor = false, seen_creditor = false, seen_debtor_agent = false,
       seen_creditor_agent = false, seen_instruction = false, seen_end_to_end = false,
       seen_transaction = false, seen_reason = false, seen_debtor_account = false,
       seen_creditor_account = false;
  bool seen_charge_bearer = false, seen_instructed_amount = false, seen_remittance = false,
       seen_exchange_rate = false;
  pugi::xml_node times;
  const int below = depth + 1;
  const auto read_charge_bearer = [&](const pugi::xml_node& c) {
    assign_once(w, c, below, &out->charge_bearer, &seen_charge_bearer);
    check_code(w, c, out->charge_bearer, {"DEBT", "CRED", "SHAR", "SLEV"}, "ChrgBr");
  };
  // A repeated element: only the first is read, the others are checked.
  const auto once = [&](bool* seen, const pugi::xml_node& c) {
    if (!*seen) return *seen = true;
    scan_subtree(c, below, w);
    return false;
  };
  for_each_child(tx, [&](const pugi::xml_node& c, Tag tag) {
    // Elements both families have.
    switch (tag) {
      case Tag::kIntrBkSttlmDt:
        if (once(&seen_date, c)) {
          leaf(c, below, w);
          Check check = parse_iso_date(text_view(c), &out->settlement_date);
          if (!check.ok()) add_problem(message, c, check.code, std::move(check.text));
        }
        return;
      case Tag::kSttlmTmReq:
        if (exists(times)) {
          scan_subtree(c, below, w);
        } else {
          times = c;  // read once the settlement date is known
        }
        return;
      case Tag::kInstgAgt:
        if (once(&seen_instructing, c)) read_agent(w, c, below, &out->instructing_agent);
        return;
      case Tag::kInstdAgt:
        if (once(&seen_instructed, c)) read_agent(w, c, below, &out->instructed_agent);
        return;
      default:
        break;
    }
    if (is_return) {
      switch (tag) {
        case Tag::kRtrId:
          assign_once(w, c, below, &out->instruction_id, &seen_instruction);
          break;
        case Tag::kOrgnlEndToEndId:
          assign_once(w, c, below, &out->end_to_end_id, &seen_end_to_end);
          break;
        case Tag::kOrgnlTxId:
          assign_once(w, c, below, &out->transaction_id, &seen_transaction);
          break;
        case Tag::kOrgnlUETR:
          read_uetr(w, c, below, &out->original_uetr);
          break;
        case Tag::kSttlmPrty:
          assign_once(w, c, below, &out->instruction_priority, &seen_priority);
          break;
        case Tag::kRtrdIntrBkSttlmAmt:
          if (once(&seen_amount, c)) read_settlement_amount(w, c, below, out);
          break;
        case Tag::kRtrRsnInf:
          if (once(&seen_reason, c)) read_return_reason(w, c, below, out);
          break;
        case Tag::kChrgBr:
          if (seen_charge_bearer) {
            scan_subtree(c, below, w);
          } else {
            read_charge_bearer(c);
          }
          break;
        case Tag::kRtrdInstdAmt:
          if (once(&seen_instructed_amount, c)) {
            read_amount(w, c, below, &out->instructed_amount_minor, &out->instructed_currency);
          }
          break;
        default:
          scan_subtree(c, below, w);
          break;
      }
      return;
    }
    switch (tag) {
      case Tag::kPmtId:
        if (once(&seen_payment_id, c)) read_payment_id(w, c, below, out);
        break;
      case Tag::kPmtTpInf:
        if (once(&seen_payment_type, c)) read_payment_type(w, c, below, out);
        break;
      case Tag::kIntrBkSttlmAmt:
        if (once(&seen_amount, c)) read_settlement_amount(w, c, below, out);
        break;
      case Tag::kDbtr:
        if (!once(&seen_debtor, c)) break;
        // In pacs.009 the debtor and creditor are themselves institutions.
        if (is_customer) {
          read_party(w, c, below, &out->debtor_name, &out->debtor_address);
        } else {
          read_agent(w, c, below, &out->debtor_agent);
          out->debtor_name = text_of(descend(c, {"FinInstnId", "Nm"}));
        }
        break;
      case Tag::kCdtr:
        if (!once(&seen_creditor, c)) break;
        if (is_customer) {
          read_party(w, c, below, &out->creditor_name, &out->creditor_address);
        } else {
          read_agent(w, c, below, &out->creditor_agent);
          out->creditor_name = text_of(descend(c, {"FinInstnId", "Nm"}));
        }
        break;
      case Tag::kDbtrAgt:
        if (!is_customer) {
          scan_subtree(c, below, w);
        } else if (once(&seen_debtor_agent, c)) {
          read_agent(w, c, below, &out->debtor_agent);
        }
        break;
      case Tag::kCdtrAgt:
        if (!is_customer) {
          scan_subtree(c, below, w);
        } else if (once(&seen_creditor_agent, c)) {
          read_agent(w, c, below, &out->creditor_agent);
        }
        break;
      case Tag::kDbtrAcct:
        if (!is_customer) {
          scan_subtree(c, below, w);
        } else if (once(&seen_debtor_account, c)) {
          read_account(w, c, below, &out->debtor_iban, &out->debtor_account_other);
        }
        break;
      case Tag::kCdtrAcct:
        if (!is_customer) {
          scan_subtree(c, below, w);
        } else if (once(&seen_creditor_account, c)) {
          read_account(w, c, below, &out->creditor_iban, &out->creditor_account_other);
        }
        break;
      case Tag::kUndrlygCstmrCdtTrf:
        if (type == MessageType::kPacs009v08 && !out->cover) {
          out->cover = true;
          read_underlying(w, c, below, &out->underlying.get());
        } else {
          scan_subtree(c, below, w);
        }
        break;
      case Tag::kChrgBr:
        // pacs.009 transactions have no charge bearer.
        if (!is_customer || seen_charge_bearer) {
          scan_subtree(c, below, w);
        } else {
          read_charge_bearer(c);
        }
        break;
      case Tag::kInstdAmt:
        if (is_customer && once(&seen_instructed_amount, c)) {
          read_amount(w, c, below, &out->instructed_amount_minor, &out->instructed_currency);
        } else if (!is_customer) {
          scan_subtree(c, below, w);
        }
        break;
      case Tag::kXchgRate:
        if (is_customer && once(&seen_exchange_rate, c)) {
          leaf(c, below, w);
          out->fx.get().exchange_rate.assign(text_view(c));
          if (!parse_base_one_rate(out->fx->exchange_rate)) {
            add_problem(
                message, c, "FF01",
                "XchgRate \"" + out->fx->exchange_rate.substr(0, 40) +
                    "\" is not a positive decimal of at most 11 digits, 10 after the point");
          }
        } else if (!is_customer) {
          scan_subtree(c, below, w);
        }
        break;
      case Tag::kInstrForNxtAgt:
        if (is_customer) {
          read_next_agent_instruction(w, c, below, out);
        } else {
          scan_subtree(c, below, w);
        }
        break;
      case Tag::kRmtInf:
        if (once(&seen_remittance, c)) {
          read_remittance(w, c, below, &out->remittance_unstructured);
        }
        break;
      case Tag::kPrvsInstgAgt1:
      case Tag::kPrvsInstgAgt2:
      case Tag::kPrvsInstgAgt3: {
        const size_t i = static_cast<size_t>(tag) - static_cast<size_t>(Tag::kPrvsInstgAgt1);
        std::array<Agent, 3>& agents = out->previous_agents.get();
        if (agents[i].present) {
          scan_subtree(c, below, w);
        } else {
          read_agent(w, c, below, &agents[i]);
        }
        break;
      }
      case Tag::kIntrmyAgt1:
      case Tag::kIntrmyAgt2:
      case Tag::kIntrmyAgt3: {
        const size_t i = static_cast<size_t>(tag) - static_cast<size_t>(Tag::kIntrmyAgt1);
        std::array<Agent, 3>& agents = out->intermediary_agents.get();
        if (agents[i].present) {
          scan_subtree(c, below, w);
        } else {
          read_agent(w, c, below, &agents[i]);
        }
        break;
      }
      default:
        scan_subtree(c, below, w);
        break;
    }
  });

  if (!is_return && !seen_payment_id) missing(message, tx, "PmtId");
  // A priority stated for the whole group applies where a transaction has none.
  if (out->instruction_priority.empty()) out->instruction_priority = group.instruction_priority;
  if (!out->instruction_priority.empty() && out->instruction_priority != "HIGH" &&
      out->instruction_priority != "NORM" && !(is_return && out->instruction_priority == "URGT")) {
    add_problem(message, tx, "FF01",
                "priority \"" + out->instruction_priority + "\" is neither HIGH nor NORM" +
                    (is_return ? " nor URGT" : ""));
  }
  if (!seen_amount) missing(message, tx, is_return ? "RtrdIntrBkSttlmAmt" : "IntrBkSttlmAmt");
  if (!seen_date) out->settlement_date = group.settlement_date;
  if (exists(times)) parse_times(w, times, below, out);
  if (!seen_instructing) out->instructing_agent = group.instructing_agent;
  if (!seen_instructed) out->instructed_agent = group.instructed_agent;
  if (is_customer) {
    if (!seen_debtor_agent) missing(message, tx, "DbtrAgt");
    if (!seen_creditor_agent) missing(message, tx, "CdtrAgt");
  }
  if (!is_return) {
    if (!seen_debtor) missing(message, tx, "Dbtr");
    if (!seen_creditor) missing(message, tx, "Cdtr");
  }
}

// An amount in minor units as the decimal the message would state: 1000.25 EUR.
std::string decimal_text(core::AmountMinor amount_minor, core::CurrencyCode currency) {
  const int minor_units = core::iso4217_minor_units(currency.view()).value_or(0);
  std::string digits = std::to_string(amount_minor);
  if (minor_units > 0) {
    if (static_cast<int>(digits.size()) <= minor_units) {
      digits.insert(0, static_cast<size_t>(minor_units + 1) - digits.size(), '0');
    }
    digits.insert(digits.size() - static_cast<size_t>(minor_units), ".");
  }
  return digits + " " + currency.to_string();
}

// GrpHdr/TtlIntrBkSttlmAmt against the transactions: every transaction in its
// currency (else AM03) and its amount their sum (else AM10). The amount's own
// form was checked by the group's scan; with a transaction whose amount could
// not be read (already a problem) the sum is not compared.
void check_total(Message* message, const pugi::xml_node& node, bool all_amounts_read) {
  core::AmountMinor stated = 0;
  core::CurrencyCode currency;
  if (!parse_amount(node.text().get(), node.attribute("Ccy").value(), &stated, &currency).ok()) {
    return;
  }
  GroupHeader& header = message->group;
  header.total_minor = stated;
  header.total_currency = currency;
  if (!all_amounts_read) return;
  core::AmountMinor computed = 0;
  for (const Transaction& t : message->transactions) {
    if (t.currency != currency) {
      add_problem(message, node, "AM03",
                  "TtlIntrBkSttlmAmt is in " + currency.to_string() + ", a transaction (" + t.path +
                      ") in " + t.currency.to_string() +
                      ": the total must be in the transactions' one currency");
      return;
    }
    if (!core::checked_add(computed, t.amount_minor, &computed)) {
      add_problem(message, node, "AM10",
                  "TtlIntrBkSttlmAmt states " + decimal_text(stated, currency) +
                      ", the transactions' amounts add up to more than can be held");
      return;
    }
  }
  if (computed != stated) {
    add_problem(message, node, "AM10",
                "TtlIntrBkSttlmAmt states " + decimal_text(stated, currency) +
                    ", the transactions' IntrBkSttlmAmt add up to " +
                    decimal_text(computed, currency));
  }
}

}  // namespace

void missing(Message* message, const pugi::xml_node& parent, std::string_view name) {
  add_problem(message, parent, "CH21", "mandatory element " + std::string(name) + " is missing");
}

pugi::xml_node required(Message* message, const pugi::xml_node& parent, std::string_view name) {
  pugi::xml_node node = child(parent, name);
  if (!node) missing(message, parent, name);
  return node;
}

Agent agent_of(const pugi::xml_node& node) {
  Agent agent;
  if (!node) return agent;
  agent.present = true;
  const pugi::xml_node institution = child(node, "FinInstnId");
  agent.bic = text_of(child(institution, "BICFI"));
  agent.member_id = text_of(descend(institution, {"ClrSysMmbId", "MmbId"}));
  return agent;
}

bool parse_pacs(const pugi::xml_node& document, MessageType type, const Limits& limits,
                Message* message) {
  const Family family = family_of(type);
  Walk walk{message, limits.element_depth_max};
  const int document_depth = depth_of(document);
  const pugi::xml_node root = child(document, family.root);
  if (!root) {
    if (!within_depth(document, document_depth, limits.element_depth_max)) return false;
    message->problems.push_back(
        Problem{"/Document", "FF01", "no " + std::string(family.root) + " element", true});
    return true;
  }
  // Count before anything is built, so a message with 100,000 transactions
  // costs one pass over sibling pointers.
  size_t count = 0;
  for (pugi::xml_node c = root.first_child(); exists(c); c = c.next_sibling()) {
    if (local_of(c.name()) == family.transaction) ++count;
  }
  if (count > limits.transactions_max) {
    add_problem(message, root, "AM18",
                std::to_string(count) + " transactions exceed the limit of " +
                    std::to_string(limits.transactions_max));
    return true;
  }
  if (count == 0) {
    if (type == MessageType::kPacs004v09 || type == MessageType::kPacs004v10) {
      // The schema lets a return name only the original group; Corridor
      // settles returns payment by payment, by the original UETR.
      add_problem(message, root, "CH21",
                  "mandatory element TxInf is missing: a return must carry TxInf, one for each "
                  "payment returned");
    } else {
      missing(message, root, family.transaction);
    }
  }

  // Everything outside the transactions and the group header is only scanned;
  // the transactions are read (and their fields checked) in one pass each.
  const int root_depth = document_depth + 1;
  for (pugi::xml_node c = document.first_child(); exists(c); c = c.next_sibling()) {
    if (raw(c) != raw(root)) scan_subtree(c, root_depth, walk);
  }
  if (!walk.within(root_depth)) return false;

  const pugi::xml_node group = required(message, root, "GrpHdr");
  GroupHeader& header = message->group;
  std::optional<uint64_t> declared_count;
  pugi::xml_node count_node, sum_node, total_node;
  GroupDefaults defaults;
  if (group) {
    scan_subtree(group, root_depth + 1, walk);
    defaults.instruction_priority = text_of(descend(group, {"PmtTpInf", "InstrPrty"}));
    // The group's agents, with every detail a transaction's own would have.
    // The scan above checked them; reading them reports nothing twice.
    Message unreported;
    Walk quiet{&unreported, std::numeric_limits<int>::max()};
    if (const pugi::xml_node agent = child(group, "InstgAgt")) {
      read_agent(quiet, agent, root_depth + 2, &defaults.instructing_agent);
    }
    if (const pugi::xml_node agent = child(group, "InstdAgt")) {
      read_agent(quiet, agent, root_depth + 2, &defaults.instructed_agent);
    }
    if (const pugi::xml_node date = child(group, "IntrBkSttlmDt")) {
      Check check = parse_iso_date(text_view(date), &defaults.settlement_date);
      if (!check.ok()) add_problem(message, date, check.code, std::move(check.text));
    }
    header.message_id = text_of(required(message, group, "MsgId"));
    if (const pugi::xml_node created = required(message, group, "CreDtTm")) {
      Check check = parse_iso_date_time(text_of(created), &header.created_ns);
      if (!check.ok()) add_problem(message, created, check.code, std::move(check.text));
    }
    count_node = required(message, group, "NbOfTxs");
    if (count_node) {
      declared_count = parse_count(text_of(count_node));
      if (!declared_count) add_problem(message, count_node, "AM18", "NbOfTxs is not a count");
    }
    sum_node = child(group, "CtrlSum");
    total_node = child(group, "TtlIntrBkSttlmAmt");
    if (const pugi::xml_node settlement = required(message, group, "SttlmInf")) {
      const pugi::xml_node method = required(message, settlement, "SttlmMtd");
      header.settlement_method = text_of(method);
      // CLRG, INDA and INGA all end as a booking between the two agents'
      // settlement accounts on Corridor's books; COVE (settled elsewhere,
      // through correspondents) is not something Corridor can settle.
      if (method && header.settlement_method != "CLRG" && header.settlement_method != "INDA" &&
          header.settlement_method != "INGA") {
        add_problem(message, method, "FF01",
                    "settlement method \"" + header.settlement_method +
                        "\" is not accepted (CLRG, INDA or INGA)");
      }
    }
  }

  if (walk.too_deep) return false;
  message->transactions.reserve(count);
  __int128 sum_scaled = 0;
  size_t index = 0, amounts_read = 0;
  const std::string base = path_of(root) + "/" + std::string(family.transaction);
  for (pugi::xml_node tx = root.first_child(); exists(tx); tx = tx.next_sibling()) {
    // Inside elements only text and CDATA (with parse_default) have no name.
    const char* const tx_name = tx.name();
    if (*tx_name == '\0') continue;
    if (local_of(tx_name) != family.transaction) {
      if (raw(tx) != raw(group)) scan_subtree(tx, root_depth + 1, walk);
      continue;
    }
    ++index;
    Transaction& out = message->transactions.emplace_back();
    // One allocation: the path is built in place.
    out.path.reserve(base.size() + 24);
    out.path = base;
    if (count > 1) {
      char number[24];
      number[0] = '[';
      char* end = std::to_chars(number + 1, number + sizeof(number) - 1, index).ptr;
      *end++ = ']';
      out.path.append(number, static_cast<size_t>(end - number));
    }
    parse_transaction(walk, type, tx, root_depth + 1, defaults, &out);
    if (walk.too_deep) return false;
    // Only CtrlSum needs the amounts scaled to one exponent.
    if (exists(sum_node)) sum_scaled += scaled_amount(out.amount_minor, out.currency);
    if (out.amount_minor > 0) ++amounts_read;
  }
  if (exists(total_node) && type != MessageType::kPacs004v09 && type != MessageType::kPacs004v10) {
    check_total(message, total_node, amounts_read == count);
  }
  header.number_of_transactions = declared_count.value_or(0);
  if (declared_count && *declared_count != count) {
    add_problem(message, count_node, "AM18",
                "NbOfTxs says " + std::to_string(*declared_count) + ", the message has " +
                    std::to_string(count));
  }
  if (sum_node) {
    const std::string sum_text = text_of(sum_node);
    const std::optional<__int128> declared_sum = scaled_decimal(sum_text);
    if (!declared_sum || *declared_sum != sum_scaled) {
      add_problem(message, sum_node, "AM10",
                  "CtrlSum " + sum_text + " is not the sum of the transactions' amounts");
    } else if (!message->transactions.empty()) {
      const core::CurrencyCode currency = message->transactions.front().currency;
      bool one_currency = true;
      core::AmountMinor total = 0;
      for (const Transaction& t : message->transactions) {
        one_currency = one_currency && t.currency == currency;
        if (!core::checked_add(total, t.amount_minor, &total)) one_currency = false;
      }
      if (one_currency) header.control_sum_minor = total;
    }
  }
  return !walk.too_deep;
}

}  // namespace corridor::iso20022::internal
