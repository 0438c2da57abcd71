package segment

import "fmt"

// Rule names the segment of the records that Match accepts.
type Rule[R any] struct {
	// Name is the segment's name; non-empty.
	Name string
	// Match reports whether a record belongs to the segment.
	Match func(R) bool
}

// Rules assigns each record to the segment of the first rule that matches
// it, in the order listed, so an earlier rule always takes precedence and
// a later one never overwrites it. Several rules may share a name, to
// express a segment with several conditions.
//
// The zero Rules has no rules and no default, so every record is an error.
type Rules[R any] struct {
	// Rules lists the rules in order of precedence.
	Rules []Rule[R]
	// Default names the segment of records no rule matches; "" makes such
	// a record an error wrapping ErrNoMatch.
	Default string
}

// Validate returns an error wrapping ErrInvalidRule when a rule has no
// name or no Match function.
func (s Rules[R]) Validate() error {
	for i, r := range s.Rules {
		if r.Name == "" {
			return fmt.Errorf("segment: rule %d has no name: %w", i, ErrInvalidRule)
		}
		if r.Match == nil {
			return fmt.Errorf("segment: rule %d (%q) has no Match function: %w", i, r.Name, ErrInvalidRule)
		}
	}
	return nil
}

// Assign returns the segment of record: the name of the first matching
// rule, else Default. It returns the errors of Validate and one wrapping
// ErrNoMatch when nothing matches and Default is "".
func (s Rules[R]) Assign(record R) (string, error) {
	if err := s.Validate(); err != nil {
		return "", err
	}
	name, ok := s.assign(record)
	if !ok {
		return "", fmt.Errorf("segment: record: %w", ErrNoMatch)
	}
	return name, nil
}

// AssignAll returns the segment of each record, in input order. It
// validates once and returns the errors of Assign, naming the index of a
// record nothing matches.
func (s Rules[R]) AssignAll(records []R) ([]string, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	names := make([]string, len(records))
	for i, r := range records {
		name, ok := s.assign(r)
		if !ok {
			return nil, fmt.Errorf("segment: record %d: %w", i, ErrNoMatch)
		}
		names[i] = name
	}
	return names, nil
}

func (s Rules[R]) assign(record R) (string, bool) {
	for _, r := range s.Rules {
		if r.Match(record) {
			return r.Name, true
		}
	}
	return s.Default, s.Default != ""
}
