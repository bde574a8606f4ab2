// explorer.html's script: the controls, the chart and the live sampler.
// window.DDPM_EXPLORER holds viz.ExplorerData; with the live sampler,
// window.DDPM_WASM_GZ is the gzipped WebAssembly program (base64) and
// window.DDPM_WEIGHTS the trained weights by network kind.
(function () {
  "use strict";
  var D = window.DDPM_EXPLORER;
  var $ = function (id) { return document.getElementById(id); };
  var sets = {};
  D.sets.forEach(function (s) { sets[s.key] = s; });
  var liveCache = {};
  var liveReady = false, liveError = "";
  var timings = [];
  var current = { token: 0, set: null, source: "", key: "" };

  function fail(msg) {
    var e = $("ex-error");
    e.style.display = "block";
    e.textContent += msg + "\n";
  }

  // decode unpacks viz.EncodePoints: base64 of little-endian int16 pairs
  // in units of 1/4096.
  function decode(b64) {
    var bin = atob(b64), n = bin.length >> 2, out = new Array(n);
    for (var i = 0; i < n; i++) {
      var k = 4 * i;
      var x = bin.charCodeAt(k) | (bin.charCodeAt(k + 1) << 8);
      var y = bin.charCodeAt(k + 2) | (bin.charCodeAt(k + 3) << 8);
      out[i] = [((x << 16) >> 16) / 4096, ((y << 16) >> 16) / 4096];
    }
    return out;
  }

  var data = decode(D.data);
  var byState = [], other = [];
  for (var l = 0; l < D.states.length; l++) { byState.push([]); }
  data.forEach(function (p, i) {
    var c = D.labels.charCodeAt(i) - 48;
    if (c >= 0 && c < D.states.length) { byState[c].push(p); } else { other.push(p); }
  });

  // The axes: the data's box, squared, with a margin.
  var lo = [Infinity, Infinity], hi = [-Infinity, -Infinity];
  data.forEach(function (p) {
    for (var j = 0; j < 2; j++) { lo[j] = Math.min(lo[j], p[j]); hi[j] = Math.max(hi[j], p[j]); }
  });
  var half = 0.56 * Math.max(hi[0] - lo[0], hi[1] - lo[1]);
  var mid = [(lo[0] + hi[0]) / 2, (lo[1] + hi[1]) / 2];
  var nice = function (v) { return Math.round(v * 10) / 10; };
  var box = [[nice(mid[0] - half), nice(mid[0] + half)], [nice(mid[1] - half), nice(mid[1] + half)]];

  // Controls.
  var ctl = { state: $("ex-state"), guide: $("ex-guide"), scale: $("ex-scale"), sampler: $("ex-sampler"),
    steps: $("ex-steps"), time: $("ex-time"), seed: $("ex-seed"), live: $("ex-live") };
  function option(sel, value, text) {
    var o = document.createElement("option");
    o.value = value; o.textContent = text; sel.appendChild(o);
  }
  option(ctl.state, "-1", "none (unguided)");
  D.states.forEach(function (n, i) { option(ctl.state, String(i), n); });
  D.guides.forEach(function (g) { option(ctl.guide, g.id, g.name); });
  D.samplers.forEach(function (s) { option(ctl.sampler, s.id, s.name); });
  ctl.seed.value = String(D.seed);
  ctl.live.disabled = true;

  function guide() {
    var id = ctl.guide.value;
    for (var i = 0; i < D.guides.length; i++) { if (D.guides[i].id === id) { return D.guides[i]; } }
    return null;
  }
  function sampler() {
    for (var i = 0; i < D.samplers.length; i++) { if (D.samplers[i].id === ctl.sampler.value) { return D.samplers[i]; } }
    return D.samplers[0];
  }
  function guided() { return ctl.state.value !== "-1" && guide() !== null; }
  function stepsList() { var s = sampler(); return (guided() ? s.guided : s.steps) || []; }
  function stepsText(st) { return st === 0 ? "all T = " + D.t : String(st); }
  function setting() {
    var g = guided(), gd = guide(), steps = stepsList()[+ctl.steps.value];
    var scale = g ? gd.scales[+ctl.scale.value] : 0;
    return { guide: g ? gd.id : "none", label: g ? +ctl.state.value : -1, scale: scale, sampler: sampler().id,
      steps: steps, n: D.n, seed: Math.max(1, Math.floor(+ctl.seed.value) || 1), frames: g ? 0 : D.frames };
  }
  function keyOf(s) { return [s.guide, s.label, s.scale, s.sampler, s.steps].join("|"); }
  function evals(s) {
    var smp = sampler(), n = s.steps === 0 ? D.t : s.steps;
    if (smp.midpoint) { n *= 2; }
    if (s.guide === "classifier-free" && s.scale !== 0) { n *= 2; } else if (s.guide === "classifier") { n *= 3; }
    return n;
  }

  // syncControls enables the choices that fit the others and labels them.
  function syncControls() {
    var g = guided();
    ctl.guide.disabled = !g && ctl.state.value === "-1";
    ctl.scale.disabled = !g;
    Array.prototype.forEach.call(ctl.sampler.options, function (o, i) {
      var s = D.samplers[i];
      o.disabled = g ? !(s.guided && s.guided.length) : !(s.steps && s.steps.length);
    });
    if (ctl.sampler.selectedOptions[0].disabled) {
      for (var i = 0; i < ctl.sampler.options.length; i++) {
        if (!ctl.sampler.options[i].disabled) { ctl.sampler.selectedIndex = i; break; }
      }
    }
    var gd = guide();
    ctl.scale.max = gd ? String(gd.scales.length - 1) : "0";
    $("ex-scale-value").textContent = g ? (gd.id === "classifier-free" ? "w = " : "s = ") + gd.scales[+ctl.scale.value] : "(unguided)";
    var sl = stepsList();
    ctl.steps.max = String(Math.max(0, sl.length - 1));
    if (+ctl.steps.value > sl.length - 1) { ctl.steps.value = String(sl.length - 1); }
    ctl.steps.disabled = sl.length < 2;
    $("ex-steps-value").textContent = sl.length ? stepsText(sl[+ctl.steps.value]) : "-";
  }

  var chart = echarts.init($("ex-chart"), null, { renderer: "canvas" });
  function fmt(v, d) { return (v === undefined || v < 0) ? "–" : v.toFixed(d); }

  // draw shows frame fi of set (null: the last one: the samples).
  function draw(set, s, source) {
    var frames = set.f || [];
    var fi = frames.length ? +ctl.time.value : -1;
    var pts, t = 0;
    if (fi >= 0 && fi < frames.length) {
      pts = set._f || (set._f = []);
      pts = pts[fi] || (pts[fi] = decode(frames[fi].p));
      t = frames[fi].t;
    } else {
      pts = set._p || (set._p = decode(set.p));
    }
    var g = s.guide !== "none", col = g ? D.colors[s.label] : "#2B2B2B";
    var series = [];
    byState.forEach(function (pp, i) {
      var on = !g || i === s.label;
      series.push({ name: D.states[i], type: "scatter", data: pp, symbolSize: 2.5, silent: true,
        itemStyle: { color: on ? D.colors[i] : "#c8c8c8", opacity: on ? 0.35 : 0.5 } });
    });
    if (other.length) {
      series.push({ name: "data", type: "scatter", data: other, symbolSize: 2.5, silent: true, itemStyle: { color: "#c8c8c8" } });
    }
    series.push({ name: "samples", type: "scatter", data: pts, symbolSize: 4.5,
      itemStyle: { color: col, opacity: 0.85, borderColor: "#fff", borderWidth: 0.4 } });
    var smp = sampler();
    var title = (g ? (s.guide === "classifier-free" ? "classifier-free, w = " : "classifier guidance, s = ") + s.scale + ", toward " + D.states[s.label] + ", "
      : "unguided, ") + smp.name + ", " + stepsText(s.steps) + " steps";
    chart.setOption({
      animation: false,
      title: { text: title, subtext: (frames.length ? "t = " + t + " of " + D.t : "final samples (t = 0)") + " · " + pts.length + " samples",
        left: "center", textStyle: { fontSize: 14, fontWeight: 600 }, subtextStyle: { fontSize: 12 } },
      grid: { left: 52, right: 18, top: 54, bottom: 34 },
      xAxis: { type: "value", min: box[0][0], max: box[0][1], axisLine: { onZero: false },
        axisLabel: { showMinLabel: false, showMaxLabel: false }, splitLine: { lineStyle: { color: "#eee" } } },
      yAxis: { type: "value", min: box[1][0], max: box[1][1], axisLine: { onZero: false },
        axisLabel: { showMinLabel: false, showMaxLabel: false }, splitLine: { lineStyle: { color: "#eee" } } },
      legend: { show: false },
      series: series
    }, true);
    if (frames.length) {
      $("ex-time-value").textContent = "t = " + t + (fi === frames.length - 1 ? " (samples)" : fi === 0 ? " (noise)" : "");
    }
    var rows = [["NLL (data: " + fmt(set.data_nll, 3) + ")", fmt(set.nll, 3)], ["precision", fmt(set.precision, 3)],
      ["recall", fmt(set.recall, 3)]];
    if (g) { rows.push(["label accuracy (" + D.states[s.label] + ")", fmt(set.acc, 3)]); }
    rows.push(["network evaluations / sample", String(set.evals)]);
    var html = "<caption>Metrics of this setting</caption>";
    rows.forEach(function (r) { html += "<tr><th>" + r[0] + "</th><td>" + r[1] + "</td></tr>"; });
    $("ex-metrics").innerHTML = html;
    var src = source === "live" ?
      '<span class="ex-live">live</span>: sampled in this browser by the project\'s Go code (WebAssembly) in ' + Math.round(set.ms) + " ms, seed " + s.seed :
      '<span class="ex-pre">precomputed</span>: sampled natively from the same trained models when the page was written (' +
        Math.round(set.ms) + " ms there), seed " + D.seed;
    if (source !== "live" && s.seed !== D.seed) {
      src += ". Seed " + s.seed + " needs live sampling, " + (liveReady ? "and this setting takes " + evals(s) +
        " evaluations per sample (live up to " + D.live_max_evals + ")" : "which is not available here");
    }
    $("ex-source").innerHTML = src + ".";
  }

  // render shows the current setting; its promise resolves once drawn.
  function render() {
    syncControls();
    var s = setting(), key = keyOf(s), token = ++current.token;
    var wantLive = liveReady && (ctl.live.checked || s.seed !== D.seed) && evals(s) <= D.live_max_evals;
    var show = function (set, source) {
      if (token !== current.token) { return; }
      var frames = set.f || [];
      if (current.key !== key + "#" + source + s.seed || +ctl.time.max !== Math.max(0, frames.length - 1)) {
        ctl.time.max = String(Math.max(0, frames.length - 1));
        ctl.time.value = ctl.time.max;
      }
      ctl.time.disabled = frames.length < 2;
      if (frames.length < 2) { $("ex-time-value").textContent = "final samples (recorded for unguided sets)"; }
      current.key = key + "#" + source + s.seed;
      current.set = set; current.source = source; current.setting = s;
      draw(set, s, source);
    };
    if (wantLive) {
      var ck = key + "#" + s.seed;
      if (liveCache[ck]) { show(liveCache[ck], "live"); return Promise.resolve(); }
      $("ex-source").innerHTML = '<span class="ex-live">sampling live…</span>';
      return window.ddpmExplorer.sample(JSON.stringify(s)).then(function (out) {
        var set = JSON.parse(out);
        liveCache[ck] = set;
        show(set, "live");
      }, function (err) { fail("live sampling failed: " + err); });
    }
    var pre = sets[key];
    if (pre) { show(pre, "pre"); } else {
      chart.clear();
      $("ex-metrics").innerHTML = "";
      $("ex-source").textContent = "This setting was not precomputed" + (liveReady ? " and takes " + evals(s) +
        " evaluations per sample, more than the live limit of " + D.live_max_evals : "") + ".";
    }
    return Promise.resolve();
  }

  // Every control redraws at once; the time from the change to the painted
  // frame is kept in timings (and shown by the test).
  function onChange(name) {
    return function () {
      var t0 = performance.now();
      var p = name === "time" && current.set ? (draw(current.set, current.setting, current.source), Promise.resolve()) : render();
      return p.then(function () {
        return new Promise(function (res) {
          requestAnimationFrame(function () {
            var ms = performance.now() - t0;
            timings.push({ control: name, ms: ms, source: current.source, key: current.key });
            res(ms);
          });
        });
      });
    };
  }
  var handlers = {};
  Object.keys(ctl).forEach(function (name) {
    handlers[name] = onChange(name);
    ctl[name].addEventListener(ctl[name].type === "range" || ctl[name].type === "number" ? "input" : "change", handlers[name]);
  });

  var samplerNote = D.samplers.map(function (s) {
    return s.name + ": " + s.steps.map(stepsText).join(", ") + " steps" + (s.guided && s.guided.length ? " (guided: " + s.guided.join(", ") + ")" : "");
  }).join("; ");
  function liveNote() {
    var n = "Precomputed sets (" + D.n + " samples each, seed " + D.seed + "): " + samplerNote + "; guidance toward each state at each scale. ";
    if (window.DDPM_WASM_GZ) {
      n += liveReady ? "Live: settings of at most " + D.live_max_evals + " network evaluations per sample (DDIM and the flow's few-step solvers, " +
        "guided DDIM up to " + Math.floor(D.live_max_evals / 3) + " steps) are sampled in this browser by the same Go code, compiled to WebAssembly, " +
        "when the box is ticked or the seed changed; slower ones (DDPM's " + D.t + " steps) show the precomputed set." :
        (liveError ? "The live sampler failed to start: " + liveError : "Starting the live sampler…");
    } else {
      n += "This page was written without the live sampler: it shows the precomputed sets only.";
    }
    $("ex-live-note").textContent = n;
  }
  $("ex-models").textContent = "Trained networks: " + D.models + ". Data: " + data.length + " points; metrics against them (KDE NLL, precision and recall at r = 0.05).";
  liveNote();

  // The live sampler: gunzip the WebAssembly program, run it, hand it the
  // weights and the data.
  var ready = Promise.resolve(false);
  if (window.DDPM_WASM_GZ && typeof WebAssembly === "object" && typeof DecompressionStream === "function") {
    ready = (function () {
      var bin = atob(window.DDPM_WASM_GZ), bytes = new Uint8Array(bin.length);
      for (var i = 0; i < bin.length; i++) { bytes[i] = bin.charCodeAt(i); }
      var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
      return new Response(stream).arrayBuffer().then(function (buf) {
        var go = new Go();
        return WebAssembly.instantiate(buf, go.importObject).then(function (r) {
          go.run(r.instance);
          var msg = window.ddpmExplorer.init(window.DDPM_WEIGHTS, D.data, D.labels);
          if (msg) { throw new Error(msg); }
          liveReady = true;
          ctl.live.disabled = false;
          liveNote();
          return true;
        });
      });
    })().catch(function (e) { liveError = String(e); liveNote(); fail("live sampler: " + e); return false; });
  } else if (window.DDPM_WASM_GZ) {
    liveError = "this browser lacks WebAssembly or DecompressionStream";
  }
  window.ddpmExplorerPage = {
    ready: ready,
    timings: timings,
    // set moves control name to value as a user would and resolves with
    // the milliseconds from the change to the painted frame.
    set: function (name, value) {
      var c = ctl[name];
      if (c.type === "checkbox") { c.checked = !!value; } else { c.value = String(value); }
      return handlers[name]();
    },
    current: function () { return current.set; },
    state: function () { return { key: current.key, source: current.source, live: liveReady, timeMax: +ctl.time.max }; }
  };
  render();
})();
