#include "sim/virtual_time.h"

#include <fmt/format.h>

namespace corridor::sim {
namespace {

bool is_leap(int64_t year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(int64_t year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap(year) ? 29 : kDays[month - 1];
}

}  // namespace

bool is_valid_date(core::ValueDate date) {
  const int64_t year = date / 10000;
  const int month = date / 100 % 100;
  const int day = date % 100;
  if (year < 1970 || year > 2200) return false;  // keeps timestamps well inside int64 ns
  if (month < 1 || month > 12) return false;
  return day >= 1 && day <= days_in_month(year, month);
}

// Howard Hinnant's days_from_civil.
int64_t days_since_epoch(core::ValueDate date) {
  int64_t year = date / 10000;
  const int64_t month = date / 100 % 100;
  const int64_t day = date % 100;
  year -= month <= 2;
  const int64_t era = (year >= 0 ? year : year - 399) / 400;
  const int64_t year_of_era = year - era * 400;
  const int64_t day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

// Howard Hinnant's civil_from_days.
core::ValueDate date_from_days(int64_t days) {
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const int64_t day_of_era = days - era * 146097;
  const int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const int64_t day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const int64_t mp = (5 * day_of_year + 2) / 153;
  const int64_t day = day_of_year - (153 * mp + 2) / 5 + 1;
  const int64_t month = mp < 10 ? mp + 3 : mp - 9;
  const int64_t year = year_of_era + era * 400 + (month <= 2);
  return static_cast<core::ValueDate>(year * 10000 + month * 100 + day);
}

core::ValueDate next_weekday(core::ValueDate date) {
  int64_t days = days_since_epoch(date);
  do {
    ++days;
  } while ((days + 3) % 7 >= 5);  // 1970-01-01 was a Thursday: (days + 3) % 7 is 0 on Monday
  return date_from_days(days);
}

core::TimestampNs timestamp_ns(core::ValueDate date, int64_t seconds_of_day) {
  return (days_since_epoch(date) * kSecondsPerDay + seconds_of_day) * kNsPerSecond;
}

std::string format_seconds(int64_t seconds) {
  return fmt::format("{:02}:{:02}:{:02}", seconds / 3600, seconds / 60 % 60, seconds % 60);
}

std::string format_date(core::ValueDate date) {
  return fmt::format("{:04}-{:02}-{:02}", date / 10000, date / 100 % 100, date % 100);
}

}  // namespace corridor::sim
