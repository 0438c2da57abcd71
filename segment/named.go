package segment

import "fmt"

// ScoreRange is an inclusive range of RFM scores, Min ≤ score ≤ Max.
type ScoreRange struct {
	Min int `json:"min"`
	Max int `json:"max"`
}

func (r ScoreRange) contains(score int) bool {
	return r.Min <= score && score <= r.Max
}

// NamedSegment names the customers whose R, F and M scores all lie in its
// ranges.
type NamedSegment struct {
	// Name is the segment's name, such as "Champions"; non-empty and
	// unique within the map.
	Name string `json:"name"`
	// R, F and M are the score ranges, within 1..bins.
	R ScoreRange `json:"r"`
	F ScoreRange `json:"f"`
	M ScoreRange `json:"m"`
}

// SegmentMap names customers by their RFM scores. Segments are tried in
// order and the first whose ranges contain the scores wins, so a later
// segment never overwrites an earlier one. A segment that no score can
// reach, because earlier segments cover all of its scores, is an error,
// because it shows a map written in the wrong order. Tools that let later
// rules overwrite earlier ones have labelled a 555 customer "Loyal"
// instead of "Champions"; here the order states the precedence.
type SegmentMap struct {
	// Segments lists the named segments in order of precedence.
	Segments []NamedSegment `json:"segments"`
	// Other names the customers no segment contains; "" means "Other".
	Other string `json:"other"`
}

// StandardSegments returns ten segments for 5 bins: the segments of the
// rfm_segment example of the R package rfm (rsquaredacademy), reordered so
// that under first-match precedence each one is reachable. In the order
// that example lists them, Potential Loyalist would shadow New Customers
// and Promising, and At Risk would shadow Can't Lose Them. Scores in no
// segment (such as R 1, F 1, M 3) are "Other". It returns a new map on each
// call.
func StandardSegments() SegmentMap {
	seg := func(name string, r0, r1, f0, f1, m0, m1 int) NamedSegment {
		return NamedSegment{Name: name, R: ScoreRange{r0, r1}, F: ScoreRange{f0, f1}, M: ScoreRange{m0, m1}}
	}
	return SegmentMap{Segments: []NamedSegment{
		seg("Champions", 4, 5, 4, 5, 4, 5),
		seg("Loyal Customers", 2, 5, 3, 5, 3, 5),
		seg("New Customers", 4, 5, 1, 1, 1, 1),
		seg("Promising", 3, 4, 1, 1, 1, 1),
		seg("Potential Loyalist", 3, 5, 1, 3, 1, 3),
		seg("Need Attention", 2, 3, 2, 3, 2, 3),
		seg("About To Sleep", 2, 3, 1, 2, 1, 2),
		seg("Can't Lose Them", 1, 1, 4, 5, 4, 5),
		seg("At Risk", 1, 2, 2, 5, 2, 5),
		seg("Lost", 1, 2, 1, 2, 1, 2),
	}}
}

// otherName returns the name of customers in no segment.
func (m SegmentMap) otherName() string {
	if m.Other == "" {
		return "Other"
	}
	return m.Other
}

// Name returns the name of the first segment containing s, or the Other
// name. It does not validate m; Assign does.
func (m SegmentMap) Name(s Scores) string {
	for _, seg := range m.Segments {
		if seg.R.contains(s.R) && seg.F.contains(s.F) && seg.M.contains(s.M) {
			return seg.Name
		}
	}
	return m.otherName()
}

// Coverage is how many of the bins³ score cells a named segment covers and
// how many it receives under first-match precedence.
type Coverage struct {
	// Name is the segment's name, or the Other name.
	Name string `json:"name"`
	// Covered is the number of cells inside the segment's ranges; for
	// Other, the number of cells in no segment.
	Covered int `json:"covered"`
	// Assigned is the number of those cells the segment receives, those
	// not taken by an earlier segment.
	Assigned int `json:"assigned"`
}

