package main

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/crmmetrics/crmmetrics/retention"
)

// resultLine is one line of the pipeline's output: the figures of one
// metric for one segment, with the merged accumulator they come from. It is
// built and encoded to JSON inside a DoFn, so it never crosses a Beam coder.
type resultLine struct {
	Metric  string `json:"metric"`
	Segment string `json:"segment"`
	// Key further splits a metric within a segment (the customer of a
	// purchase summary); empty otherwise.
	Key         string            `json:"key,omitempty"`
	Accumulator any               `json:"accumulator"`
	Figures     map[string]any    `json:"figures,omitempty"`
	Absent      map[string]string `json:"absent,omitempty"`
}

// encodeLine returns the JSON of l as one line.
func encodeLine(l resultLine) (string, error) {
	data, err := json.Marshal(l)
	if err != nil {
		return "", fmt.Errorf("encoding the %s result of segment %q: %w", l.Metric, l.Segment, err)
	}
	return string(data), nil
}

// decodedLine is a resultLine read back, with the accumulator and figures
// left as raw JSON so that numbers keep their exact text.
type decodedLine struct {
	Metric      string                     `json:"metric"`
	Segment     string                     `json:"segment"`
	Key         string                     `json:"key"`
	Accumulator json.RawMessage            `json:"accumulator"`
	Figures     map[string]json.RawMessage `json:"figures"`
	Absent      map[string]string          `json:"absent"`
}

// decodeLines parses the pipeline's output lines and sorts them by metric,
// segment (the overall figures first) and key.
func decodeLines(lines []string) ([]decodedLine, error) {
	out := make([]decodedLine, 0, len(lines))
	for i, text := range lines {
		if strings.TrimSpace(text) == "" {
			continue
		}
		var l decodedLine
		if err := json.Unmarshal([]byte(text), &l); err != nil {
			return nil, fmt.Errorf("output line %d: %w", i+1, err)
		}
		out = append(out, l)
	}
	sort.Slice(out, func(i, j int) bool { return lineLess(out[i], out[j]) })
	return out, nil
}

func lineLess(a, b decodedLine) bool {
	if a.Metric != b.Metric {
		return a.Metric < b.Metric
	}
	if a.Segment != b.Segment {
		if a.Segment == segmentAll || b.Segment == segmentAll {
			return a.Segment == segmentAll
		}
		return a.Segment < b.Segment
	}
	return a.Key < b.Key
}

// printLines writes the figures of each line as readable text, one block
// per metric and segment. The per-customer summaries are only counted.
func printLines(w io.Writer, lines []decodedLine) error {
	summaries := 0
	for _, l := range lines {
		if l.Metric == "clv.customer" {
			summaries++
			continue
		}
		title := fmt.Sprintf("%s, segment %s", l.Metric, l.Segment)
		if l.Key != "" {
			title += ", " + l.Key
		}
		if _, err := fmt.Fprintln(w, title); err != nil {
			return err
		}
		for _, name := range sortedKeys(l.Figures) {
			if _, err := fmt.Fprintf(w, "  %-32s %s\n", name, l.Figures[name]); err != nil {
				return err
			}
		}
		for _, name := range sortedKeys(l.Absent) {
			if _, err := fmt.Fprintf(w, "  %-32s absent: %s\n", name, l.Absent[name]); err != nil {
				return err
			}
		}
		if l.Metric == "mrr" {
			if err := printMonths(w, l.Accumulator); err != nil {
				return err
			}
		}
	}
	if summaries > 0 {
		_, err := fmt.Fprintf(w, "clv.customer: %d per-customer BTYD summaries in the output file\n", summaries)
		return err
	}
	return nil
}

// printMonths writes the movements of each month of an MRR bridge.
func printMonths(w io.Writer, accumulator json.RawMessage) error {
	var bridge retention.Bridge
	if err := json.Unmarshal(accumulator, &bridge); err != nil {
		return fmt.Errorf("mrr accumulator: %w", err)
	}
	if _, err := fmt.Fprintln(w, "  month      start + new + expansion + reactivation - contraction - churn = end"); err != nil {
		return err
	}
	for _, m := range bridge.Months {
		_, err := fmt.Fprintf(w, "  %s  %s + %s + %s + %s - %s - %s = %s\n", m.From,
			m.Start, m.New, m.Expansion, m.Reactivation, m.Contraction, m.Churn, m.End)
		if err != nil {
			return err
		}
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
