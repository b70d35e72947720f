// `corridor iso render JSON_FILE`: prints the ISO 20022 message a JSON
// description asks for (docs/iso20022.md, "Rendering"). To be merged under
// `corridor iso render`.
#include <fmt/format.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <string>

#include "cli/commands.h"
#include "iso20022/render_json.h"
#include "iso20022/xml_writer.h"

namespace corridor::cli {

void add_iso_render_command(CLI::App& iso) {
  CLI::App* command = iso.add_subcommand(
      "render", "Print the ISO 20022 message (AppHdr + Document) a JSON description asks for");
  auto path = std::make_shared<std::string>();
  command->add_option("JSON_FILE", *path, "the description; '-' reads standard input")->required();
  command->callback([path] {
    std::string text;
    if (*path == "-") {
      text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    } else {
      std::ifstream in(*path, std::ios::binary);
      if (!in) {
        fmt::print(stderr, "corridor iso render: error: cannot read {}\n", *path);
        throw CLI::RuntimeError(kExitBadInput);
      }
      text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    try {
      const std::string xml = iso20022::render_from_json(text);
      std::fwrite(xml.data(), 1, xml.size(), stdout);
    } catch (const iso20022::RenderError& error) {
      fmt::print(stderr, "corridor iso render: error: {}: {}\n", *path, error.what());
      throw CLI::RuntimeError(kExitBadInput);
    }
  });
}

}  // namespace corridor::cli
