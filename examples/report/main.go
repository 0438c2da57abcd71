// Command report prints a CRM metrics report computed with the crmmetrics
// packages.
//
// Without flags it reports on a sample company that the program generates
// deterministically (customers, orders, subscriptions, survey answers, leads,
// deals, tickets, product activity and costs). With -data DIR it reads the
// same entities from CSV files in DIR; every file is optional, and a section
// whose files are missing is listed as skipped.
//
// Usage:
//
//	go run ./examples/report [-data DIR] [-json FILE] [-html FILE] [-write-sample DIR]
//
// The reporting period is the twelve months ending with the day as_of.
// -json FILE also writes every figure and table as JSON, and -html FILE an
// offline dashboard: one HTML page of SVG charts drawn from that same JSON
// document, with no script and nothing loaded from the network.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "report:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout io.Writer) error {
	flags := flag.NewFlagSet("report", flag.ContinueOnError)
	dataDir := flags.String("data", "", "read the CSV files of `DIR` instead of the generated sample")
	jsonFile := flags.String("json", "", "also write every figure as JSON to `FILE`")
	htmlFile := flags.String("html", "", "also write the report as an offline HTML dashboard of charts to `FILE`")
	sampleDir := flags.String("write-sample", "", "write the generated sample as CSV files into `DIR` and exit")
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	if flags.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q (flags: -data, -json, -html, -write-sample)", flags.Arg(0))
	}

	if *sampleDir != "" {
		if *dataDir != "" {
			return errors.New("-write-sample writes the generated sample and cannot be combined with -data")
		}
		return WriteDir(*sampleDir, Sample())
	}

	source := "generated sample company"
	var d *Dataset
	if *dataDir != "" {
		loaded, err := LoadDir(*dataDir)
		if err != nil {
			return err
		}
		source, d = *dataDir, loaded
	} else {
		d = Sample()
	}

	r, err := Build(source, d, sections)
	if err != nil {
		return err
	}
	if err := r.WriteText(stdout); err != nil {
		return err
	}
	if *jsonFile != "" {
		if err := writeJSON(*jsonFile, r); err != nil {
			return err
		}
	}
	if *htmlFile != "" {
		return writeHTML(*htmlFile, r)
	}
	return nil
}

func writeJSON(path string, r *Report) error {
	data, err := r.MarshalJSON()
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(data, '\n'), 0o644)
}
