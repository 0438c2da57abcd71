package main

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"os"
	"strings"
)

// The dashboard is built from the report's own JSON document: WriteHTML
// marshals the report exactly as -json writes it and draws only what that
// document holds, so the page and the JSON file cannot disagree.

//go:embed dashboard.html.tmpl
var dashboardSource string

var dashboardTemplate = template.Must(template.New("dashboard").Funcs(template.FuncMap{
	"num":  num,
	"add":  func(a, b float64) float64 { return a + b },
	"half": func(v float64) float64 { return v / 2 },
}).Parse(dashboardSource))

// WriteHTML writes the report as one self-contained HTML page: a panel per
// section with its figures and SVG charts. The page runs no script and
// loads nothing from the network; a Content-Security-Policy meta element
// forbids both.
func (r *Report) WriteHTML(w io.Writer) error {
	doc, err := decodeReport(r)
	if err != nil {
		return err
	}
	p, err := newPage(doc)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if err := dashboardTemplate.Execute(&b, p); err != nil {
		return fmt.Errorf("html: %w", err)
	}
	_, err = w.Write(b.Bytes())
	return err
}

func writeHTML(path string, r *Report) error {
	var b bytes.Buffer
	if err := r.WriteHTML(&b); err != nil {
		return err
	}
	return os.WriteFile(path, b.Bytes(), 0o644)
}

// reportDoc is the report's JSON document, decoded for drawing. Figures
// keep their JSON text, so a page shows exactly the value -json writes.
type reportDoc struct {
	Source  string
	AsOf    string
	Start   string
	Figures map[string]json.RawMessage
	Absent  map[string]string
	Skipped map[string]string
	Tables  map[string]json.RawMessage
}

func decodeReport(r *Report) (*reportDoc, error) {
	data, err := r.MarshalJSON()
	if err != nil {
		return nil, err
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		return nil, fmt.Errorf("html: decode report: %w", err)
	}
	var doc reportDoc
	var period struct{ Start string }
	for key, into := range map[string]any{
		"source": &doc.Source, "as_of": &doc.AsOf, "period": &period,
		"figures": &doc.Figures, "absent": &doc.Absent, "skipped": &doc.Skipped,
	} {
		if err := json.Unmarshal(top[key], into); err != nil {
			return nil, fmt.Errorf("html: decode report key %q: %w", key, err)
		}
		delete(top, key)
	}
	doc.Start, doc.Tables = period.Start, top
	return &doc, nil
}

// table decodes the table under key into v and reports whether it exists.
func (d *reportDoc) table(key string, v any) (bool, error) {
	raw, ok := d.Tables[key]
	if !ok {
		return false, nil
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return true, fmt.Errorf("html: decode table %q: %w", key, err)
	}
	return true, nil
}

// number returns the figure name as a float64 and whether it is present.
// A money figure (a decimal string) converts for drawing only.
func (d *reportDoc) number(name string) (float64, bool) {
	raw, ok := d.Figures[name]
	if !ok {
		return 0, false
	}
	var v float64
	if err := json.Unmarshal(raw, &v); err == nil {
		return v, true
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return 0, false
	}
	_, err := fmt.Sscan(s, &v)
	return v, err == nil
}

// page is what dashboard.html.tmpl draws.
type page struct {
	Source      string
	AsOf        string
	PeriodStart string
	PeriodLast  string
	Patterns    []pattern
	Panels      []panel
	// Skipped are the sections without data, listed after the others.
	Skipped []panel
}

// panel is one section of the page.
type panel struct {
	Name  string
	Title string
	// Skipped is the reason the section was skipped, or empty; NotDrawn
	// lists the titles of the charts a skipped section would have.
	Skipped  string
	NotDrawn []string
	Tiles    []tile
	Charts   []chartSlot
}

// chartSlot is a chart, or the reason it is not drawn.
type chartSlot struct {
	Title   string
	Chart   *chart
	Missing string
}

// tile shows one figure, or why it is absent.
type tile struct {
	Name    string
	Label   string
	Raw     string
	Display string
	Unit    string
	Absent  string
}

