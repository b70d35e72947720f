// Routing by method and path (with "{name}" segments) and reading a request's
// path segments and query parameters.
#include "gateway/router.h"

#include <gtest/gtest.h>

namespace corridor::gateway {
namespace {

class Capture : public Responder {
 public:
  void respond(HttpResponse response) override { answer = std::move(response); }
  HttpResponse answer{0, "", "", {}};
};

HttpRequest request(std::string method, std::string target) {
  HttpRequest r;
  r.method = std::move(method);
  r.target = std::move(target);
  return r;
}

unsigned dispatch(const Router& router, const std::string& method, const std::string& target,
                  HttpResponse* answer = nullptr) {
  auto capture = std::make_shared<Capture>();
  router.dispatch(request(method, target), capture);
  if (answer) *answer = capture->answer;
  return capture->answer.status;
}

Router router_with_routes(std::string* seen) {
  Router router;
  router.add("GET", "/v1/payments/{uetr}",
             [seen](const HttpRequest& r, std::shared_ptr<Responder> responder) {
               *seen = "payment " + path_segment(r.target, 2);
               responder->respond(HttpResponse{200, "text/plain", "", {}});
             });
  router.add("GET", "/v1/inbox", [seen](const HttpRequest&, std::shared_ptr<Responder> responder) {
    *seen = "inbox";
    responder->respond(HttpResponse{200, "text/plain", "", {}});
  });
  router.add("POST", "/v1/inbox/ack",
             [seen](const HttpRequest&, std::shared_ptr<Responder> responder) {
               *seen = "ack";
               responder->respond(HttpResponse{200, "text/plain", "", {}});
             });
  return router;
}

TEST(Router, APlaceholderSegmentMatchesOneNonEmptySegmentAndTheHandlerReadsIt) {
  std::string seen;
  const Router router = router_with_routes(&seen);
  EXPECT_EQ(dispatch(router, "GET", "/v1/payments/eb6305c9-1f7f-49de-aed0-16487c27b42d?x=1"), 200u);
  EXPECT_EQ(seen, "payment eb6305c9-1f7f-49de-aed0-16487c27b42d");
  EXPECT_EQ(dispatch(router, "GET", "/v1/payments/"), 404u);
  EXPECT_EQ(dispatch(router, "GET", "/v1/payments/a/b"), 404u);
  EXPECT_EQ(dispatch(router, "GET", "/v1/payments"), 404u);
}

TEST(Router, ExactPathsStillMatchOnlyThemselvesAndAnotherMethodIs405WithAllow) {
  std::string seen;
  const Router router = router_with_routes(&seen);
  EXPECT_EQ(dispatch(router, "GET", "/v1/inbox?after=3"), 200u);
  EXPECT_EQ(seen, "inbox");
  EXPECT_EQ(dispatch(router, "GET", "/v1/inboxes"), 404u);
  HttpResponse answer;
  EXPECT_EQ(dispatch(router, "GET", "/v1/inbox/ack", &answer), 405u);
  ASSERT_EQ(answer.headers.size(), 1u);
  EXPECT_EQ(answer.headers[0].first, "Allow");
  EXPECT_EQ(answer.headers[0].second, "POST");
}

TEST(Router, QueryParametersArePercentDecodedAndAbsentOnesAreNullopt) {
  const std::string target = "/v1/inbox?after=12.3&limit=50&name=a%2Fb+c&flag&bad=%zz";
  EXPECT_EQ(query_param(target, "after"), "12.3");
  EXPECT_EQ(query_param(target, "limit"), "50");
  EXPECT_EQ(query_param(target, "name"), "a/b c");
  EXPECT_EQ(query_param(target, "flag"), "");
  EXPECT_EQ(query_param(target, "bad"), "%zz");
  EXPECT_EQ(query_param(target, "missing"), std::nullopt);
  EXPECT_EQ(query_param("/v1/inbox", "after"), std::nullopt);
}

TEST(Router, PathSegmentsAreCountedFromTheFirstAfterTheSlashAndDecoded) {
  EXPECT_EQ(path_segment("/v1/statements/2026-11-30?x", 2), "2026-11-30");
  EXPECT_EQ(path_segment("/v1/a%20b", 1), "a b");
  EXPECT_EQ(path_segment("/v1", 5), "");
  EXPECT_EQ(path_of("/v1/inbox?after=1"), "/v1/inbox");
}

}  // namespace
}  // namespace corridor::gateway
