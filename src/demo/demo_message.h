// A planned demo payment as the ISO 20022 message its bank posts: a
// pacs.008.001.08 (customer transfer) or pacs.009.001.08 (a bank's own
// transfer) with its AppHdr, one transaction each, written by the same
// renderer Corridor forwards payments with (iso20022/render_transfer.h), so
// what the demo sends is what the parser and the XSDs accept.
#pragma once

#include <string>

#include "core/types.h"
#include "demo/traffic_model.h"
#include "iso20022/model.h"

namespace corridor::demo {

// The message model: AppHdr from the sending bank (its certificate's BIC) to
// Corridor, CLRG settlement on the configuration's value date, the agents,
// and for pacs.008 the customers' names and an invoice reference.
iso20022::Message message_of(const TrafficModel& model, const DemoPayment& payment,
                             core::TimestampNs created_ns);

// The XML of message_of().
std::string render_payment(const TrafficModel& model, const DemoPayment& payment,
                           core::TimestampNs created_ns);

}  // namespace corridor::demo
