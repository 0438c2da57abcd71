package csat

import (
	"fmt"
	"math"
)

// Binary counts two-option ratings, good or bad, as help desks such as
// Zendesk collect them. Its score is good / (good + bad); submissions
// without a rating are counted apart and enter no denominator.
//
// The zero Binary is ready to use. Its fields are exported with JSON tags,
// so it encodes to JSON and back without loss. A Binary is not safe for
// concurrent use: give each goroutine its own and combine them with Merge.
type Binary struct {
	// Good is the number of good ratings.
	Good int64 `json:"good"`
	// Bad is the number of bad ratings.
	Bad int64 `json:"bad"`
	// Unanswered is the number of submissions without a rating.
	Unanswered int64 `json:"unanswered"`
}

// Add counts one rating: good if good is true, bad otherwise.
func (b *Binary) Add(good bool) {
	if good {
		b.Good++
	} else {
		b.Bad++
	}
}

// AddUnanswered counts one submission without a rating.
func (b *Binary) AddUnanswered() { b.Unanswered++ }

// Merge adds the counts of other to b, so that merging the tallies of any
// split of the ratings gives exactly the tally of one pass. It returns an
// error wrapping [ErrInvalidCounts] for negative counts or a sum that
// overflows int64, and then leaves b unchanged.
func (b *Binary) Merge(other Binary) error {
	if err := b.check(); err != nil {
		return err
	}
	if err := other.check(); err != nil {
		return err
	}
	merged := Binary{Good: b.Good + other.Good, Bad: b.Bad + other.Bad, Unanswered: b.Unanswered + other.Unanswered}
	if err := merged.check(); err != nil {
		return err
	}
	*b = merged
	return nil
}

// check returns an error wrapping ErrInvalidCounts for a negative count, an
// overflowed one, or Good + Bad beyond int64.
func (b Binary) check() error {
	if b.Good < 0 || b.Bad < 0 || b.Unanswered < 0 {
		return fmt.Errorf("csat: binary counts good %d, bad %d, unanswered %d must not be negative: %w",
			b.Good, b.Bad, b.Unanswered, ErrInvalidCounts)
	}
	if b.Good > math.MaxInt64-b.Bad {
		return fmt.Errorf("csat: %d good and %d bad ratings overflow int64: %w", b.Good, b.Bad, ErrInvalidCounts)
	}
	return nil
}

// Score returns good / (good + bad) with its counts. It returns an error
// wrapping [ErrNoResponses] when there is no rating and [ErrInvalidCounts]
// for invalid counts.
func (b Binary) Score() (Share, error) {
	if err := b.check(); err != nil {
		return Share{}, err
	}
	n := b.Good + b.Bad
	if n == 0 {
		return Share{}, fmt.Errorf("csat: score of %d submissions without a rating: %w", b.Unanswered, ErrNoResponses)
	}
	return Share{Value: float64(b.Good) / float64(n), Count: b.Good, Responses: n, Unanswered: b.Unanswered}, nil
}
