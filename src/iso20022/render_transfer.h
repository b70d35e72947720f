// Re-rendering a parsed payment message (model.h) as XML: the settled
// pacs.008/pacs.009 Corridor forwards to the creditor agent (issue 5), and the
// round trip every accepted sample must survive (issue 4).
//
// Unlike render.h, whose renderers build what Corridor says from the core's
// results, this one writes back what a participant said, field for field, as
// far as the model holds it: parse_message(render_transfer(m)) gives a model
// equal to m (docs/iso20022.md, "Forwarding and round trip", lists the values
// the schema requires that the model does not hold, and what is written for
// them).
#pragma once

#include <string>

#include "iso20022/model.h"

namespace corridor::iso20022 {

// The complete message — XML declaration, <BusinessMessage>, the AppHdr
// (head.001.001.02) when message.header.present, and the Document — for a
// message of type pacs.008.001.08, pacs.009.001.08 or pacs.004.001.09/.10
// (a .10 return is written as pacs.004.001.09, the version Corridor sends).
// Throws RenderError (xml_writer.h) when the model cannot be expressed in the
// schema: another or no message type, no transactions, an unknown currency, a
// malformed BIC, no settlement method, a settlement time more than 14 hours
// outside its date.
std::string render_transfer(const Message& message);

}  // namespace corridor::iso20022
