#include "cli/progress_bar.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

namespace corridor::cli {
namespace {

TEST(ProgressBarTest, LineShowsRunsDoneAndEstimatesTimeLeftFromTheWorkSoFar) {
  // A quarter of the work in 30 s: about 1:30 left.
  EXPECT_EQ(ProgressBar::line("sim runs", 10, 40, 0.25, 30.0),
            "sim runs [#######.......................] 10/40  0:30 elapsed, about 1:30 left");
  EXPECT_EQ(ProgressBar::line("sim runs", 0, 40, 0.0, 0.2),
            "sim runs [..............................] 0/40  0:00 elapsed, estimating");
  // Within the first runs already: 10% of the payments in 12 s.
  EXPECT_EQ(ProgressBar::line("sim runs", 0, 40, 0.1, 12.0),
            "sim runs [###...........................] 0/40  0:12 elapsed, about 1:48 left");
  EXPECT_EQ(ProgressBar::line("sim runs", 40, 40, 1.0, 125.0),
            "sim runs [##############################] 40/40  2:05 elapsed, done");
}

TEST(ProgressBarTest, DisabledBarWritesNothing) {
  std::FILE* out = std::tmpfile();
  ASSERT_NE(out, nullptr);
  ProgressBar bar(out, /*enabled=*/false, "sim runs");
  bar.update(1, 4, 10, 40);
  bar.update(4, 4, 40, 40);
  bar.finish();
  EXPECT_EQ(std::ftell(out), 0);
  std::fclose(out);
}

TEST(ProgressBarTest, EnabledBarRedrawsOneLineAndEndsIt) {
  std::FILE* out = std::tmpfile();
  ASSERT_NE(out, nullptr);
  ProgressBar bar(out, /*enabled=*/true, "runs");
  bar.update(1, 2, 0, 0);
  bar.update(2, 2, 0, 0);
  bar.finish();
  std::rewind(out);
  std::string text(4096, '\0');
  text.resize(std::fread(text.data(), 1, text.size(), out));
  std::fclose(out);
  EXPECT_EQ(text.front(), '\r');
  EXPECT_EQ(text.back(), '\n');
  EXPECT_NE(text.find("1/2"), std::string::npos);
  EXPECT_NE(text.find("2/2"), std::string::npos);
  EXPECT_EQ(text.find('\n'), text.size() - 1);  // one line, redrawn in place
}

}  // namespace
}  // namespace corridor::cli
