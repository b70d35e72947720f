#include "demo/bank_client.h"

#include <algorithm>
#include <charconv>
#include <memory>
#include <thread>
#include <vector>

#include "demo/demo_message.h"
#include "gateway/https_client.h"
#include "iso20022/parse.h"

namespace corridor::demo {
namespace {

using Clock = std::chrono::steady_clock;

constexpr int kReconnectsMax = 3;
constexpr auto kResendGrace = std::chrono::seconds(5);

// Sleeps until `when`, in short steps so a stop request is seen; false when stopped.
bool sleep_until(Clock::time_point when, const std::atomic<bool>& stop) {
  while (Clock::now() < when) {
    if (stop.load()) return false;
    std::this_thread::sleep_until(std::min(when, Clock::now() + std::chrono::milliseconds(50)));
  }
  return !stop.load();
}

core::TimestampNs wall_clock_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

int retry_after_s(const std::string& header) {
  int seconds = 1;
  std::from_chars(header.data(), header.data() + header.size(), seconds);
  return std::clamp(seconds, 1, 60);
}

// Counts each transaction's status of a pacs.002 answer.
void count_answer(const BankClientContext& c, const DemoPayment& payment, const std::string& body) {
  const iso20022::Message answer = iso20022::parse_message(body);
  if (!answer.status_report || answer.status_report->transactions.empty()) {
    c.stats->unreadable_answer();
    return;
  }
  const size_t currency = c.model->currency_index(payment.currency);
  for (const iso20022::StatusTransaction& tx : answer.status_report->transactions) {
    if (!tx.other_status.empty()) {
      c.stats->other_status();
      continue;
    }
    const AnsweredAs as = tx.status == iso20022::PaymentStatus::kSettled  ? AnsweredAs::kSettled
                          : tx.status == iso20022::PaymentStatus::kQueued ? AnsweredAs::kQueued
                                                                          : AnsweredAs::kRejected;
    if (payment.kind == PaymentKind::kCrossCurrency) c.stats->cross_currency(as);
    if (payment.kind == PaymentKind::kDns) c.stats->dns(as);
    // Counted in the instructed currency (a cross-currency payment's debtor side);
    // a DNS payment answered ACSP is queued until its cycle settles.
    switch (tx.status) {
      case iso20022::PaymentStatus::kSettled:
        c.stats->settled(currency, payment.amount_minor);
        break;
      case iso20022::PaymentStatus::kQueued:
        c.stats->queued(QueuedPayment{payment.uetr, currency, payment.amount_minor});
        break;
      case iso20022::PaymentStatus::kRejected:
        c.stats->rejected(tx.reason_as_sent.code, tx.reason_as_sent.additional_info);
        break;
    }
  }
}

class Connection {
 public:
  Connection(const BankClientContext& c, const DemoBank& bank)
      : port_(c.port),
        files_{c.pki_dir + "/ca.pem", c.pki_dir + "/" + bank.bic_text + ".pem",
               c.pki_dir + "/" + bank.bic_text + ".key"} {}

  // A fresh connection; false when it cannot be made.
  bool open() {
    client_ = std::make_unique<gateway::HttpsClient>(port_, files_);
    if (client_->connect()) return true;
    client_.reset();
    return false;
  }
  gateway::HttpsClient* operator->() { return client_.get(); }
  bool is_open() const { return client_ != nullptr; }

 private:
  uint16_t port_;
  gateway::HttpsClientFiles files_;
  std::unique_ptr<gateway::HttpsClient> client_;
};

}  // namespace

void run_bank_client(const BankClientContext& c, size_t bank) {
  const std::atomic<bool>& stop = *c.stop;
  Connection connection(c, c.model->banks()[bank]);
  if (!connection.open()) {
    c.stats->bank_failed();
    return;
  }
  std::vector<int64_t> latencies_ns;
  TrafficModel::BankTraffic traffic = c.model->traffic_of(bank);
  int reconnects = 0;
  while (std::optional<DemoPayment> payment = traffic.next()) {
    const Clock::time_point due = c.start + std::chrono::nanoseconds(payment->at_ns);
    if (!sleep_until(due, stop)) break;
    if (Clock::now() >= c.end) {
      // Behind schedule (rate limited, or a slow machine): what is left of
      // the run's traffic is not sent, and counted.
      uint64_t left = 1;
      while (traffic.next()) ++left;
      c.stats->not_sent(left);
      break;
    }
    const std::string body = render_payment(*c.model, *payment, wall_clock_ns());
    c.stats->sent();
    // Until answered or given up; a resend may take a few seconds past the end.
    while (!stop.load() && Clock::now() < c.end + kResendGrace) {
      const Clock::time_point sent_at = Clock::now();
      const auto response = connection->request("POST", "/v1/messages", body);
      const Clock::time_point answered_at = Clock::now();
      if (!response) {
        c.stats->transport_error();
        if (++reconnects > kReconnectsMax || !connection.open()) {
          c.stats->bank_failed();
          c.stats->add_latencies(latencies_ns);
          return;
        }
        continue;
      }
      reconnects = 0;
      if (response->status == 429 || response->status == 503) {
        response->status == 429 ? c.stats->rate_limited() : c.stats->busy();
        sleep_until(Clock::now() + std::chrono::seconds(retry_after_s(response->retry_after)),
                    stop);
        continue;
      }
      if (response->status != 200) {
        c.stats->http_error();
        break;
      }
      const int64_t latency_ns =
          std::chrono::duration_cast<std::chrono::nanoseconds>(answered_at - sent_at).count();
      latencies_ns.push_back(latency_ns);
      c.stats->latency(latency_ns);
      count_answer(c, *payment, response->body);
      break;
    }
  }
  c.stats->add_latencies(latencies_ns);
}

}  // namespace corridor::demo