// Coverage returns, for each segment in order and then for Other, the
// score cells it covers and receives with scores 1..bins. A segment with
// Assigned < Covered overlaps earlier ones; one with Assigned 0 is
// shadowed. It returns the errors of Validate except ErrShadowedSegment.
// It costs O(bins³ · segments).
func (m SegmentMap) Coverage(bins int) ([]Coverage, error) {
	if err := m.checkRanges(bins); err != nil {
		return nil, err
	}
	out := make([]Coverage, len(m.Segments)+1)
	for i, seg := range m.Segments {
		out[i] = Coverage{Name: seg.Name, Covered: cells(seg.R, seg.F, seg.M)}
	}
	out[len(m.Segments)].Name = m.otherName()
	for r := 1; r <= bins; r++ {
		for f := 1; f <= bins; f++ {
			for mo := 1; mo <= bins; mo++ {
				i := m.first(Scores{r, f, mo})
				out[i].Assigned++
			}
		}
	}
	out[len(m.Segments)].Covered = out[len(m.Segments)].Assigned
	return out, nil
}

// first returns the index of the first segment containing s, or
// len(m.Segments).
func (m SegmentMap) first(s Scores) int {
	for i, seg := range m.Segments {
		if seg.R.contains(s.R) && seg.F.contains(s.F) && seg.M.contains(s.M) {
			return i
		}
	}
	return len(m.Segments)
}

func cells(r, f, m ScoreRange) int {
	return (r.Max - r.Min + 1) * (f.Max - f.Min + 1) * (m.Max - m.Min + 1)
}

// Validate returns an error wrapping ErrInvalidOptions unless
// 1 ≤ bins ≤ 100, ErrInvalidRule when a segment has no name, repeats a
// name or the Other name, or has a range outside 1..bins or with
// Min > Max, and ErrShadowedSegment when a segment receives no score cell
// because earlier segments cover all of its cells.
func (m SegmentMap) Validate(bins int) error {
	coverage, err := m.Coverage(bins)
	if err != nil {
		return err
	}
	for i, c := range coverage[:len(m.Segments)] {
		if c.Assigned == 0 {
			return fmt.Errorf("segment: named segment %d (%q) receives no scores: %w", i, c.Name, ErrShadowedSegment)
		}
	}
	return nil
}

func (m SegmentMap) checkRanges(bins int) error {
	if err := checkBins(bins); err != nil {
		return err
	}
	for i, seg := range m.Segments {
		if seg.Name == "" || seg.Name == m.otherName() {
			return fmt.Errorf("segment: named segment %d has name %q, which is empty or the Other name: %w", i, seg.Name, ErrInvalidRule)
		}
		for _, earlier := range m.Segments[:i] {
			if earlier.Name == seg.Name {
				return fmt.Errorf("segment: named segment %d: name %q used twice: %w", i, seg.Name, ErrInvalidRule)
			}
		}
		for _, r := range []ScoreRange{seg.R, seg.F, seg.M} {
			if r.Min < 1 || r.Max > bins || r.Min > r.Max {
				return fmt.Errorf("segment: named segment %q: range %d..%d outside 1..%d or reversed: %w", seg.Name, r.Min, r.Max, bins, ErrInvalidRule)
			}
		}
	}
	return nil
}

// Assign returns the segment name of each customer's scores, in input
// order. It validates m for bins (see Validate) and returns an error
// wrapping ErrInvalidValue for a score outside 1..bins, naming its index.
func (m SegmentMap) Assign(scores []Scores, bins int) ([]string, error) {
	if err := m.Validate(bins); err != nil {
		return nil, err
	}
	names := make([]string, len(scores))
	for i, s := range scores {
		if min(s.R, s.F, s.M) < 1 || max(s.R, s.F, s.M) > bins {
			return nil, fmt.Errorf("segment: scores %d (%v) outside 1..%d: %w", i, s, bins, ErrInvalidValue)
		}
		names[i] = m.Name(s)
	}
	return names, nil
}
