#include "gateway/router.h"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "gateway/http_answers.h"

namespace corridor::gateway {
namespace {

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> segments;
  size_t start = path.starts_with('/') ? 1 : 0;
  while (start <= path.size()) {
    const size_t end = std::min(path.find('/', start), path.size());
    segments.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return segments;
}

bool matches(std::string_view pattern, std::string_view path) {
  if (pattern == path) return true;
  const std::vector<std::string_view> want = split_path(pattern);
  const std::vector<std::string_view> have = split_path(path);
  if (want.size() != have.size()) return false;
  for (size_t i = 0; i < want.size(); ++i) {
    const bool wildcard = want[i].size() > 2 && want[i].front() == '{' && want[i].back() == '}';
    if (wildcard ? have[i].empty() : want[i] != have[i]) return false;
  }
  return true;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// "%41" -> "A"; a malformed escape is kept as written.
std::string percent_decode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
        hex_value(text[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2])));
      i += 2;
    } else if (plus_is_space && text[i] == '+') {
      out.push_back(' ');
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

}  // namespace

std::string path_of(const std::string& target) {
  return target.substr(0, target.find('?'));
}

std::string path_segment(const std::string& target, size_t index) {
  const std::string path = path_of(target);
  const std::vector<std::string_view> segments = split_path(path);
  return index < segments.size() ? percent_decode(segments[index], false) : std::string();
}

std::optional<std::string> query_param(const std::string& target, std::string_view name) {
  const size_t question = target.find('?');
  if (question == std::string::npos) return std::nullopt;
  std::string_view query = std::string_view(target).substr(question + 1);
  while (!query.empty()) {
    const size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    const size_t eq = pair.find('=');
    if (percent_decode(pair.substr(0, eq), true) == name) {
      return eq == std::string_view::npos ? std::string()
                                          : percent_decode(pair.substr(eq + 1), true);
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return std::nullopt;
}

void Router::add(std::string method, std::string path, Route route, RateLimited limited) {
  routes_.push_back(Entry{std::move(method), std::move(path), std::move(route), limited});
}

void Router::dispatch(const HttpRequest& request, std::shared_ptr<Responder> responder) const {
  const std::string path = path_of(request.target);
  std::string allowed;  // methods this path answers, for 405's Allow header
  for (const Entry& entry : routes_) {
    if (!matches(entry.path, path)) continue;
    if (entry.method == request.method) {
      if (entry.limited == RateLimited::kYes && gate_ && !gate_(request, responder)) return;
      entry.route(request, std::move(responder));
      return;
    }
    allowed += allowed.empty() ? entry.method : ", " + entry.method;
  }
  if (allowed.empty()) {
    responder->respond(json_error(404, fmt::format("no such path: {}", path)));
    return;
  }
  HttpResponse response = json_error(
      405, fmt::format("{} is not allowed on {}; use {}", request.method, path, allowed));
  response.headers.emplace_back("Allow", allowed);
  responder->respond(std::move(response));
}

}  // namespace corridor::gateway
