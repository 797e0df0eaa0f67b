#pragma once
// An intrusive doubly linked list of policy entries that also sums their costs. The entries
// live in the policy's hash map (whose elements never move), the list only links them, so
// every operation is O(1) and allocates nothing. Front = most recent, back = oldest.
#include <cstddef>
#include <cstdint>

namespace archlab::cache {

/// Node needs members `Node* prev`, `Node* next` and `std::uint64_t cost`.
template <class Node>
class CostList {
public:
    bool empty() const { return head_ == nullptr; }
    std::size_t size() const { return size_; }       ///< entries linked
    std::uint64_t cost() const { return cost_; }      ///< summed cost, in capacity units
    Node* front() const { return head_; }
    Node* back() const { return tail_; }

    void push_front(Node* n) {
        n->prev = nullptr;
        n->next = head_;
        if (head_ != nullptr) head_->prev = n; else tail_ = n;
        head_ = n;
        ++size_;
        cost_ += n->cost;
    }

    void push_back(Node* n) {
        n->next = nullptr;
        n->prev = tail_;
        if (tail_ != nullptr) tail_->next = n; else head_ = n;
        tail_ = n;
        ++size_;
        cost_ += n->cost;
    }

    void unlink(Node* n) {
        if (n->prev != nullptr) n->prev->next = n->next; else head_ = n->next;
        if (n->next != nullptr) n->next->prev = n->prev; else tail_ = n->prev;
        n->prev = n->next = nullptr;
        --size_;
        cost_ -= n->cost;
    }

    void move_to_front(Node* n) {
        if (n == head_) return;
        unlink(n);
        push_front(n);
    }

private:
    Node* head_ = nullptr;    ///< most recent
    Node* tail_ = nullptr;    ///< oldest
    std::size_t size_ = 0;    ///< entries linked
    std::uint64_t cost_ = 0;  ///< summed cost of the linked entries
};

}  // namespace archlab::cache
