// Boxed<T>: an optional value kept on the heap, for fields most instances
// lack (a parsed transaction's addresses, a tracked payment's FX legs).
#pragma once

#include <memory>

namespace corridor::iso20022 {

// A value kept on the heap, and only when the message has it: most
// transactions carry no addresses, other account ids or cover details, and a
// Transaction must stay small (a 1,000-transaction message builds 1,000 of
// them). Copies are deep; == compares the values (two absent ones are equal).
template <class T>
class Boxed {
 public:
  Boxed() = default;
  Boxed(const Boxed& other) : value_(other.value_ ? std::make_unique<T>(*other.value_) : nullptr) {}
  Boxed(Boxed&&) noexcept = default;
  Boxed& operator=(const Boxed& other) {
    if (this != &other) value_ = other.value_ ? std::make_unique<T>(*other.value_) : nullptr;
    return *this;
  }
  Boxed& operator=(Boxed&&) noexcept = default;
  ~Boxed() = default;

  explicit operator bool() const { return value_ != nullptr; }
  const T& operator*() const { return *value_; }
  const T* operator->() const { return value_.get(); }
  // The value, made (default) when absent.
  T& get() {
    if (!value_) value_ = std::make_unique<T>();
    return *value_;
  }
  friend bool operator==(const Boxed& a, const Boxed& b) {
    if (!a.value_ || !b.value_) return !a.value_ && !b.value_;
    return *a.value_ == *b.value_;
  }

 private:
  std::unique_ptr<T> value_;
};

}  // namespace corridor::iso20022
