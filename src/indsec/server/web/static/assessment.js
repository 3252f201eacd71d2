// The self-examination's charts, drawn by ECharts from the numbers the page already shows:
// the score per framework and per domain, as horizontal bars on a 0-100 % scale. Domains or
// frameworks with no scored control (nothing assessed) are drawn as empty bars, never as 0 %.
(function () {
  "use strict";
  const box = document.getElementById("charts");
  if (!box || typeof echarts === "undefined") return;
  const data = JSON.parse(box.dataset.chart);

  function colour(value) {
    if (value === null) return "#c5ccd4";
    if (value >= 80) return "#2e7d32";
    return value >= 50 ? "#e08a1e" : "#c0392b";
  }

  function bars(id, rows) {
    const element = document.getElementById(id);
    if (!element) return;
    const drawn = echarts.init(element);
    drawn.setOption({
      animation: false,
      title: { text: element.getAttribute("aria-label"), left: "center", textStyle: { fontSize: 14 } },
      grid: { top: 40, bottom: 20, left: 10, right: 40, containLabel: true },
      tooltip: { valueFormatter: function (v) { return v === null ? "—" : v + " %"; } },
      xAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value} %" } },
      yAxis: { type: "category", inverse: true, data: rows.map(function (r) { return r[0]; }) },
      series: [{
        type: "bar",
        label: { show: true, position: "right", formatter: function (p) { return p.value === null ? "—" : p.value + " %"; } },
        data: rows.map(function (r) { return { value: r[1], itemStyle: { color: colour(r[1]) } }; }),
      }],
    });
    window.addEventListener("resize", function () { drawn.resize(); });
  }

  bars("framework-chart", data.frameworks);
  bars("domain-chart", data.domains);
})();
