#include "iso20022/small_text.h"

#include <gtest/gtest.h>

#include <string>

namespace corridor::iso20022 {
namespace {

TEST(SmallText, KeepsTextsUpToItsInlineSizeAndLongerOnesWhole) {
  SmallText<4> text;
  EXPECT_TRUE(text.empty());
  text = "abcd";
  EXPECT_EQ(text, "abcd");
  EXPECT_EQ(text.size(), 4u);
  text = "abcdefghijklmnopqrstuvwxyz";
  EXPECT_EQ(text, "abcdefghijklmnopqrstuvwxyz");
  text = "xy";
  EXPECT_EQ(text, "xy");
  text = "";
  EXPECT_TRUE(text.empty());
}

TEST(SmallText, TakesAPartOfItselfWhetherInlineOrNot) {
  SmallText<4> text("abcdefghij");
  text = text.view().substr(2, 3);  // from the long text into the inline one
  EXPECT_EQ(text, "cde");
  text = text.view().substr(1);
  EXPECT_EQ(text, "de");
  SmallText<4> long_text("abcdefghij");
  long_text = long_text.view().substr(1);
  EXPECT_EQ(long_text, "bcdefghij");
}

TEST(SmallText, CopiesAndComparesByText) {
  SmallText<4> a("abcdefgh"), b("ab");
  const SmallText<4> a_copy = a;
  EXPECT_EQ(a_copy, a);
  EXPECT_NE(a, b);
  b = a;
  EXPECT_EQ(b, "abcdefgh");
  a = "ab";
  EXPECT_EQ(b, "abcdefgh");  // a deep copy
  EXPECT_EQ(a.str(), std::string("ab"));
}

TEST(SmallText, OverwritesInPlaceToTheSizeAsked) {
  SmallText<4> text("abcdefgh");
  char* p = text.resize_for_overwrite(3);
  p[0] = 'x', p[1] = 'y', p[2] = 'z';
  EXPECT_EQ(text, "xyz");
  p = text.resize_for_overwrite(6);
  for (int i = 0; i < 6; ++i) p[i] = static_cast<char>('0' + i);
  EXPECT_EQ(text, "012345");
}

}  // namespace
}  // namespace corridor::iso20022
