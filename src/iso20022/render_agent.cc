#include "iso20022/render_agent.h"

#include <string>

namespace corridor::iso20022 {

void agent_or_member(XmlWriter& w, std::string_view name, std::string_view bic,
                     std::string_view member_id, bool allow_empty) {
  if (!bic.empty() && !is_bic(bic)) {
    throw RenderError("'" + std::string(bic) + "' is not a BIC (ISO 9362)");
  }
  if (bic.empty() && member_id.empty() && !allow_empty) {
    throw RenderError(std::string(name) + " needs a BIC or a member id");
  }
  w.open(name);
  w.open("FinInstnId");
  if (!bic.empty()) w.code("BICFI", bic);
  if (!member_id.empty()) {
    w.open("ClrSysMmbId");
    w.text("MmbId", member_id, kMax35);
    w.close("ClrSysMmbId");
  }
  w.close("FinInstnId");
  w.close(name);
}

}  // namespace corridor::iso20022
