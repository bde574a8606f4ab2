package testfix

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// ProbePage writes, beside the page at path, a copy named prefix+its name
// with script (a <script> element) added at the end of its body, and
// returns the copy's path.
func ProbePage(t testing.TB, path, prefix, script string) string {
	t.Helper()
	page, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	probe := filepath.Join(filepath.Dir(path), prefix+filepath.Base(path))
	WriteProbe(t, probe, string(page), script)
	return probe
}

// WriteProbe writes the page html with script added before its last
// </body> to the file probe.
func WriteProbe(t testing.TB, probe, html, script string) {
	t.Helper()
	end := strings.LastIndex(html, "</body>")
	if end < 0 {
		t.Fatalf("%s: the page has no </body>", probe)
	}
	if err := os.WriteFile(probe, []byte(html[:end]+script+"\n"+html[end:]), 0o644); err != nil {
		t.Fatal(err)
	}
}

// PreText returns the text of the element <pre id="id"> in dom, where a
// probe's script records what it found, and whether there is one.
func PreText(dom, id string) (string, bool) {
	re := regexp.MustCompile(`(?s)<pre id="` + regexp.QuoteMeta(id) + `">(.*?)</pre>`)
	m := re.FindStringSubmatch(dom)
	if m == nil {
		return "", false
	}
	return strings.TrimSpace(m[1]), true
}
