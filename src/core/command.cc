#include "core/command.h"

#include <algorithm>
#include <type_traits>

namespace corridor::core {

bool InstructionId::assign(std::string_view text) {
  if (text.size() > kLengthMax) return false;
  std::copy(text.begin(), text.end(), chars_.begin());
  std::fill(chars_.begin() + static_cast<std::ptrdiff_t>(text.size()), chars_.end(), '\0');
  length_ = static_cast<uint8_t>(text.size());
  return true;
}

const char* command_name(const CommandBody& body) {
  return std::visit(
      [](const auto& c) -> const char* {
        using T = std::decay_t<decltype(c)>;
        if constexpr (std::is_same_v<T, DefineCurrency>) return "define_currency";
        if constexpr (std::is_same_v<T, AddParticipant>) return "add_participant";
        if constexpr (std::is_same_v<T, OpenAccount>) return "open_account";
        if constexpr (std::is_same_v<T, SetCreditLine>) return "set_credit_line";
        if constexpr (std::is_same_v<T, SetBilateralLimit>) return "set_bilateral_limit";
        if constexpr (std::is_same_v<T, SetMultilateralLimit>) return "set_multilateral_limit";
        if constexpr (std::is_same_v<T, ReserveLiquidity>) return "reserve_liquidity";
        if constexpr (std::is_same_v<T, SubmitPayment>) return "submit_payment";
        if constexpr (std::is_same_v<T, LiquidityTransfer>) return "liquidity_transfer";
        if constexpr (std::is_same_v<T, CancelPayment>) return "cancel_payment";
        if constexpr (std::is_same_v<T, ChangePriority>) return "change_priority";
        if constexpr (std::is_same_v<T, MoveInQueue>) return "move_in_queue";
        if constexpr (std::is_same_v<T, RunGridlockResolution>) return "run_gridlock_resolution";
        if constexpr (std::is_same_v<T, AdvanceTime>) return "advance_time";
        if constexpr (std::is_same_v<T, SuspendParticipant>) return "suspend_participant";
        if constexpr (std::is_same_v<T, ReactivateParticipant>) return "reactivate_participant";
        if constexpr (std::is_same_v<T, CloseParticipant>) return "close_participant";
        if constexpr (std::is_same_v<T, EndOfDay>) return "end_of_day";
        if constexpr (std::is_same_v<T, Configure>) return "configure";
        if constexpr (std::is_same_v<T, ModifyPayment>) return "modify_payment";
        if constexpr (std::is_same_v<T, PublishFxQuote>) return "publish_fx_quote";
        if constexpr (std::is_same_v<T, WithdrawFxQuote>) return "withdraw_fx_quote";
        if constexpr (std::is_same_v<T, SubmitCrossCurrencyPayment>) {
          return "submit_cross_currency_payment";
        }
        if constexpr (std::is_same_v<T, SubmitFxTrade>) return "submit_fx_trade";
        if constexpr (std::is_same_v<T, SetNetDebitCap>) return "set_net_debit_cap";
        if constexpr (std::is_same_v<T, SubmitDnsPayment>) return "submit_dns_payment";
        if constexpr (std::is_same_v<T, SettleDnsCycle>) return "settle_dns_cycle";
        if constexpr (std::is_same_v<T, SetEntryOffsetting>) return "set_entry_offsetting";
        if constexpr (std::is_same_v<T, SetHaircut>) return "set_haircut";
        if constexpr (std::is_same_v<T, SetRating>) return "set_rating";
        if constexpr (std::is_same_v<T, PledgeCollateral>) return "pledge_collateral";
        if constexpr (std::is_same_v<T, SetDayPhase>) return "set_day_phase";
        if constexpr (std::is_same_v<T, JoinReservePool>) return "join_reserve_pool";
        if constexpr (std::is_same_v<T, DrawSwap>) return "draw_swap";
        if constexpr (std::is_same_v<T, RepaySwap>) return "repay_swap";
        if constexpr (std::is_same_v<T, LeaveReservePool>) return "leave_reserve_pool";
      },
      body);
}

}  // namespace corridor::core
