package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"flag"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/crmmetrics/crmmetrics/internal/testdata"
)

// The end-to-end test renders dashboards in headless Chromium (Debian's
// chromium package). It is skipped when Chromium is missing, unless the
// environment sets CI, as CI runs do; there a missing browser fails.

var updateScreenshot = flag.Bool("update-screenshot", false, "rewrite dashboard.png, the README's screenshot of the sample's dashboard")

// screenshotFile is the README's screenshot of the sample's dashboard.
const screenshotFile = "dashboard.png"

// chromiumProbe measures the rendered page and logs the result to the
// console, which Chromium prints on stderr. The probe runs only in the
// test's copy of the page; its hash is added to the page's
// Content-Security-Policy, which otherwise forbids every script.
const chromiumProbe = `window.addEventListener("load", function () {
  var out = {innerWidth: innerWidth, scrollWidth: document.documentElement.scrollWidth,
    scrollHeight: document.documentElement.scrollHeight, charts: []};
  document.querySelectorAll("svg.chart").forEach(function (svg) {
    var r = svg.getBoundingClientRect(), frame = svg.parentElement.getBoundingClientRect(), marks = 0;
    svg.querySelectorAll(".mark").forEach(function (m) {
      var b = m.getBoundingClientRect();
      if (b.width > 0 || b.height > 0) { marks++; }
    });
    out.charts.push({id: svg.id, width: r.width, height: r.height, frameRight: frame.right, marks: marks});
  });
  console.log("PROBE " + JSON.stringify(out));
});`

// probeResult is what chromiumProbe logs.
type probeResult struct {
	InnerWidth   float64
	ScrollWidth  float64
	ScrollHeight float64
	Charts       []struct {
		ID         string
		Width      float64
		Height     float64
		FrameRight float64
		Marks      int
	}
}

// chromiumPath returns the path of Chromium, skipping t without it unless
// the environment sets CI.
func chromiumPath(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("chromium")
	if err == nil {
		return path
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("chromium is not installed and CI is set: %v", err)
	}
	t.Skipf("chromium is not installed (apt-get install chromium; CI=true makes this a failure): %v", err)
	return ""
}

// TestDashboardInChromium renders the dashboard of the sample and of every
// real data set in headless Chromium at 1280 px, and those of the sample
// and the telco data set also at a phone's 390 px. It fails on any console
// message (a script error, a blocked network load, an invalid SVG
// attribute), on a chart without visible data marks, and on a page wider
// than the window.
func TestDashboardInChromium(t *testing.T) {
	browser := chromiumPath(t)
	sample, err := Build("generated sample company", Sample(), sections)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("sample", func(t *testing.T) {
		t.Parallel()
		for _, width := range []int{1280, 390} {
			checkInChromium(t, browser, sample, width)
		}
		if *updateScreenshot {
			writeScreenshot(t, browser, sample)
		}
	})

	t.Run("data", func(t *testing.T) {
		root := testdata.Dir(t)
		dirs, err := filepath.Glob(filepath.Join(root, "*", "crm*"))
		if err != nil || len(dirs) == 0 {
			t.Fatalf("no crm folders under %s: %v", root, err)
		}
		sort.Strings(dirs)
		for _, dir := range dirs {
			rel, _ := filepath.Rel(root, dir)
			t.Run(rel, func(t *testing.T) {
				t.Parallel()
				r := buildFromDir(t, dir)
				checkInChromium(t, browser, r, 1280)
				if rel == filepath.Join("telco_churn", "crm") {
					checkInChromium(t, browser, r, 390)
				}
			})
		}
	})
}

// checkInChromium renders r's page at width and checks the probe's
// measurements.
func checkInChromium(t *testing.T, browser string, r *Report, width int) {
	t.Helper()
	page := probePage(t, r)
	probe, stderr := runProbe(t, browser, page, width)
	if probe == nil {
		t.Fatalf("width %d: the probe logged nothing; chromium stderr:\n%s", width, stderr)
	}
	if probe.ScrollWidth > probe.InnerWidth {
		t.Errorf("width %d: page is %.0f px wide, wider than the window", width, probe.ScrollWidth)
	}
	for _, c := range probe.Charts {
		if c.Marks == 0 || c.Width < 200 || c.Height < 50 {
			t.Errorf("width %d: chart %s is empty or tiny: %d visible marks, %.0f × %.0f px", width, c.ID, c.Marks, c.Width, c.Height)
		}
		if c.FrameRight > probe.InnerWidth+0.5 {
			t.Errorf("width %d: chart %s reaches %.0f px, beyond the window", width, c.ID, c.FrameRight)
		}
	}
	if want := drawnCharts(t, r); len(probe.Charts) != want {
		t.Errorf("width %d: Chromium shows %d charts, the page has %d", width, len(probe.Charts), want)
	}
}