func newPage(doc *reportDoc) (*page, error) {
	p := &page{Source: doc.Source, AsOf: doc.AsOf, PeriodStart: doc.Start, PeriodLast: doc.AsOf, Patterns: patterns}
	claimed := map[string]bool{}
	ids := map[string]int{}
	for _, spec := range panelSpecs {
		pn, ok, err := spec.build(doc, claimed, ids)
		switch {
		case err != nil:
			return nil, err
		case ok && pn.Skipped != "":
			p.Skipped = append(p.Skipped, pn)
		case ok:
			p.Panels = append(p.Panels, pn)
		}
	}
	if other := otherTiles(doc, claimed); len(other) > 0 {
		p.Panels = append(p.Panels, panel{Name: "other", Title: "Other figures", Tiles: other})
	}
	return p, nil
}

// panelSpec lays out one section: the figures it owns by name prefix, the
// tables it draws and its charts.
type panelSpec struct {
	Section  string
	Title    string
	Prefixes []string
	Tables   []string
	Charts   []chartSpec
}

// chartSpec draws one chart from the document, or returns why it cannot.
type chartSpec struct {
	Title string
	Draw  func(d *reportDoc, id string) (*chart, string, error)
}

func (s panelSpec) owns(name string) bool {
	for _, prefix := range s.Prefixes {
		if strings.HasPrefix(name, prefix) {
			return true
		}
	}
	return false
}

// build returns the panel of s, and false when the report has nothing of
// its section (the section is not part of this report).
func (s panelSpec) build(d *reportDoc, claimed map[string]bool, ids map[string]int) (panel, bool, error) {
	p := panel{Name: s.Section, Title: s.Title, Skipped: d.Skipped[s.Section]}
	p.Tiles = s.tiles(d, claimed)
	hasTable := false
	for _, key := range s.Tables {
		_, ok := d.Tables[key]
		hasTable = hasTable || ok
	}
	if p.Skipped == "" && len(p.Tiles) == 0 && !hasTable {
		return p, false, nil
	}

	if p.Skipped != "" {
		for _, c := range s.Charts {
			p.NotDrawn = append(p.NotDrawn, c.Title)
		}
		return p, true, nil
	}
	for _, c := range s.Charts {
		slot := chartSlot{Title: c.Title}
		ids[s.Section]++
		id := fmt.Sprintf("chart-%s-%d", s.Section, ids[s.Section])
		ch, missing, err := c.Draw(d, id)
		if err != nil {
			return p, false, err
		}
		slot.Chart, slot.Missing = ch, missing
		p.Charts = append(p.Charts, slot)
	}
	return p, true, nil
}

func (s panelSpec) tiles(d *reportDoc, claimed map[string]bool) []tile {
	var tiles []tile
	for _, name := range figureOrder(d) {
		if claimed[name] || !s.owns(name) {
			continue
		}
		claimed[name] = true
		tiles = append(tiles, newTile(d, name))
	}
	return tiles
}

// figureOrder returns every figure and absent figure name: the names of
// figureLabels first, in their order, then the others sorted.
func figureOrder(d *reportDoc) []string {
	seen := map[string]bool{}
	var names []string
	for _, l := range figureLabels {
		if _, ok := d.Figures[l.Name]; ok {
			names, seen[l.Name] = append(names, l.Name), true
		} else if _, ok := d.Absent[l.Name]; ok {
			names, seen[l.Name] = append(names, l.Name), true
		}
	}
	rest := map[string]bool{}
	for name := range d.Figures {
		rest[name] = !seen[name]
	}
	for name := range d.Absent {
		rest[name] = !seen[name]
	}
	for _, name := range sortedKeys(rest) {
		if rest[name] {
			names = append(names, name)
		}
	}
	return names
}

func otherTiles(d *reportDoc, claimed map[string]bool) []tile {
	var tiles []tile
	for _, name := range figureOrder(d) {
		if !claimed[name] {
			tiles = append(tiles, newTile(d, name))
		}
	}
	return tiles
}
