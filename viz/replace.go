package viz

import (
	"encoding/json"
	"fmt"
)

// ReplaceChartJS returns JavaScript that draws c in place of the chart
// inside the element with id boxID: the ECharts instances in the box are
// disposed, c's element takes their place and c's script draws it. The page
// must have ECharts already (a chart shown there with Display or
// NotebookHTML); the code does nothing when the box or the library is
// missing. Live notebook controls (package viz/live) redraw with it.
func ReplaceChartJS(boxID string, c Chart) string {
	s := chartSnippet(c)
	box, _ := json.Marshal(boxID)
	el, _ := json.Marshal(s.Element)
	return fmt.Sprintf(`(function () {
 var box = document.getElementById(%s);
 if (!box || typeof window.echarts === "undefined") { return; }
 box.querySelectorAll("[_echarts_instance_]").forEach(function (d) {
  var old = window.echarts.getInstanceByDom(d);
  if (old) { old.dispose(); }
 });
 box.innerHTML = %s;
 (function (echarts) { %s })(window.echarts);
})();
`, box, el, s.Script)
}
