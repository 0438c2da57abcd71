// Package testdata locates the shared real data sets for tests.
//
// The data sets live in a folder named shared/data beside the repository
// (../shared/data from the module root). A test that needs them calls Dir,
// which skips the test when the folder is absent, as in a user's fresh
// clone, unless the environment sets CRMMETRICS_REQUIRE_DATA=1, as CI does;
// then a missing folder fails the test.
package testdata

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// RequireEnv is the environment variable that turns a missing data set from
// a skip into a failure.
const RequireEnv = "CRMMETRICS_REQUIRE_DATA"

// Dir returns the absolute path of the shared data folder joined with elem,
// skipping or failing t when it does not exist.
func Dir(t testing.TB, elem ...string) string {
	t.Helper()
	root, err := moduleRoot()
	if err != nil {
		t.Fatalf("locate module root: %v", err)
	}
	path := filepath.Join(append([]string{root, "..", "shared", "data"}, elem...)...)
	if _, err := os.Stat(path); err != nil {
		if os.Getenv(RequireEnv) == "1" {
			t.Fatalf("data set %s is missing and %s=1: %v", path, RequireEnv, err)
		}
		t.Skipf("data set %s not found (set %s=1 to fail instead): %v", path, RequireEnv, err)
	}
	return path
}

// moduleRoot walks up from the working directory, which go test sets to the
// package's folder, to the folder holding the root go.mod of the library.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && isLibraryModule(data) {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod of module github.com/crmmetrics/crmmetrics above the working directory")
		}
		dir = parent
	}
}

func isLibraryModule(gomod []byte) bool {
	const want = "module github.com/crmmetrics/crmmetrics\n"
	return len(gomod) >= len(want) && string(gomod[:len(want)]) == want
}
