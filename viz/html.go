package viz

import (
	"bytes"
	"fmt"
	"html/template"
	"io"

	"github.com/statesdiffusion/states/internal/atomicfile"
)

// Page is a standalone HTML document of headings, text and charts, in order.
type Page struct {
	// Title is the document title and its top heading.
	Title string
	items []pageItem
}

// pageItem is one block of a Page: exactly one field is set.
type pageItem struct {
	Heading string
	Text    string
	HTML    template.HTML
	Chart   Chart
}

// NewPage returns an empty page with a title.
func NewPage(title string) *Page { return &Page{Title: title} }

// Heading appends a section heading.
func (p *Page) Heading(text string) *Page {
	p.items = append(p.items, pageItem{Heading: text})
	return p
}

// Text appends a paragraph of plain text (escaped).
func (p *Page) Text(text string) *Page {
	p.items = append(p.items, pageItem{Text: text})
	return p
}

// HTML appends trusted HTML as is.
func (p *Page) HTML(h template.HTML) *Page {
	p.items = append(p.items, pageItem{HTML: h})
	return p
}

// Add appends charts.
func (p *Page) Add(charts ...Chart) *Page {
	for _, c := range charts {
		p.items = append(p.items, pageItem{Chart: c})
	}
	return p
}

// NumCharts returns the number of charts on the page.
func (p *Page) NumCharts() int {
	n := 0
	for _, it := range p.items {
		if it.Chart != nil {
			n++
		}
	}
	return n
}

// pageBlock is a rendered pageItem.
type pageBlock struct {
	Heading string
	Text    string
	HTML    template.HTML
	Element template.HTML
	Script  template.JS
}

// Render writes the page as one HTML document to w, loading or inlining
// ECharts as a says. A banner tells the reader when ECharts did not load
// (offline with the CDN default) and how to fix it.
func (p *Page) Render(w io.Writer, a Assets) error {
	inline, err := a.inlineJS()
	if err != nil {
		return err
	}
	data := struct {
		Title    string
		Inline   template.JS
		URL      string
		Env      string
		Blocks   []pageBlock
		NCharts  int
		Version  string
		Fallback bool
	}{Title: p.Title, Inline: inline, URL: a.url(), Env: EChartsEnv, Version: EChartsVersion}
	for _, it := range p.items {
		b := pageBlock{Heading: it.Heading, Text: it.Text, HTML: it.HTML}
		if it.Chart != nil {
			s := chartSnippet(it.Chart)
			b.Element = template.HTML(`<div class="ddpm-chart">` + s.Element + `</div>`)
			b.Script = template.JS(s.Script)
			data.NCharts++
		}
		data.Blocks = append(data.Blocks, b)
	}
	var buf bytes.Buffer
	if err := pageTemplate.Execute(&buf, data); err != nil {
		return fmt.Errorf("render page %q: %w", p.Title, err)
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// WriteFile renders the page to path atomically.
func (p *Page) WriteFile(path string, a Assets) error {
	var buf bytes.Buffer
	if err := p.Render(&buf, a); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return atomicfile.Write(path, buf.Bytes())
}

var pageTemplate = template.Must(template.New("page").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
{{if .Inline}}<script>{{.Inline}}</script>
{{else}}<script src="{{.URL}}"></script>
{{end}}<style>
 body { font-family: "Helvetica Neue", Arial, sans-serif; color: #222; margin: 0 auto; max-width: 1200px; padding: 16px 24px; background: #fff; }
 h1 { font-weight: 600; font-size: 26px; margin: 8px 0 4px; }
 h2 { font-weight: 600; font-size: 19px; margin: 28px 0 6px; border-bottom: 1px solid #e4e4e4; padding-bottom: 4px; }
 p { line-height: 1.45; margin: 6px 0; }
 .ddpm-chart { margin: 8px 0 18px; }
 .ddpm-chart .ddpm-echarts { display: flex; justify-content: flex-start; }
 .ddpm-warning { background: #fff4e5; border: 1px solid #f0b86e; padding: 10px 14px; border-radius: 4px; }
 table.ddpm-metrics { border-collapse: collapse; font-size: 14px; margin: 8px 0; }
 table.ddpm-metrics th, table.ddpm-metrics td { border-bottom: 1px solid #e4e4e4; padding: 4px 12px; text-align: right; }
 table.ddpm-metrics th:first-child, table.ddpm-metrics td:first-child { text-align: left; }
 table.ddpm-metrics thead th { border-bottom: 2px solid #999; }
 table.ddpm-provenance th, table.ddpm-provenance td { text-align: left; }
</style>
</head>
<body>
<h1>{{.Title}}</h1>
<div id="ddpm-echarts-missing" class="ddpm-warning" style="display:none">
The charts of this page need ECharts {{.Version}}, which did not load (no network?).
Install it with <code>scripts/install-deps.sh --runtime</code> (or <code>npm install --prefix .tools/npm echarts@{{.Version}}</code>)
and rebuild the page from the checkout: it then inlines <code>.tools/npm/node_modules/echarts/dist/echarts.min.js</code>
(or the file that <code>{{.Env}}</code> names).
</div>
<script>
 if (typeof echarts === "undefined") { document.getElementById("ddpm-echarts-missing").style.display = "block"; }
</script>
{{range .Blocks}}
{{- if .Heading}}<h2>{{.Heading}}</h2>
{{end -}}
{{- if .Text}}<p>{{.Text}}</p>
{{end -}}
{{- if .HTML}}{{.HTML}}
{{end -}}
{{- if .Element}}{{.Element}}
<script>
if (typeof echarts !== "undefined") { (function () { {{.Script}} })(); }
</script>
{{end -}}
{{end}}
</body>
</html>
`))