// probePage writes r's page with the probe script into a temporary folder
// and returns its path.
func probePage(t *testing.T, r *Report) string {
	t.Helper()
	var b bytes.Buffer
	if err := r.WriteHTML(&b); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte(chromiumProbe))
	hash := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
	html := b.String()
	csp := "default-src 'none';"
	if !strings.Contains(html, csp) {
		t.Fatalf("page lacks the Content-Security-Policy %q", csp)
	}
	html = strings.Replace(html, csp, csp+" script-src "+hash+";", 1)
	html = strings.Replace(html, "</body>", "<script>"+chromiumProbe+"</script>\n</body>", 1)
	path := filepath.Join(t.TempDir(), "dashboard.html")
	if err := os.WriteFile(path, []byte(html), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// runProbe loads page in Chromium and returns the probe's result and
// Chromium's stderr. It reports every console message but the probe's.
func runProbe(t *testing.T, browser, page string, width int) (*probeResult, string) {
	t.Helper()
	shot := filepath.Join(t.TempDir(), "shot.png")
	stderr := runChromium(t, browser, page, shot, width, 900)

	var probe *probeResult
	sc := bufio.NewScanner(strings.NewReader(stderr))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if !strings.Contains(line, ":CONSOLE") {
			continue
		}
		_, msg, _ := strings.Cut(line, `] "`)
		if rest, ok := strings.CutPrefix(msg, "PROBE "); ok {
			msg, _, _ = strings.Cut(rest, `", source:`)
			probe = new(probeResult)
			if err := json.Unmarshal([]byte(msg), probe); err != nil {
				t.Fatalf("probe output %q: %v", msg, err)
			}
			continue
		}
		t.Errorf("width %d: console message: %s", width, line)
	}
	checkScreenshot(t, shot)
	return probe, stderr
}

// runChromium loads page in a window of width × height with a fresh
// profile, writes a screenshot to shot and returns stderr.
func runChromium(t *testing.T, browser, page, shot string, width, height int) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, browser, "--headless", "--no-sandbox", "--disable-gpu",
		"--disable-background-networking", "--no-first-run", "--hide-scrollbars",
		"--force-device-scale-factor=1", "--user-data-dir="+t.TempDir(),
		"--enable-logging=stderr", "--v=0",
		"--screenshot="+shot, "--window-size="+strconv.Itoa(width)+","+strconv.Itoa(height),
		"file://"+page)
	cmd.WaitDelay = 5 * time.Second
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stderr, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, stderr.String())
	}
	return stderr.String()
}

// checkScreenshot fails when the screenshot is missing or one colour.
func checkScreenshot(t *testing.T, path string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("screenshot %s: %v", path, err)
	}
	b := img.Bounds()
	first := img.At(b.Min.X, b.Min.Y)
	for y := b.Min.Y; y < b.Max.Y; y += 7 {
		for x := b.Min.X; x < b.Max.X; x += 7 {
			if img.At(x, y) != first {
				return
			}
		}
	}
	t.Errorf("screenshot %s is blank", path)
}

// drawnCharts returns the number of charts r's page draws.
func drawnCharts(t *testing.T, r *Report) int {
	t.Helper()
	doc, err := decodeReport(r)
	if err != nil {
		t.Fatal(err)
	}
	p, err := newPage(doc)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, pn := range p.Panels {
		for _, c := range pn.Charts {
			if c.Chart != nil {
				n++
			}
		}
	}
	return n
}

// writeScreenshot rewrites the README's screenshot: the top of the
// sample's dashboard at 1280 px.
func writeScreenshot(t *testing.T, browser string, r *Report) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "dashboard.html")
	if err := writeHTML(path, r); err != nil {
		t.Fatal(err)
	}
	stderr := runChromium(t, browser, path, screenshotFile, 1280, 2000)
	if strings.Contains(stderr, ":CONSOLE") {
		t.Errorf("console messages while taking the screenshot:\n%s", stderr)
	}
	checkScreenshot(t, screenshotFile)
}
