// Builds one of the messages Corridor sends from a JSON description (for
// `corridor iso render`, tests, demos and banks' integration work). The JSON
// shape is documented in docs/iso20022.md, "Rendering": the keys are the field
// names of the input structs in render.h.
#pragma once

#include <string>
#include <string_view>

namespace corridor::iso20022 {

// The rendered message (BusinessMessage with AppHdr and Document). Throws
// RenderError naming the JSON path for malformed JSON, a missing or mistyped
// field, an unknown field or message type, and for what the renderer refuses.
std::string render_from_json(std::string_view json_text);

}  // namespace corridor::iso20022
