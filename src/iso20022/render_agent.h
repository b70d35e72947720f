// A financial institution by BIC and/or clearing-system member id, for the
// renderers that also re-render reports read back from received messages.
#pragma once

#include <string_view>

#include "iso20022/xml_writer.h"

namespace corridor::iso20022 {

// <name><FinInstnId><BICFI>bic</BICFI><ClrSysMmbId><MmbId>id</MmbId></ClrSysMmbId>
// </FinInstnId></name>, each part only when set (BranchAndFinancialInstitution-
// Identification6 order). RenderError for a malformed BIC, and for neither set
// unless `allow_empty` (an empty FinInstnId is schema-valid but names no one).
void agent_or_member(XmlWriter& w, std::string_view name, std::string_view bic,
                     std::string_view member_id, bool allow_empty = false);

}  // namespace corridor::iso20022
